// The scene worker (hand-built quality graph in onnxruntime-web wasm) in headless Chromium.
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { RgbaFrame, SceneScorer } from '../../src/analysis/detectors.ts'
import { letterbox } from '../../src/analysis/models/geometry.ts'
import { rgbaToTensor } from '../../src/analysis/models/resample.ts'
import { createSceneScorer } from '../../src/analysis/models/scene.ts'
import { loadFixtureFrame } from '../fixtures/images/decode-browser.ts'

/** A 512x512 fixture image letterboxed into a 128x72 analysis frame (as test/unit/models-scene.test.ts does). */
async function analysisFrame(name: 'astronaut.jpg' | 'camera.png', time: number): Promise<RgbaFrame> {
  const img = await loadFixtureFrame(name)
  const t = rgbaToTensor(img, letterbox(512, 512, 128), 128, 128, { order: 'rgb', mean: [0, 0, 0], std: [1, 1, 1], layout: 'nhwc', pad: 0 })
  const data = new Uint8ClampedArray(128 * 72 * 4)
  for (let y = 0; y < 72; y++) for (let x = 0; x < 128; x++) {
    for (let c = 0; c < 3; c++) data[(y * 128 + x) * 4 + c] = t[((y + 28) * 128 + x) * 3 + c]!
    data[(y * 128 + x) * 4 + 3] = 255
  }
  return { width: 128, height: 72, data, time }
}

const flat = (v: number, time: number): RgbaFrame => ({ width: 128, height: 72, data: new Uint8ClampedArray(128 * 72 * 4).fill(v), time })

let scorer: SceneScorer
beforeAll(async () => {
  scorer = await createSceneScorer()
})
afterAll(() => scorer?.dispose())

test('scores match the Node run (test/unit/models-scene.test.ts) within decoder differences', async () => {
  const [a, cam, black] = await scorer.score([await analysisFrame('astronaut.jpg', 0.5), await analysisFrame('camera.png', 1.5), flat(0, 2.5)])
  // Node (jpeg-js/pngjs decode): astronaut sharpness 0.923, colourfulness 0.744; camera sharpness 0.898, colourfulness 0.
  expect(a).toMatchObject({ time: 0.5, sharpness: expect.closeTo(0.923, 1), exposure: 1, contrast: 1, colourfulness: expect.closeTo(0.744, 1) })
  expect(cam).toMatchObject({ time: 1.5, sharpness: expect.closeTo(0.898, 1), exposure: 1, contrast: 1 })
  expect(cam!.colourfulness).toBeLessThan(0.02)
  expect(black).toEqual({ time: 2.5, sharpness: 0, exposure: 0, contrast: 0, colourfulness: 0 })
})

test('a batch of 48 frames: ms per frame (console, not asserted)', async () => {
  const base = await analysisFrame('astronaut.jpg', 0)
  const frames = Array.from({ length: 48 }, (_, i) => ({ ...base, data: new Uint8ClampedArray(base.data), time: i / 25 }))
  const scores = await scorer.score(frames)
  expect(scores.map((s) => s.time)).toEqual(frames.map((_, i) => i / 25))
  console.log('scene worker ms/frame (128x72, 1 thread):', JSON.stringify(await scorer.timings()))
})
