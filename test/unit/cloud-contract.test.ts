/**
 * The client and the runner against a fake IMM on loopback that re-checks every signature with the
 * official SDK, the nonce, the date skew and the form fields.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createImmClient, type CloudSettings } from '../../src/cloud/client.ts'
import { runCloudTask } from '../../src/cloud/cloud-runner.ts'
import { signRequestV3 } from '../../src/cloud/sign-v3.ts'
import { HighlightError } from '../../src/contract/errors.ts'
import { startFakeImm, type FakeImm } from '../support/fake-imm.ts'
import { validRequest } from '../support/requests.ts'

const cred = { accessKeyId: 'LTAItestkey', accessKeySecret: 'test-secret-人物' }
const fast = { attempts: 4, baseDelayMs: 1 }

let imm: FakeImm
beforeAll(async () => {
  imm = await startFakeImm(cred)
})
afterAll(async () => {
  await imm.close()
})
afterEach(() => {
  imm.requests.length = 0
  imm.setBehaviour({ respond: [], runningPolls: 1, outcome: { Status: 'Succeeded' } })
})

const client = (extra: Partial<CloudSettings> = {}) => createImmClient({ endpoint: imm.url, credentials: cred, retry: fast, ...extra })

describe('IMM client against the fake IMM', () => {
  it('creates a task: signature, nonce, date and form fields all check out', async () => {
    const input = validRequest()
    const created = await client().createHighlightTask(input)
    expect(created.TaskId).toMatch(/^Highlight-[0-9a-f-]{36}$/)
    expect(created.RequestId).toBeTruthy()
    const [req] = imm.requests
    expect(req).toMatchObject({ status: 200, action: 'CreateHighlightTask', method: 'POST', path: '/', query: { ProjectName: 'immtest' } })
    expect(req!.headers['x-acs-version']).toBe('2020-09-30')
    expect(req!.headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect(JSON.parse(req!.form!.Edit!)).toEqual(input.Edit)
    expect(JSON.parse(req!.form!.Highlight!)).toEqual({ Content: '人物' })
    expect(req!.form!.Type).toBe('Compose')
    // The fake parsed the request with the contract: what IMM would run is what was asked.
    expect(imm.tasks.get(created.TaskId)!.request).toMatchObject({ ProjectName: 'immtest', Type: 'Compose', Tags: { job: 'demo' } })
  })

  it('follows a task Running then Succeeded with GetTask (TaskType Highlight)', async () => {
    imm.setBehaviour({ runningPolls: 2 })
    const c = client()
    const { TaskId } = await c.createHighlightTask(validRequest())
    const first = await c.getTask({ ProjectName: 'immtest', TaskId })
    const second = await c.getTask({ ProjectName: 'immtest', TaskId })
    const third = await c.getTask({ ProjectName: 'immtest', TaskId })
    expect([first.Status, second.Status, third.Status]).toEqual(['Running', 'Running', 'Succeeded'])
    expect([first.Progress, second.Progress, third.Progress]).toEqual([33, 67, 100])
    expect(imm.requests[1]!.query).toEqual({ ProjectName: 'immtest', TaskId, TaskType: 'Highlight' })
  })

  it('lists tasks with TaskTypes as a JSON string', async () => {
    const c = client()
    const { TaskId } = await c.createHighlightTask(validRequest())
    const list = await c.listTasks({ ProjectName: 'immtest', MaxResults: 10 })
    expect(list.Tasks.map((t) => t.TaskId)).toContain(TaskId)
    expect(imm.requests.at(-1)!.query).toMatchObject({ TaskTypes: '["Highlight"]', MaxResults: '10' })
  })

  it('sends an STS token and the fake accepts it', async () => {
    const sts = await startFakeImm({ ...cred, securityToken: 'CAIS-token' })
    try {
      const c = createImmClient({ endpoint: sts.url, credentials: { ...cred, securityToken: 'CAIS-token' }, retry: fast })
      await expect(c.createHighlightTask(validRequest())).resolves.toMatchObject({ TaskId: expect.stringMatching(/^Highlight-/) })
      const noToken = createImmClient({ endpoint: sts.url, credentials: cred, retry: fast })
      await expect(noToken.createHighlightTask(validRequest())).rejects.toMatchObject({ Code: 'InvalidSecurityToken.Mismatch' })
    } finally {
      await sts.close()
    }
  })

  it('gets SignatureDoesNotMatch with a wrong secret, with IMM\'s Code, Message and RequestId, and does not retry it', async () => {
    const err = await client({ credentials: { ...cred, accessKeySecret: 'wrong' } }).createHighlightTask(validRequest()).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(HighlightError)
    const e = err as HighlightError
    expect(e.Code).toBe('SignatureDoesNotMatch')
    expect(e.Message).toBe('Specified signature does not match our calculation.')
    expect(e.RequestId).toMatch(/^[0-9A-F-]{36}$/)
    expect(e.cause).toMatchObject({ HttpStatus: 400, Action: 'CreateHighlightTask', HostId: imm.url.slice('http://'.length) })
    expect(imm.requests).toHaveLength(1)
  })

  it('gets InvalidAccessKeyId.NotFound for an unknown key id', async () => {
    await expect(client({ credentials: { ...cred, accessKeyId: 'LTAIother' } }).getTask({ ProjectName: 'immtest', TaskId: 'x' }))
      .rejects.toMatchObject({ Code: 'InvalidAccessKeyId.NotFound' })
  })

  it('retries a 503 with a fresh nonce and date, then succeeds', async () => {
    imm.setBehaviour({ respond: [{ status: 503, Code: 'ServiceUnavailable' }, { status: 503, Code: 'ServiceUnavailable' }] })
    const created = await client().createHighlightTask(validRequest())
    expect(created.TaskId).toMatch(/^Highlight-/)
    expect(imm.requests.map((r) => r.status)).toEqual([503, 503, 200])
    const nonces = new Set(imm.requests.map((r) => r.headers['x-acs-signature-nonce']))
    expect(nonces.size).toBe(3)
  })

  it('retries throttling (400 Throttling.User) but gives up after the attempts', async () => {
    imm.setBehaviour({ respond: Array.from({ length: 5 }, () => ({ status: 400, Code: 'Throttling.User', Message: 'Request was denied due to user flow control.' })) })
    await expect(client().getTask({ ProjectName: 'immtest', TaskId: 'x' })).rejects.toMatchObject({
      Code: 'Throttling.User', Message: 'Request was denied due to user flow control.',
    })
    expect(imm.requests).toHaveLength(fast.attempts)
  })

  it('does not retry a 4xx such as ResourceNotFound', async () => {
    await expect(client().getTask({ ProjectName: 'immtest', TaskId: 'Highlight-missing' })).rejects.toMatchObject({ Code: 'ResourceNotFound' })
    expect(imm.requests).toHaveLength(1)
  })

  it('surfaces IMM request validation as IMM returns it', async () => {
    // Signed by hand so that the client-side validation does not stop the request first.
    const body = 'Sources=%5B%7B%22URI%22%3A1%7D%5D&Type=Retrieval&Output=%7B%22URI%22%3A%22oss%3A%2F%2Fb%2Fo.mp4%22%7D'
    const url = new URL(imm.url)
    const headers = await signRequestV3({
      method: 'POST', host: url.host, path: '/', query: { ProjectName: 'immtest' }, body,
      headers: { 'x-acs-action': 'CreateHighlightTask', 'x-acs-version': '2020-09-30', 'content-type': 'application/x-www-form-urlencoded' },
    }, cred)
    const { host: _host, ...toSend } = headers
    const res = await fetch(`${imm.url}/?ProjectName=immtest`, { method: 'POST', headers: toSend, body })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ Code: 'InvalidArgument', Message: expect.stringContaining('Sources[0].URI') })
  })

  it('rejects a replayed request (same nonce) with SignatureNonceUsed', async () => {
    await client().listTasks({ ProjectName: 'immtest' })
    const first = imm.requests[0]!
    const { host: _host, 'content-length': _len, connection: _c, ...replay } = first.headers
    const res = await fetch(`${imm.url}/?${new URLSearchParams(first.query).toString()}`, { method: 'POST', headers: replay })
    expect(await res.json()).toMatchObject({ Code: 'SignatureNonceUsed' })
  })

  it('rejects a clock 20 minutes off with InvalidTimeStamp.Expired', async () => {
    const skewed = createImmClient({
      endpoint: imm.url, retry: fast,
      signer: (req) => signRequestV3(req, cred, { date: new Date(Date.now() - 20 * 60_000) }),
    })
    await expect(skewed.listTasks({ ProjectName: 'immtest' })).rejects.toMatchObject({ Code: 'InvalidTimeStamp.Expired' })
  })

  it('uses a signer callback and reports how it authenticates', async () => {
    const calls: string[] = []
    const c = createImmClient({ endpoint: imm.url, retry: fast, signer: async (req) => { calls.push(req.headers['x-acs-action']!); return signRequestV3(req, cred) } })
    expect(c.auth).toBe('signer')
    await c.listTasks({ ProjectName: 'immtest' })
    expect(calls).toEqual(['ListTasks'])
  })

  it('reports an unreachable endpoint as CloudUnreachable (and retries read-only calls only)', async () => {
    let tries = 0
    const failing: typeof fetch = async () => { tries++; throw new TypeError('fetch failed') }
    const c = client({ fetch: failing })
    await expect(c.getTask({ ProjectName: 'p', TaskId: 't' })).rejects.toMatchObject({ Code: 'CloudUnreachable' })
    expect(tries).toBe(fast.attempts)
    tries = 0
    await expect(c.createHighlightTask(validRequest())).rejects.toMatchObject({ Code: 'CloudUnreachable' })
    expect(tries).toBe(1)
  })

  it('stops retrying when aborted', async () => {
    imm.setBehaviour({ respond: Array.from({ length: 5 }, () => ({ status: 503, Code: 'ServiceUnavailable' })) })
    const controller = new AbortController()
    const c = client({ retry: { attempts: 5, baseDelayMs: 200 } })
    const pending = c.getTask({ ProjectName: 'immtest', TaskId: 'x' }, { signal: controller.signal })
    setTimeout(() => controller.abort(), 50)
    await expect(pending).rejects.toMatchObject({ Code: 'RequestAborted' })
    expect(imm.requests.length).toBeLessThan(5)
  })
})

describe('runCloudTask against the fake IMM', () => {
  it('submits, polls and ends Succeeded, reporting each state', async () => {
    imm.setBehaviour({ runningPolls: 3 })
    const updates: string[] = []
    const final = await runCloudTask(client(), validRequest(), {
      pollIntervalMs: 5, onUpdate: (i) => updates.push(`${i.Status}:${i.Progress}`),
    })
    expect(final).toMatchObject({ Status: 'Succeeded', Progress: 100, CloudTaskId: expect.stringMatching(/^Highlight-/) })
    expect(final.EndTime).toBeTruthy()
    expect(updates).toEqual(['Running:0', 'Running:25', 'Running:50', 'Running:75', 'Succeeded:100'])
  })

  it('maps a Failed task onto Code and Message', async () => {
    imm.setBehaviour({ runningPolls: 0, outcome: { Status: 'Failed', Code: 'ResourceNotFound', Message: 'The specified resource oss://b/in/a.mp4 is not found.' } })
    const final = await runCloudTask(client(), validRequest(), { pollIntervalMs: 1 })
    expect(final).toMatchObject({ Status: 'Failed', Code: 'ResourceNotFound', Message: 'The specified resource oss://b/in/a.mp4 is not found.' })
  })

  it('on abort stops polling and says that IMM has no cancel', async () => {
    imm.setBehaviour({ runningPolls: 1000 })
    const controller = new AbortController()
    const run = runCloudTask(client(), validRequest(), {
      pollIntervalMs: 5, signal: controller.signal,
      onUpdate: (i) => { if (i.Progress > 0) controller.abort() },
    })
    const final = await run
    expect(final.Status).toBe('Cancelled')
    expect(final.Code).toBe('TaskCancelled')
    expect(final.Message).toContain('IMM has no cancel')
    expect(final.Message).toContain(final.CloudTaskId!)
    const polls = imm.requests.filter((r) => r.action === 'GetTask').length
    await new Promise((r) => setTimeout(r, 30))
    expect(imm.requests.filter((r) => r.action === 'GetTask').length).toBe(polls)
  })

  it('sends nothing for an invalid request', async () => {
    const bad = { ...validRequest(), Type: 'Summarise' }
    await expect(runCloudTask(client(), bad as never, { pollIntervalMs: 1 })).rejects.toMatchObject({ Code: 'InvalidArgument' })
    expect(imm.requests).toHaveLength(0)
  })
})

describe('through the reference signing proxy (examples/signing-proxy)', () => {
  it('runs a task end to end: page -> proxy -> fake IMM, no key in the client', async () => {
    const { startSigningProxy } = await import('../../examples/signing-proxy/server.mjs')
    const proxy = await startSigningProxy({ endpoint: imm.url, credentials: cred, projects: ['immtest'] })
    try {
      const c = createImmClient({ proxyURL: proxy.url, retry: fast })
      expect(c.auth).toBe('proxy')
      imm.setBehaviour({ runningPolls: 1, respond: [{ status: 503, Code: 'ServiceUnavailable' }] })
      const final = await runCloudTask(c, validRequest(), { pollIntervalMs: 1 })
      expect(final).toMatchObject({ Status: 'Succeeded', Progress: 100 })
      // The 503 came back through the proxy and the client retried it, freshly signed by the proxy.
      expect(imm.requests.map((r) => `${r.action}:${r.status}`)).toEqual([
        'CreateHighlightTask:503', 'CreateHighlightTask:200', 'GetTask:200', 'GetTask:200',
      ])
      expect(JSON.parse(imm.requests[1]!.form!.Sources!)).toEqual(validRequest().Sources)
    } finally {
      await proxy.close()
    }
  })

  it('passes IMM errors through with their Code, Message and RequestId', async () => {
    const { startSigningProxy } = await import('../../examples/signing-proxy/server.mjs')
    const proxy = await startSigningProxy({ endpoint: imm.url, credentials: { ...cred, accessKeySecret: 'wrong' } })
    try {
      const err = await createImmClient({ proxyURL: proxy.url, retry: fast }).getTask({ ProjectName: 'immtest', TaskId: 'x' }).catch((e: unknown) => e)
      expect(err).toMatchObject({ Code: 'SignatureDoesNotMatch', RequestId: expect.stringMatching(/^[0-9A-F-]{36}$/) })
      expect(imm.requests).toHaveLength(1)
    } finally {
      await proxy.close()
    }
  })

  it('surfaces the proxy\'s own refusals as HighlightError', async () => {
    const { startSigningProxy } = await import('../../examples/signing-proxy/server.mjs')
    const proxy = await startSigningProxy({ endpoint: imm.url, credentials: cred, projects: ['someone-else'] })
    try {
      await expect(createImmClient({ proxyURL: proxy.url, retry: fast }).listTasks({ ProjectName: 'immtest' }))
        .rejects.toMatchObject({ Code: 'Forbidden.Project', Message: expect.stringContaining('immtest') })
      expect(imm.requests).toHaveLength(0)
    } finally {
      await proxy.close()
    }
  })
})
