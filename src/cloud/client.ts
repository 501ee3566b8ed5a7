/**
 * The IMM client: CreateHighlightTask, GetTask and ListTasks over RPC-style POST (imm-spec.md §6, §7).
 *
 * Three ways to authenticate, safest first (docs/cloud.md):
 *  1. `proxyURL`: the page sends the unsigned call to a signing proxy the embedder runs; no secret
 *     ever reaches the page. Protocol: POST `{ Action, Version, Query, Body? }` as JSON, where Body
 *     is the form-encoded body string; the proxy signs, forwards to its own endpoint and answers with
 *     IMM's status and body as they are (examples/signing-proxy/).
 *  2. `signer`: a callback that returns the headers to send (for instance by asking a backend).
 *  3. `credentials`: an AccessKey or STS token held by the page itself (readable by anyone who loads it).
 *
 * Throttling, 5xx and (for the read-only calls) network failures are retried with exponential backoff,
 * each attempt freshly signed (new date and nonce). Other 4xx answers are not retried.
 */
import { HighlightError } from '../contract/errors.ts'
import { TASK_TYPE, type CreateHighlightTaskResponse, type ListTasksRequest } from '../contract/task.ts'
import type { HighlightRequestInput } from '../contract/schema.ts'
import { CLOUD_CODES, errorFromResponse, isRetryable } from './errors.ts'
import { encodeCreateHighlightTask, inModelOrder } from './form.ts'
import { fetchInit, proxyEnvelope, rpcRequest, type ApiCall } from './rpc-core.js'
import { signRequestV3, type AccessKeyCredentials, type UnsignedRequest } from './sign-v3.ts'

export { IMM_VERSION, queryString, type ApiCall } from './rpc-core.js'

/** Returns every header to send for `req`, Authorization included (signRequestV3 has this shape). */
export type RequestSigner = (req: UnsignedRequest) => Promise<Record<string, string>>

export interface RetryPolicy {
  /** Total tries, the first included (1 = no retry). */
  attempts: number
  /** Delay before the first retry; doubles each time (with jitter), capped at 20 s. */
  baseDelayMs: number
}

export interface CloudSettings {
  /** Any IMM-compatible endpoint, e.g. `https://imm.cn-hangzhou.aliyuncs.com` or a local fake. */
  endpoint?: string
  /** Region ID; gives the default endpoint `https://imm.<region>.aliyuncs.com`. */
  region?: string
  /** A signing proxy (safest): no credentials in the page. */
  proxyURL?: string
  /** A signer callback supplied by the embedder. */
  signer?: RequestSigner
  /** An AccessKey or STS token given directly (discouraged in pages). */
  credentials?: AccessKeyCredentials
  fetch?: typeof fetch
  retry?: RetryPolicy
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 500 }
const MAX_DELAY_MS = 20_000

/** GetTask's answer (imm-spec.md §6.2). */
export interface CloudTaskInfo {
  RequestId: string
  ProjectName?: string
  EventId?: string
  TaskId: string
  TaskType?: string
  Status: 'Running' | 'Succeeded' | 'Failed'
  Code?: string
  Message?: string
  StartTime?: string
  EndTime?: string
  Progress?: number
  Tags?: Record<string, unknown>
  UserData?: string
  TaskRequestDefinition?: string
}

export interface CloudListTasksResponse {
  RequestId: string
  ProjectName?: string
  Tasks: Omit<CloudTaskInfo, 'RequestId' | 'ProjectName'>[]
  NextToken?: string
  MaxResults?: string
}

export interface CallOptions {
  signal?: AbortSignal
}

export interface ImmClient {
  /** How calls are authenticated. */
  readonly auth: 'proxy' | 'signer' | 'credentials'
  /** Where calls go: the proxy URL or the IMM endpoint. */
  readonly target: string
  createHighlightTask(request: HighlightRequestInput | string, opts?: CallOptions): Promise<CreateHighlightTaskResponse>
  getTask(req: { ProjectName: string; TaskId: string }, opts?: CallOptions): Promise<CloudTaskInfo>
  listTasks(req: ListTasksRequest & { ProjectName: string }, opts?: CallOptions): Promise<CloudListTasksResponse>
}

