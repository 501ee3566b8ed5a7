/** createSpeechDetector(): Silero VAD v5 speech probabilities in workers/speech.worker.ts. */
import * as Comlink from 'comlink'
import type { SpeechDetector } from '../detectors.ts'
import type { SpeechWorkerApi } from '../../../workers/speech.worker.ts'
import { WorkerHost, workerBounds, type WorkerOptions } from './worker-host.ts'
import { VAD_SAMPLE_RATE } from './vad.ts'

const spawnSpeechWorker = () => new Worker(new URL('../../../workers/speech.worker.ts', import.meta.url), { type: 'module', name: 'speech' })

/**
 * Starts a speech worker. `pcm16k` is transferred (detached afterwards). `reset` defaults to true (a new source);
 * pass `reset: false` for the following chunks of the same source: samples short of a full window wait for the next chunk.
 * A dead worker, or one that leaves a call unanswered past its watchdog (a second of audio counts as one item),
 * rejects with `WorkerCrashed`.
 */
export async function createSpeechDetector(options: WorkerOptions = {}): Promise<SpeechDetector> {
  const host = new WorkerHost<SpeechWorkerApi>((options.spawn ?? spawnSpeechWorker)(), 'speech')
  const bounds = workerBounds(options.watchdog)
  await host.call((w) => w.init({ numThreads: options.numThreads ?? 1 }), bounds.init)
  return {
    speechProbabilities: (pcm16k, opts) => {
      const bound = bounds.work('speechProbabilities', Math.round((pcm16k.length / VAD_SAMPLE_RATE) * 10) / 10, 's of audio')
      return host.call((w) => w.speechProbabilities(Comlink.transfer(pcm16k, [pcm16k.buffer as ArrayBuffer]), opts?.reset ?? true), bound)
    },
    timings: () => host.call((w) => w.timings(), bounds.timings),
    dispose: async () => host.dispose(),
  }
}
