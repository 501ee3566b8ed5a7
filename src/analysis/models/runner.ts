/**
 * The one thing the decoders need from onnxruntime: run named tensors through a model. Workers and Node tests
 * adapt an `InferenceSession` with `ortRunner`, so pre/post-processing is the same code everywhere.
 */
import type { InferenceSession, Tensor } from 'onnxruntime-web'

export type TensorData =
  | { type: 'float32'; data: Float32Array; dims: readonly number[] }
  | { type: 'uint8'; data: Uint8Array; dims: readonly number[] }
  | { type: 'int64'; data: BigInt64Array; dims: readonly number[] }

export interface ModelRunner {
  run(feeds: Record<string, TensorData>): Promise<Record<string, TensorData>>
}

/** The part of the onnxruntime-web module the adapter uses (both `onnxruntime-web` and `onnxruntime-web/wasm`). */
export interface OrtModule {
  Tensor: typeof Tensor
}

export function ortRunner(ort: OrtModule, session: InferenceSession): ModelRunner {
  return {
    async run(feeds) {
      const inputs: Record<string, Tensor> = {}
      for (const [name, t] of Object.entries(feeds)) inputs[name] = new ort.Tensor(t.type, t.data, t.dims)
      const outputs = await session.run(inputs)
      const result: Record<string, TensorData> = {}
      for (const [name, t] of Object.entries(outputs)) {
        result[name] = { type: t.type, data: t.data, dims: t.dims } as TensorData
      }
      return result
    },
  }
}

/** A float32 output by name, or a clear error naming the model. */
export function floatOutput(outputs: Record<string, TensorData>, name: string, model: string): Float32Array {
  const t = outputs[name]
  if (!t || t.type !== 'float32') throw new Error(`${model}: output ${name} missing or not float32`)
  return t.data
}
