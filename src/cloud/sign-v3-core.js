// @ts-check
/**
 * ACS3-HMAC-SHA256 (Alibaba Cloud signature V3, imm-spec.md §7.3) with WebCrypto only.
 *
 * Plain JavaScript with JSDoc types on purpose: this one file runs unchanged in browsers, workers,
 * Node 20 (no TypeScript loader) and the reference signing proxy in examples/signing-proxy/, so the
 * signer exists once. TypeScript code imports it through sign-v3.ts; `tsc` checks it (@ts-check).
 *
 * Every canonicalisation rule follows `@alicloud/openapi-core` 1.0.8 `getAuthorization` byte for byte
 * (test/unit/cloud-sign-v3.test.ts checks 1,000 generated requests against it).
 */

export const ALGORITHM = 'ACS3-HMAC-SHA256'

/** lowercase hex SHA-256 of nothing: the payload hash of a request without a body. */
export const EMPTY_PAYLOAD_HASH = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'

/**
 * Query parameter names are sent unencoded by the SDK and encoded by the V3 document; the two agree
 * only for these characters, so the signer refuses any other name rather than guess which rule the
 * gateway applies. Every IMM parameter name fits.
 */
const QUERY_NAME = /^[A-Za-z0-9._~-]+$/

/** Headers the signer sets itself; a caller's copy (in any case) is dropped so that none travels twice. */
const SIGNER_HEADERS = ['host', 'authorization', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256',
  'x-acs-accesskey-id', 'x-acs-security-token']

/** Headers that are signed besides every `x-acs-*` one. */
const SIGNED_PLAIN_HEADERS = new Set(['host', 'content-type'])

/**
 * @typedef {object} UnsignedRequest
 * @property {string} method      HTTP method, e.g. `POST`.
 * @property {string} host        Host as sent in the Host header (with `:port` when not the default).
 * @property {string} path        Already-encoded path, `/` for IMM.
 * @property {Record<string, string>} query   Decoded query parameters.
 * @property {Record<string, string>} headers Headers to send (any case); `x-acs-*`, `host` and `content-type` are signed.
 * @property {string | Uint8Array} body       Exact body bytes (a string is UTF-8 encoded); `''` for none.
 */

/**
 * @typedef {object} AccessKeyCredentials
 * @property {string} accessKeyId
 * @property {string} accessKeySecret
 * @property {string} [securityToken] STS token; adds `x-acs-accesskey-id` and `x-acs-security-token`.
 */

/**
 * @typedef {object} SignOptions
 * @property {Date} [date]   Signing time (default: now).
 * @property {string} [nonce] `x-acs-signature-nonce` (default: 32 random hex characters).
 */

const utf8 = new TextEncoder()

/** @param {ArrayBuffer} buffer */
function toHex(buffer) {
  let out = ''
  for (const byte of new Uint8Array(buffer)) out += byte.toString(16).padStart(2, '0')
  return out
}

/** @returns {SubtleCrypto} */
function subtle() {
  const s = globalThis.crypto?.subtle
  if (!s) throw new Error('WebCrypto (crypto.subtle) is not available: a secure context (https or localhost) is required')
  return s
}

/**
 * lowercase hex SHA-256.
 * @param {string | Uint8Array} data a string is hashed as UTF-8
 * @returns {Promise<string>}
 */
export async function sha256Hex(data) {
  const bytes = typeof data === 'string' ? utf8.encode(data) : data
  return toHex(await subtle().digest('SHA-256', /** @type {BufferSource} */ (bytes)))
}

/**
 * lowercase hex HMAC-SHA256 of a UTF-8 message with a UTF-8 key.
 * @param {string} key
 * @param {string} message
 * @returns {Promise<string>}
 */
