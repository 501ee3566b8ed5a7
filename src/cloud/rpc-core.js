// @ts-check
/**
 * One IMM RPC call as an HTTP request (imm-spec.md §7): POST to `/`, parameters in the query, an
 * optional form body, `x-acs-action` / `x-acs-version` headers. Shared by the client (client.ts) and
 * the reference signing proxy (examples/signing-proxy/), which is why it is plain JavaScript like
 * sign-v3-core.js.
 */
import { percentEncode } from './sign-v3-core.js'

export const IMM_VERSION = '2020-09-30'

/**
 * @typedef {object} ApiCall
 * @property {string} Action   e.g. `CreateHighlightTask`
 * @property {Record<string, string>} Query
 * @property {string} [Body]  form-encoded body, when the action has one
 */

/**
 * The unsigned request for `call` at `endpoint` (an origin such as `https://imm.cn-hangzhou.aliyuncs.com`)
 * and the URL to send it to.
 * @param {string} endpoint
 * @param {ApiCall} call
 * @returns {{ url: string, request: import('./sign-v3-core.js').UnsignedRequest }}
 */
export function rpcRequest(endpoint, call) {
  const origin = new URL(endpoint)
  /** @type {Record<string, string>} */
  const headers = { 'x-acs-action': call.Action, 'x-acs-version': IMM_VERSION, accept: 'application/json' }
  if (call.Body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded'
  return {
    url: `${origin.origin}/?${queryString(call.Query)}`,
    request: { method: 'POST', host: origin.host, path: '/', query: call.Query, headers, body: call.Body ?? '' },
  }
}

/**
 * The query as sent: sorted and RFC 3986-encoded like the signature, so the server decodes exactly
 * what was signed.
 * @param {Record<string, string>} query
 */
export function queryString(query) {
  return Object.keys(query).sort().map((name) => `${percentEncode(name)}=${percentEncode(query[name] ?? '')}`).join('&')
}

/**
 * fetch() options for a signed request. `host` is left out: browsers refuse to set it and Node
 * sends the URL's, which is the value that was signed.
 * @param {import('./sign-v3-core.js').UnsignedRequest} request
 * @param {Record<string, string>} signedHeaders
 * @param {AbortSignal} [signal]
 * @returns {RequestInit}
 */
export function fetchInit(request, signedHeaders, signal) {
  /** @type {Record<string, string>} */
  const headers = {}
  for (const [name, value] of Object.entries(signedHeaders)) if (name.toLowerCase() !== 'host') headers[name] = value
  /** @type {RequestInit} */
  const init = { method: request.method, headers }
  if (request.body !== '') init.body = /** @type {BodyInit} */ (request.body)
  if (signal) init.signal = signal
  return init
}

// ---- the signing-proxy protocol (docs/cloud.md "Signing proxy") ----

/** The actions a signing proxy forwards; anything else would let a page spend the proxy's key freely. */
export const PROXY_ACTIONS = ['CreateHighlightTask', 'GetTask', 'ListTasks']

/**
 * What the page POSTs to the proxy, as JSON: `{ Action, Version, Query, Body? }`.
 * @param {ApiCall} call
 */
export function proxyEnvelope(call) {
  return { Action: call.Action, Version: IMM_VERSION, Query: call.Query, ...(call.Body !== undefined ? { Body: call.Body } : {}) }
}

/**
 * Checks an envelope on the proxy side. Returns the call, or the IMM-style error to answer with.
 * @param {unknown} value
 * @returns {{ call: ApiCall } | { error: { status: number, Code: string, Message: string } }}
 */
export function readProxyEnvelope(value) {
  const bad = (/** @type {number} */ status, /** @type {string} */ Code, /** @type {string} */ Message) => ({ error: { status, Code, Message } })
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return bad(400, 'InvalidArgument', 'The proxy expects a JSON object { Action, Version, Query, Body? }')
  const { Action, Version, Query, Body } = /** @type {Record<string, unknown>} */ (value)
  if (typeof Action !== 'string' || !PROXY_ACTIONS.includes(Action)) {
    return bad(403, 'Forbidden.Action', `The proxy forwards only ${PROXY_ACTIONS.join(', ')}, not ${JSON.stringify(Action)}`)
  }
  if (Version !== IMM_VERSION) return bad(400, 'InvalidArgument', `Version must be ${IMM_VERSION}`)
  if (typeof Query !== 'object' || Query === null || Array.isArray(Query) ||
    !Object.values(Query).every((v) => typeof v === 'string')) {
    return bad(400, 'InvalidArgument', 'Query must be an object of strings')
  }
  if (Body !== undefined && (typeof Body !== 'string' || Action !== 'CreateHighlightTask')) {
    return bad(400, 'InvalidArgument', 'Body must be a form-encoded string, and only CreateHighlightTask has one')
  }
  const call = /** @type {ApiCall} */ ({ Action, Query, ...(Body !== undefined ? { Body } : {}) })
  return { call }
}
