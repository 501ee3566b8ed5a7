// @ts-check
/**
 * The proxy against a stand-in IMM on loopback that re-checks each signature with the official SDK
 * (`@alicloud/openapi-core`, a devDependency of the repository). Run: `node --test examples/signing-proxy/`
 */
import { test, before, after, beforeEach } from 'node:test'
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import { startSigningProxy } from './server.mjs'

const require = createRequire(import.meta.url)
/** @type {{ getAuthorization(...args: unknown[]): string }} */
const sdk = require('@alicloud/openapi-core/dist/utils.js').default

const credentials = { accessKeyId: 'LTAIproxy', accessKeySecret: 'proxy-secret' }

/** @type {{ method: string, url: string, headers: Record<string, any>, body: string, signatureOk: boolean }[]} */
let seen = []
/** @type {{ status: number, body: unknown } | undefined} */
let nextAnswer

const upstream = createServer(async (req, res) => {
  const chunks = []
  for await (const chunk of req) chunks.push(chunk)
  const body = Buffer.concat(chunks).toString('utf8')
  const url = new URL(req.url ?? '/', 'http://x')
  const payload = createHash('sha256').update(body).digest('hex')
  const expected = sdk.getAuthorization({ method: req.method, pathname: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers },
    'ACS3-HMAC-SHA256', payload, credentials.accessKeyId, credentials.accessKeySecret)
  const signatureOk = expected === req.headers.authorization && req.headers['x-acs-content-sha256'] === payload
  seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, signatureOk })
  const answer = nextAnswer ?? { status: 200, body: { RequestId: 'R-up', TaskId: 'Highlight-1', Status: 'Running' } }
  nextAnswer = undefined
  res.writeHead(answer.status, { 'content-type': 'application/json;charset=utf-8', 'retry-after': '0' })
  res.end(JSON.stringify(answer.body))
})

/** @type {{ url: string, close(): Promise<void> }} */
let proxy
before(async () => {
  await new Promise((resolve) => upstream.listen(0, '127.0.0.1', () => resolve(undefined)))
  const port = /** @type {import('node:net').AddressInfo} */ (upstream.address()).port
  proxy = await startSigningProxy({
    endpoint: `http://127.0.0.1:${port}`, credentials, allowedOrigins: ['https://app.example'], projects: ['immtest'],
  })
})
after(async () => {
  await proxy.close()
  upstream.closeAllConnections()
  await new Promise((resolve) => upstream.close(() => resolve(undefined)))
})
beforeEach(() => {
  seen = []
})

/**
 * @param {unknown} envelope
 * @param {Record<string, string>} [headers]
 */
const post = (envelope, headers = {}) => fetch(proxy.url, {
  method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(envelope),
})

test('signs and forwards GetTask; the SDK accepts the signature', async () => {
  const res = await post({ Action: 'GetTask', Version: '2020-09-30', Query: { ProjectName: 'immtest', TaskId: 'Highlight-1', TaskType: 'Highlight' } })
  assert.equal(res.status, 200)
  assert.deepEqual(await res.json(), { RequestId: 'R-up', TaskId: 'Highlight-1', Status: 'Running' })
  assert.equal(seen.length, 1)
  assert.ok(seen[0]?.signatureOk)
  assert.equal(seen[0]?.headers['x-acs-action'], 'GetTask')
  assert.equal(seen[0]?.url, '/?ProjectName=immtest&TaskId=Highlight-1&TaskType=Highlight')
})

test('forwards the CreateHighlightTask form body byte for byte', async () => {
  const Body = 'Highlight=%7B%22Content%22%3A%22%E4%BA%BA%E7%89%A9%22%7D&Type=Retrieval'
  const res = await post({ Action: 'CreateHighlightTask', Version: '2020-09-30', Query: { ProjectName: 'immtest' }, Body })
  assert.equal(res.status, 200)
  assert.equal(seen[0]?.body, Body)
  assert.equal(seen[0]?.headers['content-type'], 'application/x-www-form-urlencoded')
  assert.ok(seen[0]?.signatureOk)
})

test('passes IMM errors through as they are', async () => {
  nextAnswer = { status: 404, body: { RequestId: 'R-404', Code: 'ResourceNotFound', Message: 'The specified resource TaskId is not found.' } }
  const res = await post({ Action: 'GetTask', Version: '2020-09-30', Query: { ProjectName: 'immtest', TaskId: 'x', TaskType: 'Highlight' } })
  assert.equal(res.status, 404)
  assert.equal(res.headers.get('retry-after'), '0')
  assert.deepEqual(await res.json(), { RequestId: 'R-404', Code: 'ResourceNotFound', Message: 'The specified resource TaskId is not found.' })
})

for (const [name, envelope, status, code] of /** @type {const} */ ([
  ['an action outside the allow-list', { Action: 'DeleteProject', Version: '2020-09-30', Query: { ProjectName: 'immtest' } }, 403, 'Forbidden.Action'],
  ['another project', { Action: 'GetTask', Version: '2020-09-30', Query: { ProjectName: 'other', TaskId: 'x', TaskType: 'Highlight' } }, 403, 'Forbidden.Project'],
  ['another API version', { Action: 'GetTask', Version: '2017-09-06', Query: { ProjectName: 'immtest' } }, 400, 'InvalidArgument'],
  ['a body on GetTask', { Action: 'GetTask', Version: '2020-09-30', Query: { ProjectName: 'immtest' }, Body: 'a=1' }, 400, 'InvalidArgument'],
  ['non-string query values', { Action: 'GetTask', Version: '2020-09-30', Query: { ProjectName: ['immtest'] } }, 400, 'InvalidArgument'],
])) {
  test(`refuses ${name} without calling IMM`, async () => {
    const res = await post(envelope)
    assert.equal(res.status, status)
    assert.equal((await res.json()).Code, code)
    assert.equal(seen.length, 0)
  })
}

test('refuses a body that is not JSON', async () => {
  const res = await fetch(proxy.url, { method: 'POST', body: 'Action=GetTask' })
  assert.equal(res.status, 400)
  assert.equal((await res.json()).Code, 'InvalidJSON')
})

test('CORS: allows the configured origin, refuses others', async () => {
  const preflight = await fetch(proxy.url, { method: 'OPTIONS', headers: { origin: 'https://app.example' } })
  assert.equal(preflight.status, 204)
  assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://app.example')
  assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /content-type/)
  const allowed = await post({ Action: 'ListTasks', Version: '2020-09-30', Query: { ProjectName: 'immtest' } }, { origin: 'https://app.example' })
  assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://app.example')
  const refused = await post({ Action: 'ListTasks', Version: '2020-09-30', Query: { ProjectName: 'immtest' } }, { origin: 'https://evil.example' })
  assert.equal(refused.status, 403)
  assert.equal((await refused.json()).Code, 'Forbidden.Origin')
  assert.equal(seen.length, 1)
})

test('answers 502 CloudUnreachable when IMM cannot be reached', async () => {
  const dead = await startSigningProxy({ endpoint: 'http://127.0.0.1:9', credentials })
  try {
    const res = await fetch(dead.url, { method: 'POST', body: JSON.stringify({ Action: 'ListTasks', Version: '2020-09-30', Query: { ProjectName: 'p' } }) })
    assert.equal(res.status, 502)
    assert.equal((await res.json()).Code, 'CloudUnreachable')
  } finally {
    await dead.close()
  }
})