export async function hmacSha256Hex(key, message) {
  const cryptoKey = await subtle().importKey('raw', utf8.encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  return toHex(await subtle().sign('HMAC', cryptoKey, utf8.encode(message)))
}

/**
 * RFC 3986 encoding: encodeURIComponent, then `!'()*` too. Spaces become `%20`.
 * @param {string} value
 */
export function percentEncode(value) {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/**
 * `x-acs-date` format: `YYYY-MM-DDTHH:mm:ssZ`, UTC, no fractional seconds.
 * @param {Date} date
 */
export function formatAcsDate(date) {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** 32 random hex characters from the platform's CSPRNG. */
export function randomNonce() {
  const bytes = new Uint8Array(16)
  globalThis.crypto.getRandomValues(bytes)
  return toHex(bytes.buffer)
}

/**
 * The path as signed: `+` -> `%20`, `*` -> `%2A`, `%7E` -> `~` (the SDK's rule; `/` stays `/`).
 * @param {string} path
 */
export function canonicalURI(path) {
  return path.replace(/\+/g, '%20').replace(/\*/g, '%2A').replace(/%7E/g, '~')
}

/**
 * Sorted `name=value` pairs joined by `&`, values RFC 3986-encoded; an empty value gives `name=`.
 * @param {Record<string, string>} query
 */
export function canonicalQueryString(query) {
  const names = Object.keys(query).sort()
  for (const name of names) {
    if (!QUERY_NAME.test(name)) {
      throw new TypeError(`Query parameter name ${JSON.stringify(name)} must use only letters, digits and . _ ~ -`)
    }
  }
  return names.map((name) => `${name}=${percentEncode(query[name] ?? '')}`).join('&')
}

/**
 * The signed headers: `host`, `content-type` and every `x-acs-*`, names lowercased, values trimmed,
 * sorted by name; values of names that differ only in case are sorted and joined with `,`.
 * @param {Record<string, string>} headers
 * @returns {{ canonicalHeaders: string, signedHeaders: string }}
 */
export function canonicalHeaders(headers) {
  /** @type {Map<string, string[]>} */
  const byName = new Map()
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase()
    if (!lower.startsWith('x-acs-') && !SIGNED_PLAIN_HEADERS.has(lower)) continue
    const values = byName.get(lower) ?? []
    values.push((value ?? '').trim())
    byName.set(lower, values)
  }
  const names = [...byName.keys()].sort()
  const lines = names.map((name) => `${name}:${(byName.get(name) ?? []).sort().join(',')}\n`)
  return { canonicalHeaders: lines.join(''), signedHeaders: names.join(';') }
}

/**
 * @param {{ method: string, path: string, query: Record<string, string>, headers: Record<string, string> }} req
 * @param {string} hashedPayload lowercase hex SHA-256 of the body
 * @returns {{ canonicalRequest: string, signedHeaders: string }}
 */
export function canonicalRequest(req, hashedPayload) {
  const { canonicalHeaders: headerLines, signedHeaders } = canonicalHeaders(req.headers)
  const text = [req.method, canonicalURI(req.path), canonicalQueryString(req.query), headerLines, signedHeaders, hashedPayload].join('\n')
  return { canonicalRequest: text, signedHeaders }
}

/**
 * `ACS3-HMAC-SHA256\n` + hex(SHA-256(canonical request)).
 * @param {string} canonical
 */
export async function stringToSign(canonical) {
  return `${ALGORITHM}\n${await sha256Hex(canonical)}`
}

/**
 * The Authorization header value for a request whose headers are final.
 * @param {{ method: string, path: string, query: Record<string, string>, headers: Record<string, string> }} req
 * @param {string} hashedPayload
 * @param {string} accessKeyId
 * @param {string} accessKeySecret
 */
export async function authorization(req, hashedPayload, accessKeyId, accessKeySecret) {
  const { canonicalRequest: canonical, signedHeaders } = canonicalRequest(req, hashedPayload)
  const signature = await hmacSha256Hex(accessKeySecret, await stringToSign(canonical))
  return `${ALGORITHM} Credential=${accessKeyId},SignedHeaders=${signedHeaders},Signature=${signature}`
}

/**
 * Signs a request and returns every header to send: the caller's headers plus `host`, `x-acs-date`,
 * `x-acs-signature-nonce`, `x-acs-content-sha256`, the STS headers when a token is given, and
 * `Authorization`. The body must be sent exactly as given.
 * @param {UnsignedRequest} req
 * @param {AccessKeyCredentials} cred
 * @param {SignOptions} [opts]
 * @returns {Promise<Record<string, string>>}
 */
export async function signRequestV3(req, cred, opts = {}) {
  if (!cred.accessKeyId || !cred.accessKeySecret) throw new TypeError('accessKeyId and accessKeySecret are required to sign')
  const hashedPayload = await sha256Hex(req.body)
  /** @type {Record<string, string>} */
  const headers = { ...withoutNames(req.headers, SIGNER_HEADERS), host: req.host }
  headers['x-acs-date'] = formatAcsDate(opts.date ?? new Date())
  headers['x-acs-signature-nonce'] = opts.nonce ?? randomNonce()
  headers['x-acs-content-sha256'] = hashedPayload
  if (cred.securityToken) {
    headers['x-acs-accesskey-id'] = cred.accessKeyId
    headers['x-acs-security-token'] = cred.securityToken
  }
  const signed = { method: req.method, path: req.path, query: req.query, headers }
  headers.Authorization = await authorization(signed, hashedPayload, cred.accessKeyId, cred.accessKeySecret)
  return headers
}

/**
 * A copy without the given header names (any case).
 * @param {Record<string, string>} headers
 * @param {string[]} names lowercase
 */
function withoutNames(headers, names) {
  /** @type {Record<string, string>} */
  const out = {}
  for (const [name, value] of Object.entries(headers)) if (!names.includes(name.toLowerCase())) out[name] = value
  return out
}
