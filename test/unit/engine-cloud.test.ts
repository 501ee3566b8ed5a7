/**
 * The public engine (`createHighlightEngine`) on its cloud path, against the fake IMM on loopback, which
 * re-checks every V3 signature with the official SDK. The engine follows the IMM task through the same
 * task API as a local one; `local` never talks to the cloud.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createHighlightEngine, type HighlightEngineOptions, type LocalHighlightEngine } from '../../src/runtime/create-engine.ts'
import type { CloudSettings } from '../../src/cloud/client.ts'
import type { HighlightRequestInput } from '../../src/contract/schema.ts'
import type { TaskInfo } from '../../src/contract/task.ts'
import { startFakeImm, type FakeImm } from '../support/fake-imm.ts'
import { validRequest } from '../support/requests.ts'

const cred = { accessKeyId: 'LTAIengineKey', accessKeySecret: 'engine-secret-人物' }
/** Retries without waiting, and a fast poll, so that the whole file runs in about a second. */
const fastRetry = { attempts: 4, baseDelayMs: 1 }
const POLL_MS = 5

let imm: FakeImm
const engines: LocalHighlightEngine[] = []

beforeAll(async () => {
  imm = await startFakeImm(cred)
})
afterAll(async () => {
  await imm.close()
})
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.dispose()))
  imm.requests.length = 0
  imm.setBehaviour({ respond: [], runningPolls: 1, outcome: { Status: 'Succeeded' } })
})

function engineWith(options: HighlightEngineOptions): LocalHighlightEngine {
  const engine = createHighlightEngine({ pollIntervalMs: POLL_MS, ...options })
  engines.push(engine)
  return engine
}

const direct = (extra: Partial<CloudSettings> = {}): CloudSettings => ({ endpoint: imm.url, credentials: cred, retry: fastRetry, ...extra })

/** Runs one request to its end and returns the final TaskInfo (and the engine's TaskId). */
async function runToEnd(engine: LocalHighlightEngine, request: HighlightRequestInput): Promise<TaskInfo> {
  const { TaskId } = await engine.createHighlightTask(request)
  return engine.waitForTask(TaskId)
}

function actions(): (string | undefined)[] {
  return imm.requests.map((r) => r.action)
}