/** Actions safe to repeat after a network failure (they change nothing). */
const READ_ONLY = new Set(['GetTask', 'ListTasks'])

export function createImmClient(settings: CloudSettings): ImmClient {
  const doFetch = settings.fetch ?? globalThis.fetch.bind(globalThis)
  const retry = settings.retry ?? DEFAULT_RETRY
  const transport = pickTransport(settings, doFetch)

  async function call<T>(apiCall: ApiCall, opts: CallOptions = {}): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let retryAfterMs: number | undefined
      try {
        const res = await transport.send(apiCall, opts.signal)
        const text = await res.text()
        if (res.ok) return parseBody<T>(apiCall.Action, text)
        retryAfterMs = retryAfter(res.headers.get('retry-after'))
        throw errorFromResponse(apiCall.Action, res.status, res.headers.get('content-type') ?? '', text)
      } catch (thrown) {
        const err = asCloudError(thrown, apiCall.Action, transport.target, opts.signal)
        const retryable = err.Code === CLOUD_CODES.unreachable ? READ_ONLY.has(apiCall.Action) : isRetryable(err)
        if (!retryable || attempt >= retry.attempts) throw err
        await sleep(retryAfterMs ?? backoff(retry.baseDelayMs, attempt), opts.signal, apiCall.Action)
      }
    }
  }

  return {
    auth: transport.auth,
    target: transport.target,
    async createHighlightTask(request, opts) {
      const wire = encodeCreateHighlightTask(request)
      return call<CreateHighlightTaskResponse>({ Action: 'CreateHighlightTask', Query: wire.query, Body: wire.body }, opts)
    },
    async getTask(req, opts) {
      const Query = { ProjectName: req.ProjectName, TaskId: req.TaskId, TaskType: TASK_TYPE }
      return call<CloudTaskInfo>({ Action: 'GetTask', Query }, opts)
    },
    async listTasks(req, opts) {
      return call<CloudListTasksResponse>({ Action: 'ListTasks', Query: listTasksQuery(req) }, opts)
    },
  }
}

/** ListTasks puts everything in the query; arrays and objects as JSON (imm-spec.md §6.3). */
export function listTasksQuery(req: ListTasksRequest & { ProjectName: string }): Record<string, string> {
  const query: Record<string, string> = {}
  const entries: [string, unknown][] = [
    ['EndTimeRange', req.EndTimeRange], ['MaxResults', req.MaxResults], ['NextToken', req.NextToken],
    ['Order', req.Order], ['ProjectName', req.ProjectName], ['RequestDefinition', req.RequestDefinition],
    ['Sort', req.Sort], ['StartTimeRange', req.StartTimeRange], ['Status', req.Status],
    ['TagSelector', req.TagSelector], ['TaskTypes', req.TaskTypes ?? [TASK_TYPE]],
  ]
  for (const [name, value] of entries) {
    if (value === undefined || value === null) continue
    query[name] = typeof value === 'object' ? JSON.stringify(inModelOrder(value)) : String(value)
  }
  return query
}

// ---- transports ----

interface Transport {
  auth: ImmClient['auth']
  target: string
  send(call: ApiCall, signal?: AbortSignal): Promise<Response>
}

function pickTransport(settings: CloudSettings, doFetch: typeof fetch): Transport {
  if (settings.proxyURL) return proxyTransport(checkURL(settings.proxyURL, 'proxyURL'), doFetch)
  const signer: RequestSigner | undefined = settings.signer ??
    (settings.credentials ? (req) => signRequestV3(req, settings.credentials!) : undefined)
  if (!signer) {
    throw new HighlightError('MissingCredentials', 'Cloud settings need a proxyURL, a signer or credentials')
  }
  return directTransport(resolveEndpoint(settings), signer, settings.signer ? 'signer' : 'credentials', doFetch)
}

