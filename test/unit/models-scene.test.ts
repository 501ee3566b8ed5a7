// The hand-built scene quality graph in onnxruntime-web (Node) against the same maths written out in plain TypeScript.
import { readFileSync } from 'node:fs'
import * as ort from 'onnxruntime-web'
import { beforeAll, describe, expect, test } from 'vitest'
import type { RgbaFrame } from '../../src/analysis/detectors.ts'
import { letterbox } from '../../src/analysis/models/geometry.ts'
import { rgbaToTensor } from '../../src/analysis/models/resample.ts'
import { ortRunner, type ModelRunner } from '../../src/analysis/models/runner.ts'
import { qualityFeatures, SCENE_FILE, scoreFrames, type QualityFeatures } from '../../src/analysis/models/scene-quality.ts'
import { loadFixtureImage } from '../fixtures/images/decode.ts'

let runner: ModelRunner
beforeAll(async () => {
  runner = ortRunner(ort, await ort.InferenceSession.create(readFileSync(new URL(`../../models/scene/${SCENE_FILE}`, import.meta.url))))
})

/** The features, computed the slow and obvious way. */
function reference(f: RgbaFrame): QualityFeatures {
  const { width: w, height: h, data } = f
  const n = w * h
  const Y = new Float64Array(n)
  let sy = 0, syy = 0, srg = 0, srgrg = 0, syb = 0, sybyb = 0
  for (let i = 0; i < n; i++) {
    const r = data[i * 4]!, g = data[i * 4 + 1]!, b = data[i * 4 + 2]!
    const y = 0.299 * r + 0.587 * g + 0.114 * b
    const rg = r - g
    const yb = 0.5 * (r + g) - b
    Y[i] = y
    sy += y; syy += y * y; srg += rg; srgrg += rg * rg; syb += yb; sybyb += yb * yb
  }
  const mean = (s: number) => s / n
  const variance = (s: number, ss: number) => Math.max(0, ss / n - (s / n) ** 2)
  let sl = 0, sll = 0
  for (let y = 1; y < h - 1; y++) for (let x = 1; x < w - 1; x++) {
    const i = y * w + x
    const l = Y[i - w]! + Y[i + w]! + Y[i - 1]! + Y[i + 1]! - 4 * Y[i]!
    sl += l; sll += l * l
  }
  const m = (w - 2) * (h - 2)
  return {
    lapVar: Math.max(0, sll / m - (sl / m) ** 2),
    lumaMean: mean(sy),
    lumaStd: Math.sqrt(variance(sy, syy)),
    colourfulness: Math.sqrt(variance(srg, srgrg) + variance(syb, sybyb)) + 0.3 * Math.hypot(mean(srg), mean(syb)),
  }
}

/** A fixture image downscaled (letterboxed) to a 128x72 analysis frame. */
function analysisFrame(name: 'astronaut.jpg' | 'camera.png', time: number): RgbaFrame {
  const img = loadFixtureImage(name)
  const t = rgbaToTensor(img, letterbox(img.width, img.height, 128), 128, 128, { order: 'rgb', mean: [0, 0, 0], std: [1, 1, 1], layout: 'nhwc', pad: 0 })
  const data = new Uint8ClampedArray(128 * 72 * 4)
  for (let y = 0; y < 72; y++) for (let x = 0; x < 128; x++) {
    for (let c = 0; c < 3; c++) data[(y * 128 + x) * 4 + c] = t[((y + 28) * 128 + x) * 3 + c]!
    data[(y * 128 + x) * 4 + 3] = 255
  }
  return { width: 128, height: 72, data, time }
}

function flat(rgb: [number, number, number], time = 0): RgbaFrame {
  const data = new Uint8ClampedArray(128 * 72 * 4)
  for (let i = 0; i < 128 * 72; i++) data.set([...rgb, 255], i * 4)
  return { width: 128, height: 72, data, time }
}

/** 5x5 box blur, the fixture's "blurred" shot in miniature. */
function blurred(f: RgbaFrame): RgbaFrame {
  const out = new Uint8ClampedArray(f.data)
  for (let y = 2; y < f.height - 2; y++) for (let x = 2; x < f.width - 2; x++) for (let c = 0; c < 3; c++) {
    let s = 0
    for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) s += f.data[((y + dy) * f.width + x + dx) * 4 + c]!
    out[(y * f.width + x) * 4 + c] = s / 25
  }
  return { ...f, data: out }
}

describe('scene quality graph', () => {
  test('features equal the plain TypeScript maths (batch of 4 frames)', async () => {
    const frames = [analysisFrame('astronaut.jpg', 0), analysisFrame('camera.png', 1), flat([200, 40, 40]), blurred(analysisFrame('astronaut.jpg', 3))]
    const got = await qualityFeatures(runner, frames)
    got.forEach((g, i) => {
      const r = reference(frames[i]!)
      // float32 arithmetic over 9,216 pixels: errors up to about 1e-4 relative, 0.01 absolute
      for (const k of Object.keys(r) as (keyof QualityFeatures)[]) expect(Math.abs(g[k] - r[k])).toBeLessThanOrEqual(0.01 + 5e-4 * r[k])
    })
  })

  test('scores: colour photo vs grey photo vs flat vs blurred vs black', async () => {
    const astronaut = analysisFrame('astronaut.jpg', 0)
    const [a, cam, red, blur, black] = await scoreFrames(runner, [astronaut, analysisFrame('camera.png', 1), flat([200, 40, 40], 2), blurred(astronaut), flat([0, 0, 0], 4)])
    expect(a!.time).toBe(0)
    expect(cam!.time).toBe(1)
    expect(cam!.colourfulness).toBeLessThan(0.02) // grey image
    expect(a!.colourfulness).toBeGreaterThan(0.3)
    expect(red!.sharpness).toBeLessThan(1e-3)
    expect(red!.contrast).toBeLessThan(1e-3)
    expect(red!.colourfulness).toBeCloseTo(0.3 * Math.hypot(160, 80) / 100, 2) // flat: only the 0.3 * mean term
    expect(blur!.sharpness).toBeLessThan(a!.sharpness - 0.3) // 5x5 box blur: Laplacian variance about 10x lower
    expect(a!.sharpness).toBeGreaterThan(0.7)
    expect(black).toEqual({ time: 4, sharpness: 0, exposure: 0, contrast: 0, colourfulness: 0 }) // all-zero input: exact
    for (const q of [a, cam, red, blur, black]) for (const v of Object.values(q!)) expect(v).toBeGreaterThanOrEqual(0)
    console.log('scene scores', JSON.stringify({ a, cam, red, blur }, (_, v) => (typeof v === 'number' ? +v.toFixed(3) : v)))
  })

  test('mixed frame sizes are batched per size and come back in order', async () => {
    const small = { ...flat([90, 90, 90], 1), width: 64, height: 36, data: new Uint8ClampedArray(64 * 36 * 4).fill(90) }
    const got = await scoreFrames(runner, [flat([128, 128, 128], 0), small, flat([250, 250, 250], 2)])
    expect(got.map((q) => q.time)).toEqual([0, 1, 2])
    expect(got.map((q) => q.exposure)).toEqual([1, expect.closeTo(74 / 80, 2), 0])
  })
})
