import { describe, expect, it, vi } from 'vitest'
import { decidePlacement, isCapabilityError, placementAfterLocalFailure, type PlacementEnv } from '../../src/cloud/placement.ts'
import { HighlightError } from '../../src/contract/errors.ts'
import { parseRequest } from '../../src/contract/validate.ts'
import type { HighlightRequest } from '../../src/contract/schema.ts'
import { validRequest } from '../support/requests.ts'

const ossRequest = (): HighlightRequest => parseRequest(validRequest())
const localRequest = (): HighlightRequest => parseRequest({
  ...validRequest(), Sources: [{ URI: 'opfs://in/a.mp4' }], Edit: undefined, Output: { URI: 'opfs://out/h.mp4', Container: 'mp4' },
})

const env = (patch: Partial<PlacementEnv>): PlacementEnv => ({
  engine: 'auto', canResolve: () => true, cloudConfigured: true, ...patch,
})
const noOss = (uri: string) => !uri.startsWith('oss://')

describe('decidePlacement', () => {
  it.each([
    // name, request, env, expected engine or error Code, reason/message fragment
    ['local runs locally even when nothing resolves', ossRequest, { engine: 'local', canResolve: () => false, undecodable: ['prores'] }, 'local', "engine 'local'"],
    ['cloud runs in the cloud', ossRequest, { engine: 'cloud' }, 'cloud', "engine 'cloud'"],
    ['cloud without settings fails', ossRequest, { engine: 'cloud', cloudConfigured: false }, 'CloudNotConfigured', 'cloud settings'],
    ['cloud with non-OSS URIs fails', localRequest, { engine: 'cloud' }, 'InvalidArgument', 'Sources[0].URI is opfs://in/a.mp4'],
    ['auto stays local when the browser can', ossRequest, {}, 'local', 'the browser can run it'],
    ['auto goes to the cloud for oss:// without a resolver', ossRequest, { canResolve: noOss }, 'cloud', 'Sources[0].URI oss://bucket/in/a.mp4 has no local resolver'],
    ['auto names the music too', ossRequest, { canResolve: noOss }, 'cloud', 'Edit.BackgroundMusics[0].URI'],
    ['auto goes to the cloud for an undecodable codec', ossRequest, { undecodable: ['prores'] }, 'cloud', 'codec prores'],
    ['auto goes to the cloud beyond the memory budget', ossRequest, { inputBytes: 3 * 2 ** 30, memoryBudgetBytes: 2 ** 30 }, 'cloud', '(3072.0 MiB) is larger than the memory budget (1024.0 MiB)'],
    ['auto stays local within the memory budget', ossRequest, { inputBytes: 2 ** 20, memoryBudgetBytes: 2 ** 30 }, 'local', 'the browser can'],
    ['auto without cloud fails with the first capability Code', ossRequest, { canResolve: noOss, undecodable: ['prores'], cloudConfigured: false }, 'UnsupportedCapability', 'no cloud settings'],
    ['auto without cloud, codec only', ossRequest, { undecodable: ['prores'], cloudConfigured: false }, 'InvalidMedia', 'codec prores'],
    ['auto without cloud, memory only', ossRequest, { inputBytes: 2, memoryBudgetBytes: 1, cloudConfigured: false }, 'QuotaExceeded', 'memory budget'],
    ['auto cannot fall back with local URIs', localRequest, { undecodable: ['prores'] }, 'InvalidArgument', 'oss://'],
  ] as const)('%s', (_name, request, patch, expected, fragment) => {
    const result = decidePlacement(request(), env(patch as Partial<PlacementEnv>))
    if (result instanceof HighlightError) {
      expect(result.Code).toBe(expected)
      expect(result.Message).toContain(fragment)
    } else {
      expect(result.engine).toBe(expected)
      expect(result.reason).toContain(fragment)
    }
  })

  it("never places an 'engine: local' request in the cloud, whatever it says", () => {
    const canResolve = vi.fn(() => false)
    for (const request of [ossRequest(), localRequest()]) {
      const result = decidePlacement(request, { engine: 'local', canResolve, cloudConfigured: true, inputBytes: 1e12, memoryBudgetBytes: 1, undecodable: ['x'] })
      expect(result).toEqual({ engine: 'local', reason: expect.any(String) })
      const capability = new HighlightError('UnsupportedCapability', 'no WebCodecs')
      expect(placementAfterLocalFailure(request, capability, { engine: 'local', cloudConfigured: true })).toBeUndefined()
    }
  })
})

describe('fallback after a failed local run', () => {
  it.each([
    ['UnsupportedCapability', true],
    ['InvalidMedia', true],
    ['QuotaExceeded', true],
    ['InvalidArgument', false],
    ['TaskCancelled', false],
    ['WorkerCrashed', false],
  ])('%s is a capability error: %s', (code, expected) => {
    expect(isCapabilityError(new HighlightError(code, 'm'))).toBe(expected)
    expect(isCapabilityError({ Code: code, Message: 'crossed a worker boundary' })).toBe(expected)
  })

  it('moves an auto task to the cloud after a capability error, saying why', () => {
    const err = new HighlightError('InvalidMedia', 'Sources[0] uses codec prores that no decoder here reads')
    expect(placementAfterLocalFailure(ossRequest(), err, { engine: 'auto', cloudConfigured: true })).toEqual({
      engine: 'cloud', reason: 'auto: the local run failed with InvalidMedia: Sources[0] uses codec prores that no decoder here reads',
    })
  })

  it.each([
    ['another error', ossRequest, new HighlightError('InvalidArgument', 'x'), true],
    ['no cloud settings', ossRequest, new HighlightError('QuotaExceeded', 'x'), false],
    ['local URIs the cloud cannot read', localRequest, new HighlightError('QuotaExceeded', 'x'), true],
    ['a plain Error', ossRequest, new Error('boom'), true],
  ])('keeps the local error for %s', (_name, request, err, cloudConfigured) => {
    expect(placementAfterLocalFailure(request(), err, { engine: 'auto', cloudConfigured })).toBeUndefined()
  })
})
