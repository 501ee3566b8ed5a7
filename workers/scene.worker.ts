/** Scene worker: the hand-built quality graph (models/scene) over batches of RGBA frames, through onnxruntime-web (wasm). */
import * as Comlink from 'comlink'
import * as ort from 'onnxruntime-web/wasm'
import type { FrameQuality, RgbaFrame } from '../src/analysis/detectors.ts'
import { scoreFrames } from '../src/analysis/models/scene-quality.ts'
import { configureOrt, ModelCache } from '../src/analysis/models/session.ts'
import { Timings } from '../src/analysis/models/timings.ts'

const MODEL_URLS = { scene: new URL('../models/scene/scene-quality.onnx', import.meta.url).href }

let models: ModelCache<'scene'> | undefined
const timings = new Timings()

const api = {
  init({ numThreads }: { numThreads: number }): void {
    if (models) throw new Error('scene worker: already initialised')
    configureOrt(ort, numThreads)
    models = new ModelCache(ort, MODEL_URLS)
  },

  async score(frames: RgbaFrame[]): Promise<FrameQuality[]> {
    if (!models) throw new Error('scene worker: init() first')
    const model = await models.get('scene')
    return timings.time('scene-quality', frames.length, () => scoreFrames(model, frames))
  },

  timings: (): Record<string, number> => timings.means(),
}

export type SceneWorkerApi = typeof api
Comlink.expose(api)
