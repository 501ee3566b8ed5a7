import { describe, expect, it } from 'vitest'
import {
  EMPTY_PAYLOAD_HASH, formatAcsDate, percentEncode, randomNonce, sha256Hex, signRequestV3, type UnsignedRequest,
} from '../../src/cloud/sign-v3.ts'
import { HighlightError } from '../../src/contract/errors.ts'
import { nodeSha256Hex, sdkAuthorization } from '../support/fake-imm.ts'
import { mulberry32, pick } from '../support/random.ts'
import { expectCreateHighlightTaskVector, expectSdkVector } from '../support/sign-vectors.ts'

describe('ACS3-HMAC-SHA256 vectors (imm-spec.md §7.3)', () => {
  it('reproduces the SDK unit-test vector (darabonba-openapi-util getAuthorization)', expectSdkVector)

  it('reproduces the CreateHighlightTask vector', async () => {
    await expectCreateHighlightTaskVector()
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
