/** createCharacterDetector(): faces + persons/pets/balls in a module worker (workers/character.worker.ts). */
import * as Comlink from 'comlink'
import type { CharacterDetector } from '../detectors.ts'
import type { CharacterWorkerApi } from '../../../workers/character.worker.ts'
import type { FaceModelName } from './blazeface.ts'
import { buffersOf, checkFrames, WorkerHost, workerBounds, type WorkerOptions } from './worker-host.ts'

export interface CharacterDetectorOptions extends WorkerOptions {
  /** "front" (128, two square crops per 16:9 frame; default) or "back" (256, one letterboxed pass; smaller faces). */
  faceModel?: FaceModelName
}

const spawnCharacterWorker = () => new Worker(new URL('../../../workers/character.worker.ts', import.meta.url), { type: 'module', name: 'character' })

/**
 * Starts a character worker. Frames passed to `detect` are transferred (their buffers are detached afterwards).
 * If the worker dies, or leaves a call unanswered past its watchdog, pending and later calls reject with
 * `WorkerCrashed`; create a new detector to go on.
 */
export async function createCharacterDetector(options: CharacterDetectorOptions = {}): Promise<CharacterDetector> {
  const host = new WorkerHost<CharacterWorkerApi>((options.spawn ?? spawnCharacterWorker)(), 'character')
  const bounds = workerBounds(options.watchdog)
  await host.call((w) => w.init({ numThreads: options.numThreads ?? 1, faceModel: options.faceModel ?? 'front' }), bounds.init)
  return {
    detect: async (frames, detectOptions) => {
      checkFrames(frames, 'character detector')
      const bound = bounds.work('detect', frames.length, 'frames')
      return host.call((w) => w.detect(Comlink.transfer(frames, buffersOf(frames.map((f) => f.data))), detectOptions), bound)
    },
    timings: () => host.call((w) => w.timings(), bounds.timings),
    dispose: async () => host.dispose(),
  }
}
