/**
 * Dead workers: ffmpeg.wasm's worker and the model and media workers crash or are killed mid-task. The task ends
 * Failed with WorkerCrashed (bounded), the worker is replaced, and the next task on the same engine succeeds.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createHighlightEngine, lazyDefaultDetectors, type LocalHighlightEngine } from '../../src/runtime/create-engine.ts'
import type { CallWatchdog } from '../../src/analysis/models/index.ts'
import { MemoryTaskStore } from '../../src/tasks/store.ts'
import { sharedRunner } from '../../src/render/ffmpeg-runner.ts'
import type { HighlightRequestInput } from '../../src/contract/schema.ts'
import { badMedia, settle } from '../support/bad-media.ts'
import { crashComlinkWorker, crashOnCall, spyOnWorkers } from '../support/worker-spy.ts'

const spy = spyOnWorkers()
let files: Record<string, Blob>
const engines: LocalHighlightEngine[] = []
const modelSets: { dispose(): Promise<void> }[] = []

beforeAll(async () => {
  files = { 'local://good.mp4': await badMedia('good.mp4') }
})
afterAll(async () => {
  await Promise.all(engines.map((e) => e.dispose()))
  await Promise.all(modelSets.map((m) => m.dispose()))
  spy.restore()
})

function engineWith(detectors: 'models' | 'none'): LocalHighlightEngine {
  const engine = createHighlightEngine({ store: new MemoryTaskStore(), files, ...(detectors === 'none' ? { detectors: false } : {}) })
  engines.push(engine)
  return engine
}

/** An engine whose model workers (the default set, replaced the same way after a crash) answer within `watchdog`. */
function engineWithWatchdog(watchdog: CallWatchdog): LocalHighlightEngine {
  const models = lazyDefaultDetectors(async () => {
    const m = await import('../../src/analysis/models/index.ts')
    const [character, scene, speech] = await Promise.all([
      m.createCharacterDetector({ watchdog }), m.createSceneScorer({ watchdog }), m.createSpeechDetector({ watchdog }),
    ])
    return { character, scene, speech }
  })
  modelSets.push(models)
  const engine = createHighlightEngine({ store: new MemoryTaskStore(), files, detectors: models.get })
  engines.push(engine)
  return engine
}

/** Terminates the worker right after the page sends it a call to `method`: no error event, the call never returns. */
function killOnCall(worker: Worker, method: string): Promise<void> {
  return new Promise((killed) => {
    const post = worker.postMessage.bind(worker) as (message: unknown, transfer?: Transferable[]) => void
    worker.postMessage = ((message: { type?: string; path?: string[] }, transfer?: Transferable[]) => {
      post(message, transfer)
      if (message?.type === 'APPLY' && message.path?.[0] === method) {
        worker.postMessage = post as Worker['postMessage']
        worker.terminate()
        killed()
      }
    }) as Worker['postMessage']
  })
}

/** A render long enough to be stopped midway: the clip four times, re-encoded at 640x360 (8 s). */
const longRender = (): HighlightRequestInput => ({
  ProjectName: 'faults', Type: 'Concat', Sources: Array.from({ length: 4 }, () => ({ URI: 'local://good.mp4' })),
  Output: { URI: 'mem://faults/long.mp4', Container: 'mp4', Video: { TranscodeVideo: { Codec: 'h264', Resolution: '640x360' } } },
})
const smallRender = (): HighlightRequestInput => ({
  ProjectName: 'faults', Type: 'Concat', Sources: [{ URI: 'local://good.mp4' }], Output: { URI: 'mem://faults/small.mp4', Container: 'mp4' },
})
const composeFaces = (): HighlightRequestInput => ({
  ProjectName: 'faults', Type: 'Compose', Mode: 'Average', Sources: [{ URI: 'local://good.mp4' }], Highlight: { Content: '人物' },
  Output: { URI: 'mem://faults/compose.mp4', Container: 'mp4', MaxDuration: 2 },
})

/** Calls `act` once, when the task first reports progress inside `stage`. */
function onceInStage(engine: LocalHighlightEngine, stage: string, act: () => void): void {
  const off = engine.on('progress', (e) => {
    if (e.Stage === stage && e.StageProgress > 0 && e.StageProgress < 1) {
      off()
      act()
    }
  })
}

async function runTask(engine: LocalHighlightEngine, request: HighlightRequestInput, bound: number) {
  const { TaskId } = await engine.createHighlightTask(request)
  return settle(engine, TaskId, bound)
}

const byName = (name: string) => spy.spawned.filter((w) => w.name === name)
const ffmpegWorkers = () => spy.spawned.filter((w) => w.url.includes('@ffmpeg/ffmpeg'))

