/** createSpeechDetector(): Silero VAD v5 speech probabilities in workers/speech.worker.ts. */
import * as Comlink from 'comlink'
import type { SpeechDetector } from '../detectors.ts'
import type { SpeechWorkerApi } from '../../../workers/speech.worker.ts'
import { WorkerHost, type WorkerOptions } from './worker-host.ts'

const spawnSpeechWorker = () => new Worker(new URL('../../../workers/speech.worker.ts', import.meta.url), { type: 'module', name: 'speech' })

/**
 * Starts a speech worker. `pcm16k` is transferred (detached afterwards). `reset` defaults to true (a new source);
 * pass `reset: false` for the following chunks of the same source: samples short of a full window wait for the next chunk.
 */
export async function createSpeechDetector(options: WorkerOptions = {}): Promise<SpeechDetector> {
  const host = new WorkerHost<SpeechWorkerApi>((options.spawn ?? spawnSpeechWorker)(), 'speech')
  await host.call((w) => w.init({ numThreads: options.numThreads ?? 1 }))
  return {
    speechProbabilities: (pcm16k, opts) =>
      host.call((w) => w.speechProbabilities(Comlink.transfer(pcm16k, [pcm16k.buffer as ArrayBuffer]), opts?.reset ?? true)),
    timings: () => host.call((w) => w.timings()),
    dispose: async () => host.dispose(),
  }
}
