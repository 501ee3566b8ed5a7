/**
 * IMM and POP gateway error answers (imm-spec.md §6.4) as HighlightError, and which of them are
 * worth retrying. The Code, Message and RequestId are IMM's own; the HTTP status, HostId and
 * Recommend link travel in `cause`.
 */
import { HighlightError } from '../contract/errors.ts'

/** What an error answer carries besides Code, Message and RequestId. */
export interface CloudErrorDetails {
  Action: string
  HttpStatus: number
  HostId?: string
  Recommend?: string
}

/** Codes for failures that have no IMM answer to copy (documented in docs/cloud.md). */
export const CLOUD_CODES = {
  /** The endpoint or proxy could not be reached (DNS, TLS, refused, CORS). */
  unreachable: 'CloudUnreachable',
  /** An answer that is not IMM's JSON. */
  invalidResponse: 'InvalidResponse',
  /** The caller aborted the request. */
  aborted: 'RequestAborted',
} as const

/** Fallback Codes for error answers without a readable body, by HTTP status. */
const STATUS_CODES: Record<number, string> = {
  400: 'InvalidArgument',
  403: 'Forbidden',
  404: 'InvalidApi.NotFound',
  429: 'Throttling',
  500: 'InternalError',
  502: 'ServiceUnavailable',
  503: 'ServiceUnavailable',
  504: 'ServiceUnavailable',
}

/** Turns a non-2xx answer into a HighlightError with IMM's Code, Message and RequestId. */
export function errorFromResponse(action: string, status: number, contentType: string, text: string): HighlightError {
  const fields = /xml/i.test(contentType) ? fromXml(text) : fromJson(text)
  const code = fields.Code || STATUS_CODES[status] || (status >= 500 ? 'InternalError' : 'InvalidArgument')
  const message = fields.Message || `${action} failed with HTTP ${status}${text ? `: ${text.slice(0, 200)}` : ''}`
  const cause: CloudErrorDetails = {
    Action: action, HttpStatus: status,
    ...(fields.HostId ? { HostId: fields.HostId } : {}),
    ...(fields.Recommend ? { Recommend: fields.Recommend } : {}),
  }
  return new HighlightError(code, message, { cause, ...(fields.RequestId ? { RequestId: fields.RequestId } : {}) })
}

/** Throttling and server-side failures are retried; every other 4xx is the caller's to fix. */
export function isRetryable(err: HighlightError): boolean {
  const cause = err.cause as Partial<CloudErrorDetails> | undefined
  const status = cause?.HttpStatus ?? 0
  return status === 429 || status >= 500 || err.Code.startsWith('Throttling') || err.Code === 'ServiceUnavailable'
}

interface ErrorFields { Code?: string; Message?: string; RequestId?: string; HostId?: string; Recommend?: string }

/** The SDK reads `Code`/`code`, `Message`/`message`, `RequestId`/`requestId`. */
function fromJson(text: string): ErrorFields {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return {}
  }
  if (typeof body !== 'object' || body === null) return {}
  const b = body as Record<string, unknown>
  const str = (...names: string[]) => {
    for (const n of names) if (typeof b[n] === 'string' && b[n]) return b[n] as string
    return undefined
  }
  return dropUndefined({
    Code: str('Code', 'code'), Message: str('Message', 'message'), RequestId: str('RequestId', 'requestId'),
    HostId: str('HostId', 'hostId'), Recommend: str('Recommend', 'recommend'),
  })
}

/** `<Error><Code>…</Code><Message>…</Message><RequestId>…</RequestId></Error>` */
function fromXml(text: string): ErrorFields {
  const tag = (name: string) => new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(text)?.[1]?.trim()
  return dropUndefined({ Code: tag('Code'), Message: tag('Message'), RequestId: tag('RequestId'), HostId: tag('HostId'), Recommend: tag('Recommend') })
}

function dropUndefined(fields: ErrorFields): ErrorFields {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as ErrorFields
}
