/**
 * RGBA frame -> normalised float tensor for a model input, in plain TypeScript so Node and the browser feed
 * identical numbers. Separable triangle filter that widens when downscaling (antialiased bilinear), edge pixels
 * replicated; model-input pixels that fall outside the frame (letterbox bars) get the pad value.
 */
import type { Placement } from './geometry.ts'

export interface RgbaImage {
  width: number
  height: number
  data: Uint8Array | Uint8ClampedArray
}

/** How pixel values become tensor values: channel order, `(v - mean) / std` per output channel, memory layout. */
export interface Normalisation {
  order: 'rgb' | 'bgr'
  mean: readonly [number, number, number]
  std: readonly [number, number, number]
  layout: 'nhwc' | 'nchw'
  /** Raw value (0..255) of padding pixels before normalisation. */
  pad: number
}

/** Filter taps along one axis, flat: output i reads `count[i]` inputs from `first[i]` with weights at i * width. */
interface Taps {
  inside: Uint8Array
  first: Int32Array
  count: Int32Array
  weights: Float32Array
  width: number
}

function axisTaps(outSize: number, inSize: number, scale: number, offset: number): Taps {
  const support = Math.max(1, 1 / scale)
  const width = Math.ceil(2 * support) + 1
  const taps: Taps = {
    inside: new Uint8Array(outSize), first: new Int32Array(outSize), count: new Int32Array(outSize),
    weights: new Float32Array(outSize * width), width,
  }
  for (let d = 0; d < outSize; d++) {
    const pos = (d + 0.5 - offset) / scale // frame coordinate of this output pixel's centre
    if (pos < 0 || pos > inSize) continue
    const centre = pos - 0.5
    const first = Math.ceil(centre - support + 1e-9)
    const last = Math.floor(centre + support - 1e-9)
    // Edge pixels are replicated: clamp indices and fold the weights onto them.
    const lo = Math.max(0, Math.min(inSize - 1, first))
    const hi = Math.max(0, Math.min(inSize - 1, last))
    let sum = 0
    for (let i = first; i <= last; i++) {
      const w = Math.max(0, 1 - Math.abs(i - centre) / support)
      const at = d * width + Math.max(lo, Math.min(hi, i)) - lo
      taps.weights[at] = taps.weights[at]! + w
      sum += w
    }
    for (let k = 0; k <= hi - lo; k++) taps.weights[d * width + k] = taps.weights[d * width + k]! / sum
    taps.inside[d] = 1
    taps.first[d] = lo
    taps.count[d] = hi - lo + 1
  }
  return taps
}

export function rgbaToTensor(img: RgbaImage, p: Placement, outW: number, outH: number, norm: Normalisation): Float32Array {
  const xs = axisTaps(outW, img.width, p.scale, p.offsetX)
  const ys = axisTaps(outH, img.height, p.scale, p.offsetY)
  const src = img.data
  const srcW = img.width

  // Rows of the frame that any output row reads.
  let y0 = img.height
  let y1 = -1
  for (let y = 0; y < outH; y++) {
    if (!ys.inside[y]) continue
    y0 = Math.min(y0, ys.first[y]!)
    y1 = Math.max(y1, ys.first[y]! + ys.count[y]! - 1)
  }

  // Horizontal pass: rows y0..y1, RGB of every output column.
  const rows = new Float32Array(Math.max(0, y1 - y0 + 1) * outW * 3)
  for (let y = y0; y <= y1; y++) {
    const base = y * srcW * 4
    const rowOut = (y - y0) * outW * 3
    for (let x = 0; x < outW; x++) {
      if (!xs.inside[x]) continue
      const first = xs.first[x]!
      const n = xs.count[x]!
      const wBase = x * xs.width
      let cr = 0, cg = 0, cb = 0
      for (let k = 0; k < n; k++) {
        const w = xs.weights[wBase + k]!
        const i = base + (first + k) * 4
        cr += w * src[i]!
        cg += w * src[i + 1]!
        cb += w * src[i + 2]!
      }
      rows[rowOut + x * 3] = cr
      rows[rowOut + x * 3 + 1] = cg
      rows[rowOut + x * 3 + 2] = cb
    }
  }

  // Vertical pass, normalisation, channel order and layout.
  const out = new Float32Array(outW * outH * 3)
  const plane = outW * outH
  const nchw = norm.layout === 'nchw'
  const c0 = norm.order === 'rgb' ? 0 : 2 // the RGB component that feeds output channel 0 (2 - c0 feeds channel 2)
  const c2 = 2 - c0
  const scale = [1 / norm.std[0], 1 / norm.std[1], 1 / norm.std[2]]
  const pads = [0, 1, 2].map((c) => (norm.pad - norm.mean[c]!) / norm.std[c]!)
  const write = (y: number, x: number, v0: number, v1: number, v2: number) => {
    if (nchw) {
      const i = y * outW + x
      out[i] = v0
      out[plane + i] = v1
      out[2 * plane + i] = v2
    } else {
      const i = (y * outW + x) * 3
      out[i] = v0
      out[i + 1] = v1
      out[i + 2] = v2
    }
  }
  for (let y = 0; y < outH; y++) {
    const inY = ys.inside[y] === 1
    const first = ys.first[y]! - y0
    const n = ys.count[y]!
    const wBase = y * ys.width
    for (let x = 0; x < outW; x++) {
      if (!inY || !xs.inside[x]) {
        write(y, x, pads[0]!, pads[1]!, pads[2]!)
        continue
      }
      let r = 0, g = 0, b = 0
      for (let k = 0; k < n; k++) {
        const w = ys.weights[wBase + k]!
        const i = ((first + k) * outW + x) * 3
        r += w * rows[i]!
        g += w * rows[i + 1]!
        b += w * rows[i + 2]!
      }
      const first3 = c0 === 0 ? r : b
      const last3 = c2 === 2 ? b : r
      write(y, x, (first3 - norm.mean[0]) * scale[0]!, (g - norm.mean[1]) * scale[1]!, (last3 - norm.mean[2]) * scale[2]!)
    }
  }
  return out
}
