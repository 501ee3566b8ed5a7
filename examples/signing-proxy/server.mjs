// @ts-check
/**
 * Reference signing proxy for the highlight engine's cloud path (README.md next to this file).
 *
 * The page POSTs `{ Action, Version, Query, Body? }` as JSON; the proxy checks it (action allow-list,
 * optional project allow-list, optional `authorize` hook, CORS origins), signs it with ACS3-HMAC-SHA256
 * and forwards it to IMM, then answers with IMM's status and body as they are. The AccessKey never
 * leaves this process.
 *
 * Node 20+ and nothing else: the signer is the engine's own src/cloud/sign-v3-core.js, written in
 * plain JavaScript so that Node loads it without a build step.
 */
import { createServer } from 'node:http'
import { randomUUID } from 'node:crypto'
import { pathToFileURL } from 'node:url'
import { signRequestV3 } from '../../src/cloud/sign-v3-core.js'
import { fetchInit, readProxyEnvelope, rpcRequest } from '../../src/cloud/rpc-core.js'

const DEFAULT_MAX_BODY_BYTES = 1 << 20

/**
 * @typedef {object} Credentials
 * @property {string} accessKeyId
 * @property {string} accessKeySecret
 * @property {string} [securityToken]
 */

/**
 * @typedef {object} ProxyOptions
 * @property {string} endpoint  IMM endpoint, e.g. `https://imm.cn-hangzhou.aliyuncs.com`.
 * @property {Credentials | (() => Promise<Credentials>)} credentials  A function lets you rotate STS tokens.
 * @property {string[]} [allowedOrigins]  Origins whose pages may call the proxy (CORS). Requests without
 *   an Origin header (servers, CLIs) are always allowed; add `authorize` to restrict those.
 * @property {string[]} [projects]  When set, only these ProjectName values are forwarded.
 * @property {(req: import('node:http').IncomingMessage) => boolean | Promise<boolean>} [authorize]
 *   Your own check (a session cookie, a bearer token…); false answers 401.
 * @property {number} [maxBodyBytes]
 * @property {typeof fetch} [fetch]
 */

/**
 * The request handler, for `http.createServer(handler)` or any framework that takes one.
 * @param {ProxyOptions} options
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => Promise<void>}
 */
export function createSigningProxy(options) {
  const endpoint = new URL(options.endpoint).origin
  const allowedOrigins = new Set(options.allowedOrigins ?? [])
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  const doFetch = options.fetch ?? fetch

  return async function handle(req, res) {
    const origin = req.headers.origin
    if (origin !== undefined) {
      if (!allowedOrigins.has(origin)) return fail(res, 403, 'Forbidden.Origin', `Origin ${origin} may not use this proxy`)
      res.setHeader('access-control-allow-origin', origin)
      res.setHeader('vary', 'Origin')
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-methods': 'POST',
        'access-control-allow-headers': 'content-type, authorization',
        'access-control-max-age': '600',
      })
      return void res.end()
    }
    if (req.method !== 'POST') return fail(res, 405, 'MethodNotAllowed', 'The proxy accepts POST only')
    if (options.authorize && !(await options.authorize(req))) return fail(res, 401, 'Unauthorized', 'The proxy refused this caller')

    const text = await readBody(req, maxBodyBytes)
    if (text === undefined) return fail(res, 413, 'LimitExceededError', `The request is larger than ${maxBodyBytes} bytes`)
    let envelope
    try {
      envelope = JSON.parse(text)
    } catch {
      return fail(res, 400, 'InvalidJSON', 'The proxy expects a JSON body')
    }
    const read = readProxyEnvelope(envelope)
    if ('error' in read) return fail(res, read.error.status, read.error.Code, read.error.Message)
    const { call } = read
    if (options.projects && !options.projects.includes(call.Query.ProjectName ?? '')) {
      return fail(res, 403, 'Forbidden.Project', `ProjectName ${JSON.stringify(call.Query.ProjectName)} is not served by this proxy`)
    }

    let upstream
    try {
      const credentials = typeof options.credentials === 'function' ? await options.credentials() : options.credentials
      const { url, request } = rpcRequest(endpoint, call)
      upstream = await doFetch(url, fetchInit(request, await signRequestV3(request, credentials)))
    } catch (err) {
      return fail(res, 502, 'CloudUnreachable', `The proxy could not reach IMM: ${err instanceof Error ? err.message : String(err)}`)
    }
    /** @type {Record<string, string>} */
    const headers = { 'content-type': upstream.headers.get('content-type') ?? 'application/json' }
    const retryAfter = upstream.headers.get('retry-after')
    if (retryAfter) headers['retry-after'] = retryAfter
    res.writeHead(upstream.status, headers)
    res.end(Buffer.from(await upstream.arrayBuffer()))
  }
}

