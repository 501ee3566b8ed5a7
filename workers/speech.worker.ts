/** Speech worker: Silero VAD v5 over 16 kHz mono audio, state kept between calls, through onnxruntime-web (wasm). */
import * as Comlink from 'comlink'
import * as ort from 'onnxruntime-web/wasm'
import { configureOrt, ModelCache } from '../src/analysis/models/session.ts'
import { Timings } from '../src/analysis/models/timings.ts'
import { VadStream } from '../src/analysis/models/vad.ts'

const MODEL_URLS = { vad: new URL('../models/speech/silero-vad-v5.onnx', import.meta.url).href }

let models: ModelCache<'vad'> | undefined
let stream: VadStream | undefined
const timings = new Timings()

const api = {
  init({ numThreads }: { numThreads: number }): void {
    if (models) throw new Error('speech worker: already initialised')
    configureOrt(ort, numThreads)
    models = new ModelCache(ort, MODEL_URLS)
  },

  /** One probability per 512-sample window; `reset` starts a new source (state, context and leftovers cleared). */
  async speechProbabilities(pcm: Float32Array, reset: boolean): Promise<Float32Array> {
    if (!models) throw new Error('speech worker: init() first')
    stream ??= new VadStream(await models.get('vad'))
    if (reset) stream.reset()
    const s = stream
    const windows = Math.floor(pcm.length / 512) || 1
    const probabilities = await timings.time('silero-vad-v5', windows, () => s.push(pcm))
    return Comlink.transfer(probabilities, [probabilities.buffer as ArrayBuffer])
  },

  timings: (): Record<string, number> => timings.means(),
}

export type SpeechWorkerApi = typeof api
Comlink.expose(api)