describe('ffmpeg.wasm worker', () => {
  test('crashes mid-render (the runner loses its instance): Failed WorkerCrashed at once, then a fresh instance renders the next task', async () => {
    const engine = engineWith('none')
    onceInStage(engine, 'render', () => sharedRunner().terminate())
    const before = ffmpegWorkers().length
    const failed = await runTask(engine, longRender(), 30_000)
    expect(failed).toMatchObject({ Status: 'Failed', Code: 'WorkerCrashed' })
    expect(failed.Message).toMatch(/ffmpeg crashed/)

    const next = await runTask(engine, smallRender(), 60_000)
    expect(next.Status, next.Message).toBe('Succeeded')
    expect(ffmpegWorkers().length).toBeGreaterThan(before)
  })

  test('killed silently mid-render (worker.terminate(), no error event): the stall watchdog fails it with WorkerCrashed within 90 s', async () => {
    const engine = engineWith('none')
    onceInStage(engine, 'render', () => ffmpegWorkers().at(-1)!.worker.terminate())
    const failed = await runTask(engine, longRender(), 90_000)
    expect(failed).toMatchObject({ Status: 'Failed', Code: 'WorkerCrashed' })
    expect(failed.Message).toMatch(/ffmpeg made no progress for 60 s/)
    console.log(`silent ffmpeg kill detected after ${failed.elapsedMs} ms`)

    const next = await runTask(engine, smallRender(), 60_000)
    expect(next.Status, next.Message).toBe('Succeeded')
  })
})

describe('model and media workers', () => {
  test('the character worker crashes during a detect call: Failed WorkerCrashed naming it; the next task runs on a new set of workers', async () => {
    const engine = engineWith('models')
    const characters = byName('character').length
    spy.onSpawn((w) => {
      if (w.name === 'character') void crashOnCall(w.worker, 'detect')
    })
    const failed = await runTask(engine, composeFaces(), 120_000)
    spy.onSpawn(undefined)
    expect(failed).toMatchObject({ Status: 'Failed', Code: 'WorkerCrashed' })
    expect(failed.Message).toMatch(/character worker crashed/)

    const next = await runTask(engine, composeFaces(), 120_000)
    expect(next.Status, next.Message).toBe('Succeeded')
    expect(byName('character').length).toBe(characters + 2)
  })

  test('the character worker is killed silently during a detect call: the call watchdog fails the task with WorkerCrashed within its bound; the next task runs on a new set', async () => {
    // 3 s floor, 1 s per frame: good.mp4 (2 s) hands the models batches of at most 4 frames, so every bound is 3 to 4 s.
    const watchdog = { minimumMs: 3_000, perItemMs: 1_000 }
    const engine = engineWithWatchdog(watchdog)
    const characters = byName('character').length
    let killedAt = 0
    spy.onSpawn((w) => {
      if (w.name === 'character') void killOnCall(w.worker, 'detect').then(() => (killedAt = performance.now()))
    })
    const failed = await runTask(engine, composeFaces(), 60_000)
    const detectedAfter = performance.now() - killedAt
    spy.onSpawn(undefined)
    expect(failed).toMatchObject({ Status: 'Failed', Code: 'WorkerCrashed' })
    expect(failed.Message).toMatch(/character worker stopped answering: no reply to detect of \d frames within [34] s \(while analysing the sources\)/)
    // Ended by the watchdog (not before it, and not much after: the rest of the task unwinds at once).
    expect(killedAt).toBeGreaterThan(0)
    expect(detectedAfter).toBeGreaterThanOrEqual(3_000)
    expect(detectedAfter).toBeLessThan(4_000 + 2_000)
    console.log(`silent character kill: task ended ${Math.round(detectedAfter)} ms after the kill (task ${failed.elapsedMs} ms): ${failed.Message}`)

    const next = await runTask(engine, composeFaces(), 120_000)
    expect(next.Status, next.Message).toBe('Succeeded')
    expect(byName('character').length).toBe(characters + 2)
  })

  test('a model worker that crashed while idle, or was terminated while idle, is replaced before the next task', async () => {
    const engine = engineWith('models')
    expect((await runTask(engine, composeFaces(), 120_000)).Status).toBe('Succeeded')

    const scenes = byName('scene').length
    crashComlinkWorker(byName('scene').at(-1)!.worker)
    await new Promise((r) => setTimeout(r, 100))
    const afterCrash = await runTask(engine, composeFaces(), 120_000)
    expect(afterCrash.Status, afterCrash.Message).toBe('Succeeded')
    expect(byName('scene').length).toBe(scenes + 1)

    const speeches = byName('speech').length
    byName('speech').at(-1)!.worker.terminate() // no event at all: only the health check can tell
    const afterKill = await runTask(engine, composeFaces(), 120_000)
    expect(afterKill.Status, afterKill.Message).toBe('Succeeded')
    expect(byName('speech').length).toBe(speeches + 1)
  })

  test('the media (decode) worker crashes mid-analysis: Failed WorkerCrashed naming the source; the next task succeeds', async () => {
    const engine = engineWith('none')
    spy.onSpawn((w) => {
      if (w.name === 'media') void crashOnCall(w.worker, 'decode')
    })
    const failed = await runTask(engine, composeFaces(), 60_000)
    spy.onSpawn(undefined)
    expect(failed).toMatchObject({ Status: 'Failed', Code: 'WorkerCrashed' })
    expect(failed.Message).toMatch(/Sources\[0\] \(local:\/\/good\.mp4\): media worker crashed/)

    const next = await runTask(engine, composeFaces(), 60_000)
    expect(next.Status, next.Message).toBe('Succeeded')
  })
})
