import { describe, expect, it } from 'vitest'
import { createImmClient, resolveEndpoint } from '../../src/cloud/client.ts'
import { cloudSettingsFromEnv } from '../../src/cloud/settings.ts'

const KEYS = { ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIid', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'secret' }

describe('cloudSettingsFromEnv', () => {
  it('is undefined when nothing cloud-related is set', () => {
    expect(cloudSettingsFromEnv({}, {})).toBeUndefined()
    expect(cloudSettingsFromEnv({ ALIBABA_CLOUD_ACCESS_KEY_ID: '  ' }, {})).toBeUndefined()
  })

  it('takes keys from the environment and the region from --region', () => {
    expect(cloudSettingsFromEnv(KEYS, { region: 'cn-shanghai' })).toEqual({
      endpoint: 'https://imm.cn-shanghai.aliyuncs.com', region: 'cn-shanghai',
      credentials: { accessKeyId: 'LTAIid', accessKeySecret: 'secret' },
    })
  })

  it('adds the STS token and reads ALIBABA_CLOUD_REGION_ID when --region is absent', () => {
    const s = cloudSettingsFromEnv({ ...KEYS, ALIBABA_CLOUD_SECURITY_TOKEN: 'CAIS', ALIBABA_CLOUD_REGION_ID: 'cn-beijing' }, {})
    expect(s).toMatchObject({ endpoint: 'https://imm.cn-beijing.aliyuncs.com', credentials: { securityToken: 'CAIS' } })
  })

  it('points at any IMM-compatible endpoint with --endpoint (a local fake over http)', () => {
    expect(cloudSettingsFromEnv(KEYS, { endpoint: 'http://127.0.0.1:9000/' })?.endpoint).toBe('http://127.0.0.1:9000')
  })

  it('prefers a proxy and then carries no credentials', () => {
    expect(cloudSettingsFromEnv(KEYS, { proxy: 'https://example.test/imm-sign', region: 'cn-hangzhou' })).toEqual({ proxyURL: 'https://example.test/imm-sign' })
  })

  it.each([
    ['a key id without its secret', { ALIBABA_CLOUD_ACCESS_KEY_ID: 'id' }, {}, 'MissingAccessKeySecret'],
    ['a secret without its key id', { ALIBABA_CLOUD_ACCESS_KEY_SECRET: 's' }, {}, 'MissingAccessKeyId'],
    ['a token without keys', { ALIBABA_CLOUD_SECURITY_TOKEN: 't' }, {}, 'MissingAccessKeyId'],
    ['keys without region or endpoint', KEYS, {}, 'MissingRegion'],
    ['--region without keys', {}, { region: 'cn-hangzhou' }, 'MissingCredentials'],
    ['a plain-http remote endpoint', KEYS, { endpoint: 'http://imm.example.com' }, 'InvalidEndpoint'],
    ['an endpoint that is not a URL', KEYS, { endpoint: 'imm.cn-hangzhou' }, 'InvalidEndpoint'],
    ['a region that is not an ID', KEYS, { region: 'cn hangzhou/..' }, 'InvalidRegion'],
  ])('refuses %s', (_name, env, flags, code) => {
    expect(() => cloudSettingsFromEnv(env, flags)).toThrow(expect.objectContaining({ Code: code }))
  })
})

describe('endpoints and client construction', () => {
  it.each([
    [{ region: 'cn-hangzhou' }, 'https://imm.cn-hangzhou.aliyuncs.com'],
    [{ region: 'ap-southeast-1' }, 'https://imm.ap-southeast-1.aliyuncs.com'],
    [{ region: 'cn-beijing-gov-1' }, 'https://imm-vpc.cn-beijing-gov-1.aliyuncs.com'],
    [{ endpoint: 'https://imm-vpc.cn-hangzhou.aliyuncs.com/', region: 'cn-hangzhou' }, 'https://imm-vpc.cn-hangzhou.aliyuncs.com'],
  ])('resolves %j', (settings, endpoint) => {
    expect(resolveEndpoint(settings)).toBe(endpoint)
  })

  it('says how each client authenticates, safest first', () => {
    const signer = async () => ({})
    const credentials = { accessKeyId: 'a', accessKeySecret: 'b' }
    expect(createImmClient({ proxyURL: 'https://p.test/sign', credentials, signer }).auth).toBe('proxy')
    expect(createImmClient({ region: 'cn-hangzhou', credentials, signer }).auth).toBe('signer')
    expect(createImmClient({ region: 'cn-hangzhou', credentials }).auth).toBe('credentials')
  })

  it('refuses a client with no way to authenticate', () => {
    expect(() => createImmClient({ region: 'cn-hangzhou' })).toThrow(expect.objectContaining({ Code: 'MissingCredentials' }))
  })
})
