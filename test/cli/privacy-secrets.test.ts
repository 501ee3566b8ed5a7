/**
 * No AccessKey secret (nor STS token) ever appears in what the engine keeps or says: task records (getTask,
 * listTasks, the store itself), progress/status events, notifications, errors, console output, nor in the requests
 * it sends. Cloud tasks run through the public engine against the fake IMM (test/support/fake-imm.ts), which checks
 * every signature with the official SDK; they succeed, fail on IMM's side, meet 503s, and are refused for a wrong key.
 */
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { createHighlightEngine, type LocalHighlightEngine } from '../../src/runtime/create-engine.ts'
import { MemoryTaskStore } from '../../src/tasks/store.ts'
import type { HighlightRequestInput } from '../../src/contract/schema.ts'
import { startFakeImm, type FakeImm } from '../support/fake-imm.ts'
import { validRequest } from '../support/requests.ts'

const SECRET = 'privacy-secret-Zq8w3N-人物-never-shown'
const TOKEN = 'privacy-sts-token-Kd93-never-shown'
const WRONG_SECRET = 'privacy-wrong-secret-Xy77-never-shown'
const KEY_ID = 'LTAIprivacyKey'
/** Every form a secret could leak in: as is, URI-encoded, base64. */
const forms = (values: string[]) => values.flatMap((s) => [s, encodeURIComponent(s), Buffer.from(s).toString('base64')])
const FORBIDDEN = forms([SECRET, TOKEN, WRONG_SECRET])
/** IMM must receive the STS token (x-acs-security-token) but never an AccessKey secret. */
const FORBIDDEN_ON_THE_WIRE = forms([SECRET, WRONG_SECRET])

let imm: FakeImm
beforeAll(async () => {
  imm = await startFakeImm({ accessKeyId: KEY_ID, accessKeySecret: SECRET, securityToken: TOKEN })
})
afterAll(() => imm.close())

/** Everything written to the console or to stdout/stderr while `work` runs. */
async function captureOutput<T>(work: () => Promise<T>): Promise<{ value: T; output: string[] }> {
  const output: string[] = []
  const record = (...args: unknown[]) => output.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' '))
  const spies = (['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((m) => vi.spyOn(console, m).mockImplementation(record))
  const writes = [process.stdout, process.stderr].map((s) => vi.spyOn(s, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output.push(String(chunk))
    return true
  }))
  try {
    return { value: await work(), output }
  } finally {
    for (const s of [...spies, ...writes]) s.mockRestore()
  }
}

/** Serialises anything, errors included (message, stack, Code, Message and causes). */
function dump(value: unknown): string {
  const seen = new WeakSet()
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Error) {
      return { name: v.name, message: v.message, stack: v.stack, ...Object.fromEntries(Object.entries(v)), cause: v.cause }
    }
    if (typeof v === 'object' && v !== null) {
      if (seen.has(v)) return '[seen]'
      seen.add(v)
    }
    return v
  })
}

function expectNoSecret(where: string, text: string, forbidden = FORBIDDEN): void {
  for (const secret of forbidden) expect(text.includes(secret), `${where} carries a secret`).toBe(false)
}

async function runEverything(engine: LocalHighlightEngine, store: MemoryTaskStore, request: HighlightRequestInput) {
  const events: unknown[] = []
  for (const type of ['progress', 'status', 'notification'] as const) engine.on(type, (e) => events.push(e))
  const { TaskId } = await engine.createHighlightTask(request)
  const final = await engine.waitForTask(TaskId)
  return {
    final,
    events,
    getTask: await engine.getTask({ TaskId, RequestDefinition: true }),
    listTasks: await engine.listTasks({ RequestDefinition: true }),
    store: await store.all(),
  }
}

describe('the AccessKey secret stays out of everything the engine keeps or says', () => {
  test.each([
    { case: 'a task that succeeds', secret: SECRET, script: { runningPolls: 1, outcome: { Status: 'Succeeded' as const } }, status: 'Succeeded' },
    { case: 'a task IMM fails', secret: SECRET, script: { outcome: { Status: 'Failed' as const, Code: 'InvalidParameter.Source', Message: 'bad source' } }, status: 'Failed' },
    { case: 'a task after two 503s', secret: SECRET, script: { respond: [{ status: 503, Code: 'ServiceUnavailable' }, { status: 503, Code: 'ServiceUnavailable' }] }, status: 'Succeeded' },
    { case: 'a wrong secret (signature refused)', secret: WRONG_SECRET, script: {}, status: 'Failed' },
  ])('$case', async ({ secret, script, status }) => {
    imm.requests.length = 0
    imm.setBehaviour({ respond: [], runningPolls: 1, outcome: { Status: 'Succeeded' }, ...script })
    const store = new MemoryTaskStore()
    const { value, output } = await captureOutput(async () => {
      const engine = createHighlightEngine({
        engine: 'cloud', store, pollIntervalMs: 5,
        cloud: { endpoint: imm.url, credentials: { accessKeyId: KEY_ID, accessKeySecret: secret, securityToken: TOKEN }, retry: { attempts: 4, baseDelayMs: 1 } },
      })
      try {
        const seen = await runEverything(engine, store, validRequest())
        // A refused operation's error, too.
        const refused = await engine.cancelTask({ TaskId: seen.final.TaskId }).catch((e: unknown) => e)
        return { ...seen, refused }
      } finally {
        await engine.dispose()
      }
    })
    expect(value.final.Status, value.final.Message).toBe(status)
    expect(value.refused).toBeInstanceOf(Error)
    expect(imm.requests.length).toBeGreaterThan(0)
    if (secret === WRONG_SECRET) expect(imm.requests.every((r) => r.status !== 200)).toBe(true)

    expectNoSecret('the final TaskInfo', dump(value.final))
    expectNoSecret('getTask', dump(value.getTask))
    expectNoSecret('listTasks', dump(value.listTasks))
    expectNoSecret('the store', dump(value.store))
    expectNoSecret('the events and notifications', dump(value.events))
    expectNoSecret('the refused cancel', dump(value.refused))
    expectNoSecret('the console', output.join('\n'))
    expectNoSecret('the requests sent to IMM', dump(imm.requests), FORBIDDEN_ON_THE_WIRE)
    // The token travels in its header only.
    for (const r of imm.requests) {
      const { 'x-acs-security-token': token, ...headers } = r.headers
      expect(token).toBe(TOKEN)
      expectNoSecret('a request other than its token header', dump({ ...r, headers }))
    }
    expect(value.events.some((e) => (e as { type?: string }).type === 'imm:Task:Highlight')).toBe(true)
  })
})
