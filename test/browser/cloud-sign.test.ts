/**
 * The V3 signer (src/cloud/sign-v3.ts, on WebCrypto) reproduces the two vectors of imm-spec.md §7.3 in
 * headless Chromium, byte for byte: the same file the Node tests and the signing proxy use.
 */
import { describe, expect, test } from 'vitest'
import { EMPTY_PAYLOAD_HASH, sha256Hex } from '../../src/cloud/sign-v3.ts'
import {
  CREATE_HIGHLIGHT_TASK_BODY, CREATE_HIGHLIGHT_TASK_REQUEST, expectCreateHighlightTaskVector, expectSdkVector,
} from '../support/sign-vectors.ts'

describe('ACS3-HMAC-SHA256 in Chromium (WebCrypto)', () => {
  test('runs in a secure browser context with WebCrypto', () => {
    expect(typeof window).toBe('object')
    expect(navigator.userAgent).toMatch(/Chrome\//)
    expect(isSecureContext).toBe(true)
    expect(typeof crypto.subtle.sign).toBe('function')
  })

  test('reproduces the SDK unit-test vector (both cases)', expectSdkVector)

  test('reproduces the CreateHighlightTask vector, with a string body and with the same bytes', async () => {
    const headers = await expectCreateHighlightTaskVector()
    const asBytes = await expectCreateHighlightTaskVector({ ...CREATE_HIGHLIGHT_TASK_REQUEST, body: new TextEncoder().encode(CREATE_HIGHLIGHT_TASK_BODY) })
    expect(asBytes.Authorization).toBe(headers.Authorization)
  })

  test('hashes an empty body to the documented value', async () => {
    expect(await sha256Hex('')).toBe(EMPTY_PAYLOAD_HASH)
    expect(EMPTY_PAYLOAD_HASH).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
  })
})