function proxyTransport(proxyURL: string, doFetch: typeof fetch): Transport {
  return {
    auth: 'proxy',
    target: proxyURL,
    send: (call, signal) => doFetch(proxyURL, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(proxyEnvelope(call)),
      ...(signal ? { signal } : {}),
    }),
  }
}

function directTransport(endpoint: string, signer: RequestSigner, auth: 'signer' | 'credentials', doFetch: typeof fetch): Transport {
  return {
    auth,
    target: endpoint,
    async send(call, signal) {
      const { url, request } = rpcRequest(endpoint, call)
      return doFetch(url, fetchInit(request, await signer(request), signal))
    },
  }
}

/** `endpoint`, else `https://imm.<region>.aliyuncs.com` (imm-spec.md §7.1). */
export function resolveEndpoint(settings: Pick<CloudSettings, 'endpoint' | 'region'>): string {
  if (settings.endpoint) return checkURL(settings.endpoint, 'endpoint', { loopbackHttpOnly: true })
  const region = settings.region
  if (!region) throw new HighlightError('MissingRegion', 'Cloud settings need an endpoint or a region')
  if (!/^[a-z0-9-]+$/.test(region)) throw new HighlightError('InvalidRegion', `region ${JSON.stringify(region)} is not a region ID such as cn-hangzhou`)
  return region === 'cn-beijing-gov-1' ? 'https://imm-vpc.cn-beijing-gov-1.aliyuncs.com' : `https://imm.${region}.aliyuncs.com`
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

/** An http(s) URL without credentials; plain http only to loopback when asked (an STS token travels in a header). */
function checkURL(value: string, field: string, opts: { loopbackHttpOnly?: boolean } = {}): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new HighlightError(`Invalid${capitalise(field)}`, `${field} ${JSON.stringify(value)} is not a URL`)
  }
  const ok = url.protocol === 'https:' || (url.protocol === 'http:' && (!opts.loopbackHttpOnly || LOOPBACK.has(url.hostname)))
  if (!ok || url.username || url.password) {
    throw new HighlightError(`Invalid${capitalise(field)}`,
      `${field} must be an https URL${opts.loopbackHttpOnly ? ' (http only to 127.0.0.1 or localhost)' : ''}, got ${url.protocol}//${url.host}`)
  }
  return opts.loopbackHttpOnly ? url.origin : url.href
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}

// ---- answers, failures, waiting ----

function parseBody<T>(action: string, text: string): T {
  try {
    const body = JSON.parse(text) as unknown
    if (typeof body === 'object' && body !== null) return body as T
  } catch {
    // fall through
  }
  throw new HighlightError(CLOUD_CODES.invalidResponse, `${action} answered with something that is not IMM's JSON: ${text.slice(0, 200)}`)
}

function asCloudError(thrown: unknown, action: string, target: string, signal?: AbortSignal): HighlightError {
  if (signal?.aborted) return aborted(action)
  if (thrown instanceof HighlightError) return thrown
  const message = thrown instanceof Error ? thrown.message : String(thrown)
  return new HighlightError(CLOUD_CODES.unreachable, `${action}: could not reach ${target}: ${message}`, { cause: thrown })
}

function aborted(action: string): HighlightError {
  return new HighlightError(CLOUD_CODES.aborted, `${action} was aborted`)
}

/** Exponential backoff with jitter: base * 2^(n-1), times 0.5..1. */
function backoff(baseDelayMs: number, attempt: number): number {
  return Math.min(MAX_DELAY_MS, baseDelayMs * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2)
}

/** `Retry-After` in seconds, capped; undefined when absent or not a number. */
function retryAfter(header: string | null): number | undefined {
  if (!header) return undefined
  const seconds = Number(header)
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(MAX_DELAY_MS, seconds * 1000) : undefined
}

function sleep(ms: number, signal: AbortSignal | undefined, action: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(aborted(action))
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(timer)
      reject(aborted(action))
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