describe("engine 'cloud' against the fake IMM", () => {
  it('follows the IMM task Running then Succeeded, and getTask says where it ran', async () => {
    imm.setBehaviour({ runningPolls: 2 })
    const engine = engineWith({ engine: 'cloud', cloud: direct() })
    const seen: { progress: number; info: Promise<TaskInfo> }[] = []
    const { TaskId } = await engine.createHighlightTask(validRequest())
    engine.on('progress', (e) => {
      if (e.TaskId === TaskId) seen.push({ progress: e.Progress, info: engine.getTask({ TaskId }) })
    })
    const final = await engine.waitForTask(TaskId)

    // One IMM task was created, and GetTask was called until it ended (2 x Running, then Succeeded).
    expect(actions()).toEqual(['CreateHighlightTask', 'GetTask', 'GetTask', 'GetTask'])
    expect(imm.requests.every((r) => r.status === 200)).toBe(true)
    expect(imm.tasks.size).toBe(1)
    const [cloudTask] = [...imm.tasks.values()]
    // The fake parsed the form with the contract: IMM got the request the caller wrote.
    expect(cloudTask!.request).toMatchObject({ ProjectName: 'immtest', Type: 'Compose', Tags: { job: 'demo' }, UserData: '{"id":"42"}' })

    // While Running, the local record carries IMM's own Progress (the fake answers 33 then 67).
    const progresses = seen.map((s) => s.progress)
    expect(progresses).toEqual(expect.arrayContaining([33, 67, 100]))
    const running = await Promise.all(seen.filter((s) => s.progress > 0 && s.progress < 100).map((s) => s.info))
    expect(running.length).toBeGreaterThan(0)
    for (const info of running) {
      expect(info).toMatchObject({ TaskId, Status: 'Running', Placement: { Engine: 'cloud', CloudTaskId: cloudTask!.TaskId } })
    }

    expect(final).toMatchObject({
      TaskId, Status: 'Succeeded', Progress: 100, ProjectName: 'immtest', Tags: { job: 'demo' }, UserData: '{"id":"42"}',
      Placement: { Engine: 'cloud', Reason: "engine 'cloud' was asked for", CloudTaskId: cloudTask!.TaskId },
    })
    expect(final.Code).toBeUndefined()
    expect(final.Result?.Outputs).toEqual([{ URI: 'oss://bucket/out/highlight.mp4', Size: 0 }])
    expect(final.Result?.Details).toMatchObject({ Cloud: { Status: 'Succeeded', CloudTaskId: cloudTask!.TaskId, Progress: 100 } })
    // getTask after the end reads the same as what waitForTask gave.
    expect(await engine.getTask({ TaskId })).toMatchObject({ Status: 'Succeeded', Progress: 100, Placement: final.Placement })
  })

  it("ends Failed with IMM's Code and Message when the IMM task fails", async () => {
    imm.setBehaviour({
      runningPolls: 1,
      outcome: { Status: 'Failed', Code: 'InvalidParameter.Sources', Message: 'The source oss://bucket/in/a.mp4 is not a video' },
    })
    const engine = engineWith({ engine: 'cloud', cloud: direct() })
    const final = await runToEnd(engine, validRequest())
    expect(final).toMatchObject({
      Status: 'Failed', Code: 'InvalidParameter.Sources', Message: 'The source oss://bucket/in/a.mp4 is not a video',
      Placement: { Engine: 'cloud', CloudTaskId: [...imm.tasks.values()].at(-1)!.TaskId },
    })
    expect(actions()).toEqual(['CreateHighlightTask', 'GetTask', 'GetTask'])
  })

  it('ends Failed with SignatureDoesNotMatch when the secret is wrong, without retrying', async () => {
    const engine = engineWith({ engine: 'cloud', cloud: direct({ credentials: { ...cred, accessKeySecret: 'not-the-secret' } }) })
    const tasksBefore = imm.tasks.size
    const final = await runToEnd(engine, validRequest())
    expect(final).toMatchObject({ Status: 'Failed', Code: 'SignatureDoesNotMatch', Message: 'Specified signature does not match our calculation.' })
    expect(imm.requests.map((r) => [r.status, r.Code])).toEqual([[400, 'SignatureDoesNotMatch']])
    expect(imm.tasks.size).toBe(tasksBefore)
  })

  it('retries a 503 (freshly signed) and the task still succeeds', async () => {
    imm.setBehaviour({ respond: [{ status: 503, Code: 'ServiceUnavailable', Message: 'The request has failed due to a temporary failure of the server.' }] })
    const engine = engineWith({ engine: 'cloud', cloud: direct() })
    const tasksBefore = imm.tasks.size
    const final = await runToEnd(engine, validRequest())
    expect(final).toMatchObject({ Status: 'Succeeded', Progress: 100, Placement: { Engine: 'cloud' } })
    expect(imm.requests.map((r) => [r.action, r.status])).toEqual([
      ['CreateHighlightTask', 503], ['CreateHighlightTask', 200], ['GetTask', 200], ['GetTask', 200],
    ])
    const nonces = imm.requests.map((r) => r.headers['x-acs-signature-nonce'])
    expect(new Set(nonces).size).toBe(nonces.length)
    // The 503 created nothing: exactly one IMM task exists for this run.
    expect(imm.tasks.size).toBe(tasksBefore + 1)
  })

  it('runs end to end through the reference signing proxy, with no key in the engine', async () => {
    const { startSigningProxy } = await import('../../examples/signing-proxy/server.mjs')
    const proxy = await startSigningProxy({ endpoint: imm.url, credentials: cred, projects: ['immtest'] })
    try {
      // Record what the engine itself sends (the real fetch does the work).
      const sent: { url: string; headers: Headers }[] = []
      const recordingFetch: typeof fetch = (input, init) => {
        sent.push({ url: String(input instanceof Request ? input.url : input), headers: new Headers(init?.headers) })
        return fetch(input, init)
      }
      imm.setBehaviour({ runningPolls: 1, respond: [{ status: 503, Code: 'ServiceUnavailable' }] })
      const engine = engineWith({ engine: 'cloud', cloud: { proxyURL: proxy.url, retry: fastRetry, fetch: recordingFetch } })
      const final = await runToEnd(engine, validRequest())
      expect(final).toMatchObject({
        Status: 'Succeeded', Progress: 100, Placement: { Engine: 'cloud', CloudTaskId: [...imm.tasks.values()].at(-1)!.TaskId },
      })
      // The engine spoke only to the proxy, never with a signature; the proxy signed every call the fake checked.
      expect(sent.length).toBe(4)
      for (const call of sent) {
        expect(call.url).toBe(proxy.url)
        expect(call.headers.has('authorization')).toBe(false)
      }
      expect(imm.requests.map((r) => [r.action, r.status])).toEqual([
        ['CreateHighlightTask', 503], ['CreateHighlightTask', 200], ['GetTask', 200], ['GetTask', 200],
      ])
    } finally {
      await proxy.close()
    }
  })

  it('cancelTask stops following the cloud task: Cancelled, with a Message that says IMM has no cancel', async () => {
    imm.setBehaviour({ runningPolls: 1_000_000 })
    const engine = engineWith({ engine: 'cloud', cloud: direct() })
    const { TaskId } = await engine.createHighlightTask(validRequest())
    // Wait until IMM has answered CreateHighlightTask and the engine has polled at least once.
    while (!(await engine.getTask({ TaskId })).Placement.CloudTaskId || actions().filter((a) => a === 'GetTask').length < 1) {
      await new Promise((r) => setTimeout(r, POLL_MS))
    }
    const cloudTaskId = (await engine.getTask({ TaskId })).Placement.CloudTaskId!
    await engine.cancelTask({ TaskId })
    const final = await engine.waitForTask(TaskId)
    expect(final).toMatchObject({ Status: 'Cancelled', Code: 'TaskCancelled', Placement: { Engine: 'cloud', CloudTaskId: cloudTaskId } })
    expect(final.Message).toMatch(/IMM has no cancel for highlight tasks/)
    expect(final.Message).toMatch(/keeps running in the cloud and is billed/)
    expect(final.Message).toContain(final.Placement.CloudTaskId)

    // Polling has stopped, and the cloud task itself is still running (nothing could stop it).
    const polls = imm.requests.length
    await new Promise((r) => setTimeout(r, POLL_MS * 10))
    expect(imm.requests.length).toBe(polls)
    expect(imm.tasks.get(cloudTaskId)!.EndTime).toBeUndefined()
  })
})

