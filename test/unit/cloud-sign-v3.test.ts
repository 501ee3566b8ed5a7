import { describe, expect, it } from 'vitest'
import {
  authorization, canonicalHeaders, canonicalQueryString, canonicalRequest, EMPTY_PAYLOAD_HASH, formatAcsDate,
  percentEncode, randomNonce, sha256Hex, signRequestV3, stringToSign, type UnsignedRequest,
} from '../../src/cloud/sign-v3.ts'
import { HighlightError } from '../../src/contract/errors.ts'
import { nodeSha256Hex, sdkAuthorization } from '../support/fake-imm.ts'
import { mulberry32, pick } from '../support/random.ts'

describe('ACS3-HMAC-SHA256 vectors (imm-spec.md §7.3)', () => {
  it('reproduces the SDK unit-test vector (darabonba-openapi-util getAuthorization)', async () => {
    // The SDK test leaves method and pathname unset: JS turns the method into "undefined", the path into "".
    const req = { method: 'undefined', path: '', query: { test: 'ok', empty: '' }, headers: { 'x-acs-TEST': 'https', 'x-acs-test': 'http' } }
    const payload = '55e12e91650d2fec56ec74e1d3e4ddbfce2ef3a65890c2a19ecf88a307e76a23'
    expect(canonicalQueryString(req.query)).toBe('empty=&test=ok')
    expect(canonicalHeaders(req.headers)).toEqual({ canonicalHeaders: 'x-acs-test:http,https\n', signedHeaders: 'x-acs-test' })
    expect(await authorization(req, payload, 'acesskey', 'secret')).toBe(
      'ACS3-HMAC-SHA256 Credential=acesskey,SignedHeaders=x-acs-test,Signature=0f2d549523cf082c83bb8135b5863614f7fe16ca7c2c7fc537e74d67374eeeac')
    // The same test's second case: no query, no headers.
    expect(await authorization({ method: 'undefined', path: '', query: {}, headers: {} }, payload, 'acesskey', 'secret')).toBe(
      'ACS3-HMAC-SHA256 Credential=acesskey,SignedHeaders=,Signature=608b887e491f3e88e85276b188a4d24e29230a559464685ccbf2dcc458e1fde8')
  })

  it('reproduces the CreateHighlightTask vector', async () => {
    const body = 'Highlight=%7B%22Content%22%3A%22%E4%BA%BA%E7%89%A9%22%7D&Output=%7B%22Container%22%3A%22mp4%22%2C%22URI%22%3A%22oss%3A%2F%2Ftest-bucket%2Fout%2Fhighlight.mp4%22%7D&Sources=%5B%7B%22URI%22%3A%22oss%3A%2F%2Ftest-bucket%2Fin%2Fa.mp4%22%7D%5D&Type=Retrieval'
    const req: UnsignedRequest = {
      method: 'POST', host: 'imm.cn-hangzhou.aliyuncs.com', path: '/', query: { ProjectName: 'immtest' },
      headers: {
        'x-acs-action': 'CreateHighlightTask', 'x-acs-version': '2020-09-30', accept: 'application/json',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body,
    }
    const headers = await signRequestV3(req, { accessKeyId: 'testAccessKeyId', accessKeySecret: 'testAccessKeySecret' },
      { date: new Date('2026-01-01T00:00:00Z'), nonce: '0123456789abcdef0123456789abcdef' })
    expect(headers['x-acs-content-sha256']).toBe('fad95d394b72f5e137621cf1481ad3c8a87452783abf678c52d56b01b8ac3d34')
    expect(headers['x-acs-date']).toBe('2026-01-01T00:00:00Z')
    const { canonicalRequest: canonical, signedHeaders } = canonicalRequest({ ...req, headers }, headers['x-acs-content-sha256']!)
    expect(signedHeaders).toBe('content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version')
    expect(await stringToSign(canonical)).toBe('ACS3-HMAC-SHA256\n7ed001547e653a13748f6d590fe6af6d3e4d2a00cb503d03d863b14c48572f51')
    expect(headers.Authorization).toBe(`ACS3-HMAC-SHA256 Credential=testAccessKeyId,SignedHeaders=${signedHeaders},` +
      'Signature=997a97cc02682187d2ed9d849504c798abfeaa011768c22a8281918d17b33518')
  })

  it('hashes an empty body to the documented value', async () => {
    expect(await sha256Hex('')).toBe(EMPTY_PAYLOAD_HASH)
  })
})

describe('signer details', () => {
  const cred = { accessKeyId: 'id', accessKeySecret: 'secret' }
  const base: UnsignedRequest = { method: 'POST', host: 'h', path: '/', query: {}, headers: {}, body: '' }

  it.each([
    ['space', 'a b', 'a%20b'],
    ['sub-delims the SDK also encodes', "!'()*", '%21%27%28%29%2A'],
    ['unreserved', 'AZaz09-_.~', 'AZaz09-_.~'],
    ['plus and slash', '+/', '%2B%2F'],
    ['CJK and emoji', '人😀', '%E4%BA%BA%F0%9F%98%80'],
  ])('percent-encodes %s', (_name, raw, encoded) => {
    expect(percentEncode(raw)).toBe(encoded)
  })

  it('formats x-acs-date without fractional seconds', () => {
    expect(formatAcsDate(new Date('2026-03-04T05:06:07.891Z'))).toBe('2026-03-04T05:06:07Z')
  })

  it('makes a fresh 32-hex nonce each time', () => {
    const nonces = new Set(Array.from({ length: 100 }, randomNonce))
    expect(nonces.size).toBe(100)
    for (const n of nonces) expect(n).toMatch(/^[0-9a-f]{32}$/)
  })

  it('adds the STS headers and signs them', async () => {
    const headers = await signRequestV3(base, { ...cred, securityToken: 'tok' })
    expect(headers['x-acs-security-token']).toBe('tok')
    expect(headers['x-acs-accesskey-id']).toBe('id')
    expect(headers.Authorization).toContain('x-acs-accesskey-id;')
    expect(headers.Authorization).toContain('x-acs-security-token')
  })

  it('replaces a caller Host, Authorization or x-acs-date instead of sending two', async () => {
    const headers = await signRequestV3({ ...base, headers: { Host: 'evil', AUTHORIZATION: 'x', 'X-Acs-Date': 'old' } }, cred,
      { date: new Date('2026-01-01T00:00:00Z') })
    expect(Object.keys(headers).filter((k) => ['host', 'authorization', 'x-acs-date'].includes(k.toLowerCase()))).toEqual(
      ['host', 'x-acs-date', 'Authorization'])
    expect(headers.host).toBe('h')
  })

  it('signs bytes and strings the same way', async () => {
    const text = 'Ünïcødé body 人物'
    const a = await signRequestV3({ ...base, body: text }, cred, { nonce: 'n', date: new Date(0) })
    const b = await signRequestV3({ ...base, body: new TextEncoder().encode(text) }, cred, { nonce: 'n', date: new Date(0) })
    expect(a).toEqual(b)
  })

  it.each([
    ['a query name outside [A-Za-z0-9._~-]', { query: { 'a b': '1' } }],
    ['a lone surrogate in a query value', { query: { a: '\ud800' } }],
  ])('refuses %s with InvalidArgument', async (_name, patch) => {
    const err = await signRequestV3({ ...base, ...patch }, cred).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(HighlightError)
    expect((err as HighlightError).Code).toBe('InvalidArgument')
  })

  it('refuses to sign without a secret', async () => {
    await expect(signRequestV3(base, { accessKeyId: 'id', accessKeySecret: '' })).rejects.toMatchObject({ Code: 'InvalidArgument' })
  })
})

// ---- agreement with the official SDK on generated requests ----

const NAME_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~'
const TEXT_POOLS = [
  'abcdefghijklmnopqrstuvwxyz0123456789',
  ' !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
  '人物宠物运动会议高光剪辑',
  'ÄÖÜßéèçñåø',
  '\t\u00a0\u3000',
]
const ASTRAL = ['😀', '🎬', '𝄞', '🇨🇳']

function randomText(rand: () => number, maxLength: number): string {
  let out = ''
  const length = Math.floor(rand() * (maxLength + 1))
  for (let i = 0; i < length; i++) {
    out += rand() < 0.05 ? pick(rand, ASTRAL) : pick(rand, [...pick(rand, TEXT_POOLS)])
  }
  return out
}

function randomName(rand: () => number, prefix = ''): string {
  let out = prefix
  const length = 1 + Math.floor(rand() * 12)
  for (let i = 0; i < length; i++) out += pick(rand, [...NAME_CHARS])
  return out
}

/** Mixed case, so that `X-Acs-Foo` and `x-acs-foo` both occur. */
function randomCase(rand: () => number, name: string): string {
  return [...name].map((c) => (rand() < 0.3 ? c.toUpperCase() : c)).join('')
}

function randomRequest(rand: () => number): UnsignedRequest {
  const query: Record<string, string> = {}
  for (let i = Math.floor(rand() * 6); i > 0; i--) query[randomName(rand)] = rand() < 0.15 ? '' : randomText(rand, 30)
  const headers: Record<string, string> = {}
  for (let i = Math.floor(rand() * 6); i > 0; i--) {
    const pad = () => pick(rand, ['', ' ', '  ', '\t'])
    headers[randomCase(rand, `x-acs-${randomName(rand).toLowerCase()}`)] = pad() + randomText(rand, 20) + pad()
  }
  if (rand() < 0.5) headers['x-acs-dup'] = randomText(rand, 5)
  if (rand() < 0.5) headers['X-ACS-DUP'] = randomText(rand, 5)
  if (rand() < 0.7) headers[pick(rand, ['content-type', 'Content-Type'])] = pick(rand, ['application/x-www-form-urlencoded', 'application/json; charset=utf-8', ' text/plain '])
  headers.accept = 'application/json'
  headers['user-agent'] = randomText(rand, 10)
  headers[`x-other-${randomName(rand)}`] = randomText(rand, 10)
  let body: string | Uint8Array = ''
  const kind = rand()
  if (kind < 0.4) body = randomText(rand, 200)
  else if (kind < 0.7) body = Uint8Array.from({ length: Math.floor(rand() * 300) }, () => Math.floor(rand() * 256))
  return {
    method: pick(rand, ['POST', 'GET', 'PUT', 'DELETE']),
    host: pick(rand, ['imm.cn-hangzhou.aliyuncs.com', '127.0.0.1:8080', 'imm-vpc.cn-beijing-gov-1.aliyuncs.com']),
    path: pick(rand, ['/', '/', '/a/b', '/x+y*z%7E']),
    query, headers, body,
  }
}

describe('agreement with @alicloud/openapi-core getAuthorization', () => {
  it('gives the same Authorization on 1,000 generated requests', async () => {
    const rand = mulberry32(20260101)
    let withStsToken = 0
    for (let i = 0; i < 1000; i++) {
      const req = randomRequest(rand)
      const cred = {
        accessKeyId: randomName(rand, 'LTAI'),
        accessKeySecret: randomText(rand, 40) || 'secret',
        ...(rand() < 0.3 ? { securityToken: randomName(rand, 'CAIS') } : {}),
      }
      if (cred.securityToken) withStsToken++
      const headers = await signRequestV3(req, cred, { date: new Date(Date.UTC(2026, 0, 1) + i * 7919_000) })
      expect(headers['x-acs-content-sha256']).toBe(nodeSha256Hex(req.body))
      const { Authorization, ...signedHeaders } = headers
      const expected = sdkAuthorization({ method: req.method, pathname: req.path, query: req.query, headers: signedHeaders },
        headers['x-acs-content-sha256']!, cred.accessKeyId, cred.accessKeySecret)
      if (Authorization !== expected) {
        throw new Error(`request ${i} disagrees:\n${JSON.stringify(req)}\nours: ${Authorization}\nsdk:  ${expected}`)
      }
    }
    expect(withStsToken).toBeGreaterThan(200)
  })
})
