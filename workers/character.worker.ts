/**
 * Character worker: faces (BlazeFace) and persons/pets/balls (NanoDet-m) in RGBA frames, through onnxruntime-web (wasm).
 * One worker per configuration: threads are fixed when the first model opens.
 */
import * as Comlink from 'comlink'
import * as ort from 'onnxruntime-web/wasm'
import type { CharacterDetectOptions, Detection, RgbaFrame } from '../src/analysis/detectors.ts'
import { detectFaces, FACE_MODELS, type FaceModelName } from '../src/analysis/models/blazeface.ts'
import { detectObjects } from '../src/analysis/models/nanodet.ts'
import { configureOrt, ModelCache } from '../src/analysis/models/session.ts'
import { Timings } from '../src/analysis/models/timings.ts'

const MODEL_URLS = {
  front: new URL('../models/face/blazeface-front.onnx', import.meta.url).href,
  back: new URL('../models/face/blazeface-back.onnx', import.meta.url).href,
  nanodet: new URL('../models/object/nanodet-m-320.onnx', import.meta.url).href,
}

export interface CharacterWorkerConfig {
  numThreads: number
  faceModel: FaceModelName
}

let config: CharacterWorkerConfig | undefined
let models: ModelCache<keyof typeof MODEL_URLS> | undefined
const timings = new Timings()

const api = {
  init(c: CharacterWorkerConfig): void {
    if (config) throw new Error('character worker: already initialised')
    config = c
    configureOrt(ort, c.numThreads)
    models = new ModelCache(ort, MODEL_URLS)
  },

  async detect(frames: RgbaFrame[], options: CharacterDetectOptions): Promise<Detection[][]> {
    if (!config || !models) throw new Error('character worker: init() first')
    const face = options.faces ? await models.get(config.faceModel) : undefined
    const objects = options.objects ? await models.get('nanodet') : undefined
    const faceName = FACE_MODELS[config.faceModel].file.replace('.onnx', '')
    const out: Detection[][] = []
    for (const frame of frames) {
      const found: Detection[] = []
      if (face) found.push(...(await timings.time(faceName, 1, () => detectFaces(face, frame, FACE_MODELS[config!.faceModel]))))
      if (objects) found.push(...(await timings.time('nanodet-m-320', 1, () => detectObjects(objects, frame))))
      out.push(found)
    }
    return out
  },

  timings: (): Record<string, number> => timings.means(),
}

export type CharacterWorkerApi = typeof api
Comlink.expose(api)
