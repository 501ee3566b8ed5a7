/**
 * The two signature vectors of imm-spec.md §7.3, as assertions shared by the Node tests and the Chromium tests
 * (the same signer file runs in both).
 */
import { expect } from 'vitest'
import {
  authorization, canonicalHeaders, canonicalQueryString, canonicalRequest, signRequestV3, stringToSign, type UnsignedRequest,
} from '../../src/cloud/sign-v3.ts'

/** The SDK's own getAuthorization unit test (darabonba-openapi-util), both cases. */
export async function expectSdkVector(): Promise<void> {
  // The SDK test leaves method and pathname unset: JavaScript turns the method into "undefined", the path into "".
  const req = { method: 'undefined', path: '', query: { test: 'ok', empty: '' }, headers: { 'x-acs-TEST': 'https', 'x-acs-test': 'http' } }
  const payload = '55e12e91650d2fec56ec74e1d3e4ddbfce2ef3a65890c2a19ecf88a307e76a23'
  expect(canonicalQueryString(req.query)).toBe('empty=&test=ok')
  expect(canonicalHeaders(req.headers)).toEqual({ canonicalHeaders: 'x-acs-test:http,https\n', signedHeaders: 'x-acs-test' })
  expect(await authorization(req, payload, 'acesskey', 'secret')).toBe(
    'ACS3-HMAC-SHA256 Credential=acesskey,SignedHeaders=x-acs-test,Signature=0f2d549523cf082c83bb8135b5863614f7fe16ca7c2c7fc537e74d67374eeeac')
  // The same test's second case: no query, no headers.
  expect(await authorization({ method: 'undefined', path: '', query: {}, headers: {} }, payload, 'acesskey', 'secret')).toBe(
    'ACS3-HMAC-SHA256 Credential=acesskey,SignedHeaders=,Signature=608b887e491f3e88e85276b188a4d24e29230a559464685ccbf2dcc458e1fde8')
}

export const CREATE_HIGHLIGHT_TASK_BODY =
  'Highlight=%7B%22Content%22%3A%22%E4%BA%BA%E7%89%A9%22%7D&Output=%7B%22Container%22%3A%22mp4%22%2C%22URI%22%3A%22oss%3A%2F%2Ftest-bucket%2Fout%2Fhighlight.mp4%22%7D&Sources=%5B%7B%22URI%22%3A%22oss%3A%2F%2Ftest-bucket%2Fin%2Fa.mp4%22%7D%5D&Type=Retrieval'

export const CREATE_HIGHLIGHT_TASK_REQUEST: UnsignedRequest = {
  method: 'POST', host: 'imm.cn-hangzhou.aliyuncs.com', path: '/', query: { ProjectName: 'immtest' },
  headers: {
    'x-acs-action': 'CreateHighlightTask', 'x-acs-version': '2020-09-30', accept: 'application/json',
    'content-type': 'application/x-www-form-urlencoded',
  },
  body: CREATE_HIGHLIGHT_TASK_BODY,
}

export const VECTOR_CREDENTIALS = { accessKeyId: 'testAccessKeyId', accessKeySecret: 'testAccessKeySecret' }
export const VECTOR_OPTIONS = { date: new Date('2026-01-01T00:00:00Z'), nonce: '0123456789abcdef0123456789abcdef' }

/** The CreateHighlightTask vector; returns the signed headers for further checks. */
export async function expectCreateHighlightTaskVector(req: UnsignedRequest = CREATE_HIGHLIGHT_TASK_REQUEST): Promise<Record<string, string>> {
  const headers = await signRequestV3(req, VECTOR_CREDENTIALS, VECTOR_OPTIONS)
  expect(headers['x-acs-content-sha256']).toBe('fad95d394b72f5e137621cf1481ad3c8a87452783abf678c52d56b01b8ac3d34')
  expect(headers['x-acs-date']).toBe('2026-01-01T00:00:00Z')
  expect(headers['x-acs-signature-nonce']).toBe('0123456789abcdef0123456789abcdef')
  const { canonicalRequest: canonical, signedHeaders } = canonicalRequest({ ...req, headers }, headers['x-acs-content-sha256']!)
  expect(signedHeaders).toBe('content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version')
  expect(await stringToSign(canonical)).toBe('ACS3-HMAC-SHA256\n7ed001547e653a13748f6d590fe6af6d3e4d2a00cb503d03d863b14c48572f51')
  expect(headers.Authorization).toBe(`ACS3-HMAC-SHA256 Credential=testAccessKeyId,SignedHeaders=${signedHeaders},` +
    'Signature=997a97cc02682187d2ed9d849504c798abfeaa011768c22a8281918d17b33518')
  return headers
}
