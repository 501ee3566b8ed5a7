/**
 * Long sessions and bursts on one engine in one page: 50 small renders in a row (all succeed; memory stays within
 * a stated bound after the first 5), and 10 tasks submitted at once (they queue one at a time in submission order,
 * all finish, progress events stay per task). The figures are printed and recorded in docs/reliability.md.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createHighlightEngine, type LocalHighlightEngine } from '../../src/runtime/create-engine.ts'
import { MemoryTaskStore } from '../../src/tasks/store.ts'
import type { HighlightRequestInput } from '../../src/contract/schema.ts'
import type { ProgressEvent, StatusEvent } from '../../src/tasks/events.ts'
import { sharedRunner } from '../../src/render/ffmpeg-runner.ts'
import { badMedia, settle } from '../support/bad-media.ts'
import { spyOnWorkers } from '../support/worker-spy.ts'

const spy = spyOnWorkers()

const MB = 1024 * 1024
/** Bounds on growth between task 5 and task 50 (generous: they catch a leak of a few MB per task, not noise). */
const JS_HEAP_BOUND = 64 * MB
const ALL_CONTEXTS_BOUND = 128 * MB

let engine: LocalHighlightEngine
beforeAll(async () => {
  engine = createHighlightEngine({ store: new MemoryTaskStore(), files: { 'local://good.mp4': await badMedia('good.mp4') }, detectors: false })
})
afterAll(async () => {
  await engine?.dispose()
  spy.restore()
})

let n = 0
/** A small render: the 2 s clip re-encoded (so the encoder runs every time), output as a Blob. */
const small = (): HighlightRequestInput => ({
  ProjectName: 'load', Type: 'Concat', Sources: [{ URI: 'local://good.mp4' }],
  Output: { URI: `mem://load/${n++}.mp4`, Container: 'mp4', Video: { TranscodeVideo: { Codec: 'h264', Resolution: '160x90', CRF: 30 } } },
})

interface MemorySample { task: number; jsHeap: number; allContexts?: number }

/**
 * Main-thread JS heap (performance.memory) and, when `everyContext`, the JS memory of every context of the page
 * (measureUserAgentSpecificMemory: the page and its workers; it takes 10-20 s to answer, so it is sampled twice).
 * Neither sees ffmpeg.wasm's linear memory; the test checks instead that its file system holds no leftovers.
 */
async function sampleMemory(task: number, everyContext: boolean): Promise<MemorySample> {
  const perf = performance as Performance & {
    memory?: { usedJSHeapSize: number }
    measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }>
  }
  const all = everyContext && perf.measureUserAgentSpecificMemory && crossOriginIsolated
    ? await Promise.race([perf.measureUserAgentSpecificMemory().then((m) => m.bytes), new Promise<undefined>((r) => setTimeout(r, 30_000))])
    : undefined
  return { task, jsHeap: perf.memory?.usedJSHeapSize ?? 0, ...(all !== undefined ? { allContexts: all } : {}) }
}

const mb = (bytes: number) => (bytes / MB).toFixed(1)

describe('load', () => {
  test('50 small renders in a row all succeed, and memory does not grow beyond the bound after the first 5', async () => {
    const samples: MemorySample[] = []
    const times: number[] = []
    for (let i = 1; i <= 50; i++) {
      const { TaskId } = await engine.createHighlightTask(small())
      const info = await settle(engine, TaskId, 60_000)
      expect(info.Status, `task ${i}: ${info.Code} ${info.Message}`).toBe('Succeeded')
      expect(info.Result?.Outputs[0]?.Size).toBeGreaterThan(1000)
      times.push(info.elapsedMs)
      if ([1, 5, 10, 20, 30, 40, 50].includes(i)) samples.push(await sampleMemory(i, i === 5 || i === 50))
    }
    const at5 = samples.find((s) => s.task === 5)!
    const at50 = samples.find((s) => s.task === 50)!
    console.log([
      'memory after task: JS heap (main thread) / all contexts (measureUserAgentSpecificMemory)',
      ...samples.map((s) => `  ${s.task}: ${mb(s.jsHeap)} MB / ${s.allContexts !== undefined ? `${mb(s.allContexts)} MB` : 'n/a'}`),
      `task time: median ${times.slice().sort((a, b) => a - b)[25]} ms, max ${Math.max(...times)} ms`,
    ].join('\n'))
    // ffmpeg.wasm: one instance for the whole session, and nothing left in its memory file system.
    expect(spy.spawned.filter((w) => w.url.includes('@ffmpeg/ffmpeg'))).toHaveLength(1)
    const leftovers = await sharedRunner().use((ff) => ff.listDir('/'))
    expect(leftovers.map((e) => e.name).filter((name) => /^r\d+$/.test(name))).toEqual([])
    expect(at5.jsHeap).toBeGreaterThan(0) // performance.memory exists in Chromium
    expect(at50.jsHeap - at5.jsHeap).toBeLessThan(JS_HEAP_BOUND)
    if (at5.allContexts !== undefined && at50.allContexts !== undefined) {
      expect(at50.allContexts - at5.allContexts).toBeLessThan(ALL_CONTEXTS_BOUND)
    }
  })

  test('10 tasks submitted at once queue one at a time in submission order, all finish, and progress stays per task', async () => {
    const progress = new Map<string, ProgressEvent[]>()
    const started = new Map<string, number>()
    const ended = new Map<string, number>()
    const offProgress = engine.on('progress', (e) => {
      if (!progress.has(e.TaskId)) {
        progress.set(e.TaskId, [])
        started.set(e.TaskId, performance.now())
      }
      progress.get(e.TaskId)!.push(e)
    })
    const offStatus = engine.on('status', (e: StatusEvent) => ended.set(e.TaskId, performance.now()))

    const ids = (await Promise.all(Array.from({ length: 10 }, () => engine.createHighlightTask(small())))).map((r) => r.TaskId)
    // All are listed at once; those waiting read Running with Progress 0 (IMM has no queued status).
    const listed = await engine.listTasks({ MaxResults: 100 })
    const waiting = listed.Tasks.filter((t) => ids.includes(t.TaskId))
    expect(waiting).toHaveLength(10)
    expect(waiting.every((t) => t.Status === 'Running')).toBe(true)
    expect(waiting.filter((t) => t.Progress === 0).length).toBeGreaterThanOrEqual(9)

    const infos = await Promise.all(ids.map((id) => settle(engine, id, 120_000)))
    offProgress()
    offStatus()
    expect(infos.map((i) => i.Status)).toEqual(Array(10).fill('Succeeded'))
    expect(new Set(infos.map((i) => i.Result!.Outputs[0]!.URI)).size).toBe(10)

    // Concurrency 1 (the default): each task starts after the previous one ended, in submission order.
    for (let i = 1; i < ids.length; i++) {
      expect(started.get(ids[i]!)!).toBeGreaterThanOrEqual(ended.get(ids[i - 1]!)!)
    }
    // Each task's own progress only goes up, within 0..100, through its own stages.
    for (const id of ids) {
      const events = progress.get(id)!
      expect(events.length).toBeGreaterThan(2)
      expect(events.every((e) => e.TaskId === id && e.Progress >= 0 && e.Progress <= 100)).toBe(true)
      expect(events.map((e) => e.Progress)).toEqual(events.map((e) => e.Progress).sort((a, b) => a - b))
      expect(new Set(events.map((e) => e.Stage))).toEqual(new Set(['resolve', 'probe', 'plan', 'render']))
      expect((await engine.getTask({ TaskId: id })).Progress).toBe(100)
    }
  })
})