describe("engine 'auto' and 'local' with an oss:// request", () => {
  it("'auto' sends an oss:// source without a resolver to the cloud and says why", async () => {
    const engine = engineWith({ engine: 'auto', cloud: direct() })
    const final = await runToEnd(engine, validRequest())
    expect(final).toMatchObject({ Status: 'Succeeded', Placement: { Engine: 'cloud', CloudTaskId: [...imm.tasks.values()].at(-1)!.TaskId } })
    expect(final.Placement.Reason).toMatch(/^auto: the browser cannot run it: /)
    expect(final.Placement.Reason).toContain('Sources[0].URI oss://bucket/in/a.mp4 has no local resolver')
    expect(final.Placement.Reason).toContain('Edit.BackgroundMusics[0].URI oss://bucket/music/bg.mp3 has no local resolver')
    expect(actions()).toEqual(['CreateHighlightTask', 'GetTask', 'GetTask'])
  })

  it("'auto' without cloud settings fails with the capability Code and says that no cloud is configured", async () => {
    const engine = engineWith({ engine: 'auto' })
    const final = await runToEnd(engine, validRequest())
    expect(final).toMatchObject({ Status: 'Failed', Code: 'UnsupportedCapability' })
    expect(final.Message).toContain('Sources[0].URI oss://bucket/in/a.mp4 has no local resolver')
    expect(final.Message).toContain('no cloud settings are configured')
    expect(imm.requests).toHaveLength(0)
  })

  it("'cloud' without cloud settings fails with CloudNotConfigured", async () => {
    const engine = engineWith({ engine: 'cloud' })
    const final = await runToEnd(engine, validRequest())
    expect(final).toMatchObject({ Status: 'Failed', Code: 'CloudNotConfigured' })
    expect(imm.requests).toHaveLength(0)
  })

  it("'local' fails on the oss:// source and the fake IMM receives zero requests, even with cloud settings given", async () => {
    const calls: string[] = []
    const realFetch = globalThis.fetch
    globalThis.fetch = (input, init) => {
      calls.push(String(input instanceof Request ? input.url : input))
      return realFetch(input, init)
    }
    try {
      const engine = engineWith({ engine: 'local', cloud: direct() })
      const final = await runToEnd(engine, validRequest())
      expect(final.Status).toBe('Failed')
      expect(['UnsupportedCapability', 'ResourceNotFound']).toContain(final.Code)
      expect(final.Message).toContain('Sources[0].URI')
      expect(final.Message).toContain('oss://bucket/in/a.mp4')
      expect(final.Placement.Engine).toBe('local')
    } finally {
      globalThis.fetch = realFetch
    }
    expect(calls).toEqual([])
    expect(imm.requests).toHaveLength(0)
  })
})
