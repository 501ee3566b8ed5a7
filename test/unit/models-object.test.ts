// NanoDet-m 320 (converted ONNX) in onnxruntime-web on the fixture images, and the conversion against tfjs itself.
import { readFileSync } from 'node:fs'
import * as ort from 'onnxruntime-web'
import { beforeAll, describe, expect, test } from 'vitest'
import { detectObjects, NANODET_FILE } from '../../src/analysis/models/nanodet.ts'
import { ortRunner, type ModelRunner } from '../../src/analysis/models/runner.ts'
import { loadFixtureImage } from '../fixtures/images/decode.ts'

let runner: ModelRunner
beforeAll(async () => {
  runner = ortRunner(ort, await ort.InferenceSession.create(readFileSync(new URL(`../../models/object/${NANODET_FILE}`, import.meta.url))))
})

describe('NanoDet-m 320 on the fixture images', () => {
  test.each([
    { image: 'astronaut.jpg', box: [5, 15, 363, 512], score: 0.81 },
    { image: 'camera.png', box: [1, 66, 314, 512], score: 0.869 },
  ] as const)('$image: one person at $box, nothing else', async ({ image, box, score }) => {
    const found = await detectObjects(runner, loadFixtureImage(image))
    expect(found.map((d) => d.label)).toEqual(['person'])
    const p = found[0]!
    expect(p.score).toBeCloseTo(score, 1)
    ;[p.x1, p.y1, p.x2, p.y2].forEach((v, i) => expect(Math.abs(v - box[i]!)).toBeLessThanOrEqual(3))
  })

  test('the body below the face, as in the fixture (crop scaled to 400x227 on a green 640x360 frame): person', async () => {
    const img = loadFixtureImage('camera.png')
    const W = 640
    const data = new Uint8Array(W * 360 * 4)
    for (let i = 0; i < W * 360; i++) data.set([0x6a, 0x7f, 0x3a, 255], i * 4)
    for (let y = 0; y < 227; y++) for (let x = 0; x < 400; x++) {
      const s = ((222 + Math.floor((y * 290) / 227)) * 512 + Math.floor((x * 512) / 400)) * 4
      data.set(img.data.subarray(s, s + 4), ((133 + y) * W + 120 + x) * 4)
    }
    const found = await detectObjects(runner, { width: W, height: 360, data })
    expect(found.map((d) => d.label)).toEqual(['person'])
    expect(found[0]!.score).toBeGreaterThan(0.6)
    ;[found[0]!.x1, found[0]!.y1, found[0]!.x2, found[0]!.y2].forEach((v, i) => expect(Math.abs(v - [120, 133, 360, 360][i]!)).toBeLessThan(12))
  })

  test('a flat grey frame has no detections', async () => {
    const data = new Uint8Array(640 * 360 * 4).fill(128)
    expect(await detectObjects(runner, { width: 640, height: 360, data })).toEqual([])
  })
})

describe('conversion matches tfjs', () => {
  test('NanoDet at its declared 416 input: max abs difference of raw outputs < 1e-4', async () => {
    const { convertTfjsToOnnx } = await import('../../models/tools/tfjs-to-onnx.mjs')
    const { compareWithTfjs } = await import('../../models/tools/compare-tfjs.mjs')
    const { targets } = await import('../../models/object/build.mjs')
    const source = targets[0]!.source
    const bytes = await convertTfjsToOnnx(source)
    const diffs = await compareWithTfjs(source, bytes, [1, 3, 416, 416], { lo: -2, hi: 2 })
    expect(Object.keys(diffs)).toHaveLength(6)
    for (const { maxAbsDiff, maxAbs } of Object.values(diffs)) {
      expect(maxAbs).toBeGreaterThan(0.01)
      expect(maxAbsDiff).toBeLessThan(1e-4)
    }
  }, 120_000)
})
