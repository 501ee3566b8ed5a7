/**
 * The ACS3-HMAC-SHA256 signer (imm-spec.md §7.3) for TypeScript callers.
 * The implementation is sign-v3-core.js (plain JavaScript so that the reference signing proxy runs
 * it in Node without a build); this module gives it types and IMM-style errors.
 */
import { HighlightError } from '../contract/errors.ts'
import * as core from './sign-v3-core.js'

export {
  ALGORITHM, EMPTY_PAYLOAD_HASH, sha256Hex, hmacSha256Hex, percentEncode, formatAcsDate, randomNonce,
  canonicalURI, canonicalQueryString, canonicalHeaders, canonicalRequest, stringToSign, authorization,
} from './sign-v3-core.js'

/** A request before signing. `headers` are the ones to send; the body is sent byte for byte as given. */
export interface UnsignedRequest {
  method: string
  /** Host as the server sees it in the Host header (`imm.cn-hangzhou.aliyuncs.com`, `127.0.0.1:8080`). */
  host: string
  /** Encoded path; `/` for IMM. */
  path: string
  /** Decoded query parameters. */
  query: Record<string, string>
  headers: Record<string, string>
  body: string | Uint8Array
}

export interface AccessKeyCredentials {
  accessKeyId: string
  accessKeySecret: string
  /** STS token: sent as `x-acs-security-token` with `x-acs-accesskey-id`. */
  securityToken?: string
}

export interface SignOptions {
  date?: Date
  nonce?: string
}

/**
 * Signs `req` and returns all headers to send, `Authorization` included.
 * Throws HighlightError `InvalidArgument` for what cannot be signed (a query name outside
 * `[A-Za-z0-9._~-]`, a value with a lone surrogate, missing keys).
 */
export async function signRequestV3(req: UnsignedRequest, cred: AccessKeyCredentials, opts: SignOptions = {}): Promise<Record<string, string>> {
  try {
    return await core.signRequestV3(req, cred, opts)
  } catch (err) {
    if (err instanceof TypeError || err instanceof URIError) {
      throw new HighlightError('InvalidArgument', `Cannot sign the request: ${err.message}`, { cause: err })
    }
    throw err
  }
}
