/**
 * Cloud settings for the CLI: `--engine … [--endpoint URL] [--region ID] [--proxy URL]` plus the
 * standard Alibaba Cloud environment variables. Secrets come only from the environment, never from
 * flags or files (a flag lands in shell history and `ps`).
 */
import { HighlightError } from '../contract/errors.ts'
import type { CloudSettings } from './client.ts'
import { resolveEndpoint } from './client.ts'

export const CREDENTIAL_ENV = {
  accessKeyId: 'ALIBABA_CLOUD_ACCESS_KEY_ID',
  accessKeySecret: 'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
  securityToken: 'ALIBABA_CLOUD_SECURITY_TOKEN',
} as const

/** Region when `--region` is not given (the variable the Alibaba Cloud CLI and SDKs read). */
export const REGION_ENV = 'ALIBABA_CLOUD_REGION_ID'

export interface CloudFlags {
  endpoint?: string
  region?: string
  proxy?: string
}

/**
 * Client settings from the environment and the CLI flags, or undefined when nothing cloud-related
 * is configured (then `engine: 'auto'` stays local and `engine: 'cloud'` fails with CloudNotConfigured).
 * A proxy wins over credentials (the safest path). Throws HighlightError for a half-given
 * configuration: a key id without its secret, credentials without a region or endpoint, a bad URL.
 */
export function cloudSettingsFromEnv(env: Record<string, string | undefined>, flags: CloudFlags = {}): CloudSettings | undefined {
  const value = (name: string) => {
    const v = env[name]?.trim()
    return v ? v : undefined
  }
  if (flags.proxy) {
    // Validated by createImmClient; endpoint and credentials belong to the proxy, not to this process.
    return { proxyURL: flags.proxy }
  }
  const accessKeyId = value(CREDENTIAL_ENV.accessKeyId)
  const accessKeySecret = value(CREDENTIAL_ENV.accessKeySecret)
  const securityToken = value(CREDENTIAL_ENV.securityToken)
  if (!accessKeyId && !accessKeySecret) {
    if (securityToken) throw new HighlightError('MissingAccessKeyId', `${CREDENTIAL_ENV.securityToken} is set without ${CREDENTIAL_ENV.accessKeyId} and ${CREDENTIAL_ENV.accessKeySecret}`)
    if (flags.endpoint || flags.region) {
      throw new HighlightError('MissingCredentials', `--endpoint/--region need ${CREDENTIAL_ENV.accessKeyId} and ${CREDENTIAL_ENV.accessKeySecret} in the environment, or use --proxy`)
    }
    return undefined
  }
  if (!accessKeyId) throw new HighlightError('MissingAccessKeyId', `${CREDENTIAL_ENV.accessKeySecret} is set but ${CREDENTIAL_ENV.accessKeyId} is not`)
  if (!accessKeySecret) throw new HighlightError('MissingAccessKeySecret', `${CREDENTIAL_ENV.accessKeyId} is set but ${CREDENTIAL_ENV.accessKeySecret} is not`)
  const where = { endpoint: flags.endpoint, region: flags.region ?? value(REGION_ENV) }
  if (!where.endpoint && !where.region) {
    throw new HighlightError('MissingRegion', `Cloud credentials are set: give --region (or ${REGION_ENV}) or --endpoint`)
  }
  return {
    endpoint: resolveEndpoint(where),
    ...(where.region ? { region: where.region } : {}),
    credentials: { accessKeyId, accessKeySecret, ...(securityToken ? { securityToken } : {}) },
  }
}