/**
 * Starts the proxy on `host:port` (default 127.0.0.1, a random port).
 * @param {ProxyOptions & { port?: number, host?: string }} options
 * @returns {Promise<{ url: string, close(): Promise<void> }>}
 */
export async function startSigningProxy(options) {
  const handler = createSigningProxy(options)
  const server = createServer((req, res) => {
    handler(req, res).catch((err) => fail(res, 500, 'InternalError', err instanceof Error ? err.message : String(err)))
  })
  await new Promise((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve(undefined)))
  const address = /** @type {import('node:net').AddressInfo} */ (server.address())
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${address.port}/`,
    close: () => new Promise((resolve, reject) => {
      server.closeAllConnections()
      server.close((err) => (err ? reject(err) : resolve()))
    }),
  }
}

/**
 * Options from the environment: the standard Alibaba Cloud variables plus the proxy's own.
 * @param {Record<string, string | undefined>} env
 * @returns {ProxyOptions & { port: number, host: string }}
 */
export function optionsFromEnv(env) {
  const list = (/** @type {string | undefined} */ v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined)
  const accessKeyId = env.ALIBABA_CLOUD_ACCESS_KEY_ID
  const accessKeySecret = env.ALIBABA_CLOUD_ACCESS_KEY_SECRET
  if (!accessKeyId || !accessKeySecret) throw new Error('Set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET')
  const region = env.ALIBABA_CLOUD_REGION_ID
  const endpoint = env.IMM_ENDPOINT ?? (region ? `https://imm.${region}.aliyuncs.com` : undefined)
  if (!endpoint) throw new Error('Set ALIBABA_CLOUD_REGION_ID (or IMM_ENDPOINT)')
  const projects = list(env.IMM_PROJECTS)
  return {
    endpoint,
    credentials: { accessKeyId, accessKeySecret, ...(env.ALIBABA_CLOUD_SECURITY_TOKEN ? { securityToken: env.ALIBABA_CLOUD_SECURITY_TOKEN } : {}) },
    allowedOrigins: list(env.ALLOWED_ORIGINS) ?? [],
    ...(projects ? { projects } : {}),
    port: Number(env.PORT ?? 8787),
    host: env.HOST ?? '127.0.0.1',
  }
}

/**
 * Reads at most `limit` bytes; undefined when the body is larger.
 * @param {import('node:http').IncomingMessage} req
 * @param {number} limit
 */
async function readBody(req, limit) {
  /** @type {Buffer[]} */
  const chunks = []
  let size = 0
  for await (const chunk of req) {
    size += chunk.length
    if (size > limit) return undefined
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * An IMM-shaped error answer from the proxy itself.
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} Code
 * @param {string} Message
 */
function fail(res, status, Code, Message) {
  if (res.headersSent) return void res.end()
  res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' })
  res.end(JSON.stringify({ RequestId: `proxy-${randomUUID()}`, Code, Message }))
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const options = optionsFromEnv(process.env)
  const { url } = await startSigningProxy(options)
  console.log(`IMM signing proxy on ${url} -> ${options.endpoint}`)
}
