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

interface Taps {
  inside: boolean
  first: number
  weights: Float32Array
}

/** Filter taps for each output coordinate along one axis. */
function axisTaps(outSize: number, inSize: number, scale: number, offset: number): Taps[] {
  const support = Math.max(1, 1 / scale)
  return Array.from({ length: outSize }, (_, d) => {
    const pos = (d + 0.5 - offset) / scale // frame coordinate of this output pixel's centre
    if (pos < 0 || pos > inSize) return { inside: false, first: 0, weights: new Float32Array(0) }
    const centre = pos - 0.5
    const first = Math.ceil(centre - support + 1e-9)
    const last = Math.floor(centre + support - 1e-9)
    const weights = new Float32Array(last - first + 1)
    let sum = 0
    for (let i = first; i <= last; i++) sum += weights[i - first] = Math.max(0, 1 - Math.abs(i - centre) / support)
    for (let k = 0; k < weights.length; k++) weights[k]! /= sum
    return { inside: true, first, weights }
  })
}

export function rgbaToTensor(img: RgbaImage, p: Placement, outW: number, outH: number, norm: Normalisation): Float32Array {
  const xs = axisTaps(outW, img.width, p.scale, p.offsetX)
  const ys = axisTaps(outH, img.height, p.scale, p.offsetY)
  const src = img.data
  const srcW = img.width
  const clampX = (i: number) => (i < 0 ? 0 : i >= srcW ? srcW - 1 : i)
  const clampY = (i: number) => (i < 0 ? 0 : i >= img.height ? img.height - 1 : i)

  // Horizontal pass over the frame rows that are used: rows[y] = RGB of every output column.
  const usedRows = new Map<number, Float32Array>()
  const row = (y: number): Float32Array => {
    let r = usedRows.get(y)
    if (r) return r
    r = new Float32Array(outW * 3)
    const base = y * srcW * 4
    for (let x = 0; x < outW; x++) {
      const t = xs[x]!
      if (!t.inside) continue
      let cr = 0, cg = 0, cb = 0
      for (let k = 0; k < t.weights.length; k++) {
        const w = t.weights[k]!
        const i = base + clampX(t.first + k) * 4
        cr += w * src[i]!
        cg += w * src[i + 1]!
        cb += w * src[i + 2]!
      }
      r[x * 3] = cr
      r[x * 3 + 1] = cg
      r[x * 3 + 2] = cb
    }
    usedRows.set(y, r)
    return r
  }

  const out = new Float32Array(outW * outH * 3)
  const plane = outW * outH
  const channel = norm.order === 'rgb' ? [0, 1, 2] : [2, 1, 0] // output channel c reads RGB component channel[c]
  const padded = [0, 1, 2].map((c) => (norm.pad - norm.mean[c]!) / norm.std[c]!)
  const v = [0, 0, 0]
  for (let y = 0; y < outH; y++) {
    const t = ys[y]!
    for (let x = 0; x < outW; x++) {
      const inside = t.inside && xs[x]!.inside
      if (inside) {
        v[0] = v[1] = v[2] = 0
        for (let k = 0; k < t.weights.length; k++) {
          const r = row(clampY(t.first + k))
          const w = t.weights[k]!
          v[0] += w * r[x * 3]!
          v[1] += w * r[x * 3 + 1]!
          v[2] += w * r[x * 3 + 2]!
        }
      }
      for (let c = 0; c < 3; c++) {
        const value = inside ? (v[channel[c]!]! - norm.mean[c]!) / norm.std[c]! : padded[c]!
        out[norm.layout === 'nhwc' ? (y * outW + x) * 3 + c : c * plane + y * outW + x] = value
      }
    }
  }
  return out
}
