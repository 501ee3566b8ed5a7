/** createSceneScorer(): per-frame quality (sharpness, exposure, contrast, colourfulness) in workers/scene.worker.ts. */
import * as Comlink from 'comlink'
import type { SceneScorer } from '../detectors.ts'
import type { SceneWorkerApi } from '../../../workers/scene.worker.ts'
import { buffersOf, checkFrames, WorkerHost, workerBounds, type WorkerOptions } from './worker-host.ts'

const spawnSceneWorker = () => new Worker(new URL('../../../workers/scene.worker.ts', import.meta.url), { type: 'module', name: 'scene' })

/**
 * Starts a scene worker. Frames passed to `score` are transferred; a dead worker, or one that leaves a call
 * unanswered past its watchdog, rejects with `WorkerCrashed`.
 */
export async function createSceneScorer(options: WorkerOptions = {}): Promise<SceneScorer> {
  const host = new WorkerHost<SceneWorkerApi>((options.spawn ?? spawnSceneWorker)(), 'scene')
  const bounds = workerBounds(options.watchdog)
  await host.call((w) => w.init({ numThreads: options.numThreads ?? 1 }), bounds.init)
  return {
    score: async (frames) => {
      checkFrames(frames, 'scene scorer')
      const bound = bounds.work('score', frames.length, 'frames')
      return host.call((w) => w.score(Comlink.transfer(frames, buffersOf(frames.map((f) => f.data)))), bound)
    },
    timings: () => host.call((w) => w.timings(), bounds.timings),
    dispose: async () => host.dispose(),
  }
}
