// Runs a TFJS graph model and its ONNX conversion on the same random input and prints the max abs difference
// per output (used by models/build.mjs --check and the Node tests).
import * as ort from 'onnxruntime-web'
import { loadTfjsGraph } from './tfjs-to-onnx.mjs'

/** Deterministic pseudo-random input in [lo, hi). */
export function randomInput(shape, lo = -1, hi = 1, seed = 1) {
  const n = shape.reduce((a, b) => a * b, 1)
  const out = new Float32Array(n)
  let s = seed >>> 0
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    out[i] = lo + ((s >>> 8) / 2 ** 24) * (hi - lo)
  }
  return out
}

/**
 * Max abs difference per output between tfjs and ORT. `outputNames` maps TF output names to ONNX names.
 * Returns { [tfName]: { maxAbsDiff, maxAbs } }.
 */
export async function compareWithTfjs(jsonPath, onnxBytes, shape, { outputNames = {}, lo = -1, hi = 1 } = {}) {
  const { json, model, tf } = await loadTfjsGraph(jsonPath)
  const data = randomInput(shape, lo, hi)
  const inputName = json.modelTopology.node.find((n) => n.op === 'Placeholder').name
  const tfNames = model.outputNodes.map((n) => n.replace(/:0$/, ''))
  const tfOut = [model.execute({ [inputName]: tf.tensor(data, shape) }, tfNames)].flat()
  const session = await ort.InferenceSession.create(onnxBytes)
  const ortOut = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', data, shape) })
  const result = {}
  tfNames.forEach((name, i) => {
    const a = tfOut[i].dataSync()
    const b = ortOut[outputNames[name] ?? name].data
    if (a.length !== b.length) throw new Error(`${name}: ${a.length} vs ${b.length} values`)
    let maxAbsDiff = 0
    let maxAbs = 0
    for (let k = 0; k < a.length; k++) {
      maxAbsDiff = Math.max(maxAbsDiff, Math.abs(a[k] - b[k]))
      maxAbs = Math.max(maxAbs, Math.abs(a[k]))
    }
    result[name] = { maxAbsDiff, maxAbs }
  })
  await session.release()
  return result
}
