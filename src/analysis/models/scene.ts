/** createSceneScorer(): per-frame quality (sharpness, exposure, contrast, colourfulness) in workers/scene.worker.ts. */
import * as Comlink from 'comlink'
import type { SceneScorer } from '../detectors.ts'
import type { SceneWorkerApi } from '../../../workers/scene.worker.ts'
import { buffersOf, checkFrames, WorkerHost, type WorkerOptions } from './worker-host.ts'

const spawnSceneWorker = () => new Worker(new URL('../../../workers/scene.worker.ts', import.meta.url), { type: 'module', name: 'scene' })

/** Starts a scene worker. Frames passed to `score` are transferred; a dead worker rejects with `WorkerCrashed`. */
export async function createSceneScorer(options: WorkerOptions = {}): Promise<SceneScorer> {
  const host = new WorkerHost<SceneWorkerApi>((options.spawn ?? spawnSceneWorker)(), 'scene')
  await host.call((w) => w.init({ numThreads: options.numThreads ?? 1 }))
  return {
    score: async (frames) => {
      checkFrames(frames, 'scene scorer')
      return host.call((w) => w.score(Comlink.transfer(frames, buffersOf(frames.map((f) => f.data)))))
    },
    timings: () => host.call((w) => w.timings()),
    dispose: async () => host.dispose(),
  }
}
