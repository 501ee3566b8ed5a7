/**
 * CreateHighlightTask on the wire (imm-spec.md §7.2): `ProjectName` in the query, every other field in
 * an `application/x-www-form-urlencoded` body, objects and arrays as JSON strings (the SDK "shrink").
 *
 * The request goes out as the caller wrote it (HighlightRequestInput, before normalisation): the
 * engine's own defaults never reach IMM. It is validated with parseRequest first, so a request the
 * local engine would refuse is not sent to the cloud either.
 */
import { parseRequest } from '../contract/validate.ts'
import type { HighlightRequestInput } from '../contract/schema.ts'

type FieldStyle =
  /** JSON of an SDK model: object keys in the SDK models' order (names sorted by code unit). */
  | 'model'
  /** JSON of a free map (`Tags`): keys as the caller wrote them. */
  | 'map'
  /** A plain string field. */
  | 'plain'

/** Body fields in the SDK's order (CreateHighlightTaskWithOptions builds the body in this order). */
export const BODY_FIELDS: readonly (readonly [name: string, style: FieldStyle])[] = [
  ['CredentialConfig', 'model'],
  ['Edit', 'model'],
  ['Highlight', 'model'],
  ['Mode', 'plain'],
  ['Notification', 'model'],
  ['Output', 'model'],
  ['Sources', 'model'],
  ['Tags', 'map'],
  ['Type', 'plain'],
  ['UserData', 'plain'],
]

export interface WireRequest {
  query: Record<string, string>
  /** Form fields in body order, values already shrunk to strings. */
  fields: [string, string][]
  /** The exact body bytes to send and sign. */
  body: string
}

/**
 * Validates a request and turns it into IMM's wire form. Accepts an object, JSON text, or a request
 * whose object fields are already shrunk into JSON strings (they are sent as they are).
 * Throws the same HighlightError as parseRequest for an invalid request.
 */
export function encodeCreateHighlightTask(input: HighlightRequestInput | string | Record<string, unknown>): WireRequest {
  const request = parseRequest(input)
  const raw = (typeof input === 'string' ? JSON.parse(input) : input) as Record<string, unknown>
  const fields: [string, string][] = []
  for (const [name, style] of BODY_FIELDS) {
    const value = raw[name]
    if (value === undefined || value === null) continue
    fields.push([name, shrink(value, style)])
  }
  return { query: { ProjectName: request.ProjectName }, fields, body: formEncode(fields) }
}

/** One field's wire value: strings as they are (already shrunk or plain), objects as JSON. */
export function shrink(value: unknown, style: FieldStyle): string {
  if (typeof value === 'string') return value
  if (style === 'plain') return String(value)
  return JSON.stringify(style === 'model' ? inModelOrder(value) : value)
}

/**
 * A copy whose objects list their keys as the SDK's models do (sorted by code unit: `BFrames` before
 * `Bitrate`, `CRF` before `Codec`), without undefined or null values.
 */
export function inModelOrder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(inModelOrder)
  if (typeof value !== 'object' || value === null) return value
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value).sort()) {
    const child = (value as Record<string, unknown>)[key]
    if (child !== undefined && child !== null) out[key] = inModelOrder(child)
  }
  return out
}

/**
 * `application/x-www-form-urlencoded` exactly as Node's `querystring.stringify` (which the SDK uses):
 * encodeURIComponent for names and values, `%20` for spaces, joined by `&`.
 */
export function formEncode(fields: readonly (readonly [string, string])[]): string {
  return fields.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&')
}
