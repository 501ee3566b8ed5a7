import { describe, expect, it } from 'vitest'
import { downscaleYuv, type YuvPlanes } from '../../src/analysis/yuv.ts'
import { MonoResampler } from '../../src/analysis/resample.ts'

/** A W x H I420 (or NV12) picture filled by a function of the pixel position. */
function planes(format: 'I420' | 'NV12', w: number, h: number, yuv: (x: number, y: number) => [number, number, number]): YuvPlanes {
  const cw = w / 2, ch = h / 2
  const data = new Uint8Array(w * h + 2 * cw * ch)
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = yuv(x, y)[0]
  for (let y = 0; y < ch; y++) for (let x = 0; x < cw; x++) {
    const [, u, v] = yuv(2 * x, 2 * y)
    if (format === 'I420') { data[w * h + y * cw + x] = u; data[w * h + cw * ch + y * cw + x] = v } else { data[w * h + y * w + 2 * x] = u; data[w * h + y * w + 2 * x + 1] = v }
  }
  const layout = format === 'I420'
    ? [{ offset: 0, stride: w }, { offset: w * h, stride: cw }, { offset: w * h + cw * ch, stride: cw }]
    : [{ offset: 0, stride: w }, { offset: w * h, stride: w }]
  return { format, width: w, height: h, data, layout }
}

describe('downscaleYuv', () => {
  it.each(['I420', 'NV12'] as const)('%s limited-range BT.709: black, white and a saturated red come out right', (format) => {
    const at = (pic: YuvPlanes) => Array.from(downscaleYuv(pic, 16, 9, 'bt709', false).slice(0, 4))
    expect(at(planes(format, 64, 36, () => [16, 128, 128]))).toEqual([0, 0, 0, 255])
    expect(at(planes(format, 64, 36, () => [235, 128, 128]))).toEqual([255, 255, 255, 255])
    // BT.709 limited red: Y 63, U 102, V 240.
    const [r, g, b] = at(planes(format, 64, 36, () => [63, 102, 240]))
    expect(r).toBeGreaterThan(250)
    expect(g).toBeLessThan(6)
    expect(b).toBeLessThan(6)
  })

  it('averages each output cell over its whole source area', () => {
    // Vertical stripes one pixel wide (black/white) average to mid grey; a half/half split stays split.
    const stripes = downscaleYuv(planes('I420', 64, 36, (x) => [x % 2 ? 235 : 16, 128, 128]), 16, 9, 'bt709', false)
    expect(stripes[0]).toBeGreaterThan(125)
    expect(stripes[0]).toBeLessThan(130)
    const halves = downscaleYuv(planes('I420', 64, 36, (x) => [x < 32 ? 16 : 235, 128, 128]), 2, 1, 'bt709', false)
    expect([halves[0], halves[4]]).toEqual([0, 255])
  })

  it('handles odd sizes and sources smaller than the output', () => {
    const out = downscaleYuv(planes('I420', 8, 6, () => [126, 128, 128]), 16, 9, 'smpte170m', false)
    expect(out.every((v, i) => (i % 4 === 3 ? v === 255 : Math.abs(v - 128) <= 1))).toBe(true)
  })
})

describe('MonoResampler', () => {
  it('48 kHz stereo to 16 kHz mono: averages channels and keeps a 440 Hz tone', () => {
    const n = 48_000
    const left = Float32Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * 440 * i) / 48_000))
    const right = left.map((v) => v * 0.5)
    const r = new MonoResampler(48_000)
    const parts = [0, 1000, 24_000, n].slice(1).map((end, k, ends) => r.push([left.subarray(ends[k - 1] ?? 0, end), right.subarray(ends[k - 1] ?? 0, end)]))
    const out = Float32Array.from(parts.flatMap((p) => Array.from(p)))
    expect(out.length).toBe(16_000)
    const rms = Math.sqrt(out.reduce((a, v) => a + v * v, 0) / out.length)
    expect(rms).toBeCloseTo((0.75 / Math.SQRT2) * 0.99, 1)
  })
})
