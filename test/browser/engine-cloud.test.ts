/**
 * The public engine in headless Chromium, with the cloud side as Node servers on loopback
 * (test/support/cloud-global-setup.ts): a fake IMM behind the reference signing proxy.
 *
 * - `auto` with an oss:// source and no resolver goes to the cloud through the proxy and succeeds; the page
 *   holds no key, and the proxy answers CORS for this page's origin under COOP/COEP.
 * - `local` with the same request fails without any network request: the page's fetch and XMLHttpRequest
 *   are recorded, resource timing is watched, and the fake IMM's and the proxy's own counters do not move.
 */
import { afterEach, describe, expect, inject, test } from 'vitest'
import { createHighlightEngine, type HighlightEngineOptions, type LocalHighlightEngine } from '../../src/runtime/create-engine.ts'
import { IndexedDbTaskStore } from '../../src/tasks/store-indexeddb.ts'
import type { HighlightRequestInput } from '../../src/contract/schema.ts'
import type { TaskInfo } from '../../src/contract/task.ts'
import type { CloudCounters } from '../support/cloud-global-setup.ts'
import { validRequest } from '../support/requests.ts'

const cloud = inject('cloudFake')
/** The page's own fetch, kept before any recorder is installed. */
const pageFetch = globalThis.fetch.bind(globalThis)

async function counters(): Promise<CloudCounters> {
  const res = await pageFetch(cloud.countersURL, { cache: 'no-store' })
  return (await res.json()) as CloudCounters
}

const engines: LocalHighlightEngine[] = []
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.dispose()))
})

function engineWith(options: HighlightEngineOptions): LocalHighlightEngine {
  const engine = createHighlightEngine({
    store: new IndexedDbTaskStore(`engine-cloud-${crypto.randomUUID()}`),
    pollIntervalMs: 10,
    ...options,
  })
  engines.push(engine)
  return engine
}

async function runToEnd(engine: LocalHighlightEngine, request: HighlightRequestInput): Promise<TaskInfo> {
  const { TaskId } = await engine.createHighlightTask(request)
  return engine.waitForTask(TaskId)
}

/** Records every fetch, XMLHttpRequest and resource load the page starts while installed. */
function recordNetwork() {
  const fetches: string[] = []
  const xhrs: string[] = []
  const resources: string[] = []
  const realFetch = globalThis.fetch
  const realOpen = XMLHttpRequest.prototype.open
  globalThis.fetch = (input, init) => {
    fetches.push(String(input instanceof Request ? input.url : input))
    return realFetch(input, init)
  }
  XMLHttpRequest.prototype.open = function (this: XMLHttpRequest, ...args: Parameters<XMLHttpRequest['open']>) {
    xhrs.push(String(args[1]))
    return (realOpen as (...a: unknown[]) => void).apply(this, args)
  } as XMLHttpRequest['open']
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) resources.push(entry.name)
  })
  observer.observe({ type: 'resource' })
  return {
    fetches, xhrs, resources,
    stop() {
      // Entries still queued in the observer are delivered by takeRecords.
      for (const entry of observer.takeRecords()) resources.push(entry.name)
      observer.disconnect()
      globalThis.fetch = realFetch
      XMLHttpRequest.prototype.open = realOpen
    },
  }
}

describe('the engine in Chromium with the cloud behind the signing proxy', () => {
  test('the page is cross-origin isolated (COOP/COEP), so the proxy answers had to satisfy COEP', () => {
    expect(crossOriginIsolated).toBe(true)
  })

  test("'auto' with an oss:// source and no resolver goes to the cloud through the proxy and succeeds", async () => {
    const before = await counters()
    const network = recordNetwork()
    let final: TaskInfo
    try {
      const engine = engineWith({ engine: 'auto', cloud: { proxyURL: cloud.proxyURL, retry: { attempts: 4, baseDelayMs: 1 } } })
      final = await runToEnd(engine, validRequest())
    } finally {
      network.stop()
    }
    const after = await counters()

    expect(final.Status, final.Message).toBe('Succeeded')
    expect(final).toMatchObject({ Progress: 100, Placement: { Engine: 'cloud' } })
    expect(final.Placement.Reason).toContain('auto: the browser cannot run it: Sources[0].URI oss://bucket/in/a.mp4 has no local resolver')
    expect(final.Placement.CloudTaskId).toMatch(/^Highlight-[0-9a-f-]{36}$/)

    // The page called only the proxy, and never with a signature of its own.
    expect(network.fetches.length).toBeGreaterThanOrEqual(3)
    expect(new Set(network.fetches)).toEqual(new Set([cloud.proxyURL]))
    expect(network.xhrs).toEqual([])
    // The proxy signed each call and the fake IMM accepted every signature: one task, followed to its end.
    expect(after.imm.tasks - before.imm.tasks).toBe(1)
    expect(after.imm.rejected - before.imm.rejected).toBe(0)
    expect((after.imm.byAction.CreateHighlightTask ?? 0) - (before.imm.byAction.CreateHighlightTask ?? 0)).toBe(1)
    expect((after.imm.byAction.GetTask ?? 0) - (before.imm.byAction.GetTask ?? 0)).toBe(2)
    // Every POST the page sent reached the proxy (plus any CORS preflights Chromium made).
    const posts = (after.proxy.requests - before.proxy.requests) - (after.proxy.preflights - before.proxy.preflights)
    expect(posts).toBe(network.fetches.length)
  })

  test("'local' with the same request fails without any network request", async () => {
    const before = await counters()
    // Installed before the engine exists, so that nothing the engine captures at creation escapes it.
    const network = recordNetwork()
    let final: TaskInfo
    try {
      const engine = engineWith({ engine: 'local', cloud: { proxyURL: cloud.proxyURL } })
      final = await runToEnd(engine, validRequest())
    } finally {
      network.stop()
    }
    const after = await counters()

    expect(final.Status).toBe('Failed')
    expect(['UnsupportedCapability', 'ResourceNotFound']).toContain(final.Code)
    expect(final.Message).toContain('Sources[0].URI')
    expect(final.Message).toContain('oss://bucket/in/a.mp4')
    expect(final.Placement.Engine).toBe('local')

    expect(network.fetches).toEqual([])
    expect(network.xhrs).toEqual([])
    expect(network.resources).toEqual([])
    expect(after).toEqual(before)
  })
})
