/**
 * Opening a model inside a worker: onnxruntime-web configured once per worker (threads, local wasm files), the model
 * fetched from the app's own files, wrapped as a ModelRunner.
 */
import type * as Ort from 'onnxruntime-web'
import { ortRunner, type ModelRunner } from './runner.ts'

/** Where the raw-vendor plugin serves onnxruntime-web's dist/ (ort-wasm-simd-threaded.{mjs,wasm}). */
export const ORT_WASM_PATH = '/vendor/ort/'

/** `onnxruntime-web` or `onnxruntime-web/wasm` (same API). */
export type OrtWithEnv = Pick<typeof Ort, 'env' | 'InferenceSession' | 'Tensor'>

export interface OpenedModel extends ModelRunner {
  release(): Promise<void>
}

/** Sets threads and wasm location. onnxruntime reads these once, at the first session: call before any open. */
export function configureOrt(ort: OrtWithEnv, numThreads: number): void {
  ort.env.wasm.numThreads = numThreads
  ort.env.wasm.wasmPaths = ORT_WASM_PATH
}

export async function openModel(ort: OrtWithEnv, url: string): Promise<OpenedModel> {
  const response = await fetch(url)
  if (!response.ok) throw new Error(`model ${url}: HTTP ${response.status}`)
  const session = await ort.InferenceSession.create(new Uint8Array(await response.arrayBuffer()), {
    executionProviders: ['wasm'],
    graphOptimizationLevel: 'all',
  })
  return { ...ortRunner(ort, session), release: () => session.release() }
}

/** Opens each model once, on first use. */
export class ModelCache<Name extends string> {
  private readonly opened = new Map<Name, Promise<OpenedModel>>()

  constructor(private readonly ort: OrtWithEnv, private readonly urls: Record<Name, string>) {}

  get(name: Name): Promise<OpenedModel> {
    let model = this.opened.get(name)
    if (!model) {
      model = openModel(this.ort, this.urls[name])
      this.opened.set(name, model)
    }
    return model
  }
}
