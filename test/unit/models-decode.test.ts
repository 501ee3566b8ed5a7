// Pure pre/post-processing of the model workers: geometry, resampling, anchors, decoders, VAD windows, scene mapping.
import { describe, expect, test } from 'vitest'
import { blazeFaceAnchors, decodeBlazeFace } from '../../src/analysis/models/blazeface.ts'
import { iou, letterbox, nms, squareCrops, toFrame } from '../../src/analysis/models/geometry.ts'
import { decodeNanoDet } from '../../src/analysis/models/nanodet.ts'
import { rgbaToTensor, type Normalisation } from '../../src/analysis/models/resample.ts'
import { mapQuality, sceneBatches } from '../../src/analysis/models/scene-quality.ts'
import { speechSegments, VadWindower } from '../../src/analysis/models/vad.ts'

const box = (x1: number, y1: number, x2: number, y2: number, score = 1) => ({ x1, y1, x2, y2, score })

describe('geometry', () => {
  test.each([
    { w: 640, h: 360, size: 320, scale: 0.5, offsetX: 0, offsetY: 70 },
    { w: 360, h: 640, size: 320, scale: 0.5, offsetX: 70, offsetY: 0 },
    { w: 512, h: 512, size: 128, scale: 0.25, offsetX: 0, offsetY: 0 },
  ])('letterbox $w x $h into $size', ({ w, h, size, ...expected }) => {
    expect(letterbox(w, h, size)).toEqual(expected)
  })

  test.each([
    { w: 640, h: 360, starts: [0, 280], axis: 'x' },
    { w: 360, h: 640, starts: [0, 280], axis: 'y' },
    { w: 512, h: 512, starts: [0], axis: 'x' },
    { w: 1000, h: 400, starts: [0, 300, 600], axis: 'x' },
  ])('square crops cover $w x $h', ({ w, h, starts, axis }) => {
    const crops = squareCrops(w, h, 128)
    const short = Math.min(w, h)
    expect(crops.map((c) => -(axis === 'x' ? c.offsetX : c.offsetY) / c.scale)).toEqual(starts.map((s) => expect.closeTo(s, 6)))
    for (const c of crops) expect(c.scale).toBeCloseTo(128 / short)
    // Together the crops span the whole long side.
    expect(starts.at(-1)! + short).toBe(Math.max(w, h))
  })

  test('toFrame undoes a placement and clamps to the frame', () => {
    const p = letterbox(640, 360, 320)
    expect(toFrame(box(10, 80, 100, 120), p, 640, 360)).toMatchObject({ x1: 20, y1: 20, x2: 200, y2: 100 })
    expect(toFrame(box(-5, 0, 330, 330), p, 640, 360)).toMatchObject({ x1: 0, y1: 0, x2: 640, y2: 360 })
  })

  test('iou and nms', () => {
    expect(iou(box(0, 0, 10, 10), box(0, 0, 10, 10))).toBe(1)
    expect(iou(box(0, 0, 10, 10), box(5, 0, 15, 10))).toBeCloseTo(50 / 150)
    expect(iou(box(0, 0, 10, 10), box(20, 20, 30, 30))).toBe(0)
    const kept = nms([box(0, 0, 10, 10, 0.6), box(1, 0, 11, 10, 0.9), box(50, 50, 60, 60, 0.5)], 0.5)
    expect(kept.map((b) => b.score)).toEqual([0.9, 0.5])
  })
})

describe('resample', () => {
  const raw: Normalisation = { order: 'rgb', mean: [0, 0, 0], std: [1, 1, 1], layout: 'nhwc', pad: 7 }
  const image = (w: number, h: number, f: (x: number, y: number) => [number, number, number]) => {
    const data = new Uint8Array(w * h * 4)
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.set([...f(x, y), 255], (y * w + x) * 4)
    return { width: w, height: h, data }
  }

  test('scale 1 copies pixels', () => {
    const img = image(4, 3, (x, y) => [x * 10, y * 10, 200])
    const t = rgbaToTensor(img, { scale: 1, offsetX: 0, offsetY: 0 }, 4, 3, raw)
    expect(Array.from(t.subarray((2 * 4 + 3) * 3, (2 * 4 + 3) * 3 + 3))).toEqual([30, 20, 200])
  })

  test('downscaling averages (antialiased) and letterbox bars get the pad value', () => {
    const img = image(64, 32, (x, y) => ((x + y) % 2 ? [255, 255, 255] : [0, 0, 0]))
    const t = rgbaToTensor(img, letterbox(64, 32, 16), 16, 16, raw)
    expect(t[0]).toBe(7) // top bar
    const centre = t[(8 * 16 + 8) * 3]!
    expect(centre).toBeGreaterThan(100)
    expect(centre).toBeLessThan(155)
  })

  test('BGR, mean/std and NCHW layout', () => {
    const img = image(2, 2, () => [10, 20, 30])
    const t = rgbaToTensor(img, { scale: 1, offsetX: 0, offsetY: 0 }, 2, 2, {
      order: 'bgr', mean: [30, 20, 10], std: [1, 2, 5], layout: 'nchw', pad: 0,
    })
    expect(Array.from(t)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
  })
})

describe('BlazeFace decode', () => {
  test('896 anchors: 16x16 x 2 then 8x8 x 6', () => {
    const [fine, coarse] = blazeFaceAnchors()
    expect(fine!.cx.length).toBe(512)
    expect(coarse!.cx.length).toBe(384)
    expect([fine!.cx[0], fine!.cy[0], fine!.cx[2]]).toEqual([1 / 32, 1 / 32, 3 / 32])
    expect([coarse!.cx.at(-1), coarse!.cy.at(-1)]).toEqual([15 / 16, 15 / 16])
  })

  test('one confident anchor becomes one box in input pixels', () => {
    const outputs = {
      scores_16: new Float32Array(512).fill(-10),
      scores_8: new Float32Array(384).fill(-10),
      boxes_16: new Float32Array(512 * 16),
      boxes_8: new Float32Array(384 * 16),
    }
    const i = (3 * 8 + 5) * 6 + 4 // coarse grid cell x=5, y=3, anchor 4: centre (5.5/8, 3.5/8)
    outputs.scores_8[i] = 3
    outputs.boxes_8.set([2, -4, 20, 30], i * 16)
    const [b, ...rest] = decodeBlazeFace(outputs, 128, 0.75)
    expect(rest).toEqual([])
    expect(b!.score).toBeCloseTo(1 / (1 + Math.exp(-3)))
    expect([b!.x1, b!.y1, b!.x2, b!.y2]).toEqual([88 + 2 - 10, 56 - 4 - 15, 88 + 2 + 10, 56 - 4 + 15])
  })
})

describe('NanoDet GFL decode', () => {
  const empty = () => {
    const o: Record<string, Float32Array> = {}
    for (const s of [8, 16, 32]) {
      const g = 320 / s
      o[`cls_${s}`] = new Float32Array(g * g * 80)
      o[`box_${s}`] = new Float32Array(g * g * 44)
    }
    return o
  }

  test('distances are the softmax expectation over 11 bins, times the stride', () => {
    const o = empty()
    const cell = 2 * 20 + 3 // stride 16, grid 20: x=3, y=2 -> centre (56, 40)
    o.cls_16![cell * 80 + 0] = 0.9 // person
    o.cls_16![cell * 80 + 15] = 0.3 // cat, under its 0.4 threshold
    const sides = [2, 1, 3, 4]
    sides.forEach((k, side) => (o.box_16![cell * 44 + side * 11 + k] = 50)) // near one-hot at bin k
    const boxes = decodeNanoDet(o)
    expect(boxes).toHaveLength(1)
    expect(boxes[0]).toMatchObject({ label: 'person', score: expect.closeTo(0.9, 6) })
    expect([boxes[0]!.x1, boxes[0]!.y1, boxes[0]!.x2, boxes[0]!.y2].map((v) => Math.round(v))).toEqual([56 - 32, 40 - 16, 56 + 48, 40 + 64])
  })

  test('uniform bins give the mean distance 5 strides; NMS keeps the best of overlapping boxes per class', () => {
    const o = empty()
    o.cls_8![100 * 80 + 16] = 0.6 // dog
    o.cls_8![101 * 80 + 16] = 0.7 // dog, next cell: overlaps heavily
    o.cls_8![101 * 80 + 0] = 0.8 // person in the same cell: another class, kept
    const boxes = decodeNanoDet(o)
    expect(boxes.map((b) => [b.label, b.score.toFixed(1)])).toEqual([['person', '0.8'], ['dog', '0.7']])
    expect(boxes[0]!.x2 - boxes[0]!.x1).toBeCloseTo(80)
  })
})

describe('VAD windows', () => {
  test('576-sample inputs: 64 of context + 512 new; leftovers wait for the next push', () => {
    const w = new VadWindower()
    const a = Float32Array.from({ length: 1000 }, (_, i) => i)
    const first = w.push(a)
    expect(first).toHaveLength(1)
    expect(first[0]!.length).toBe(576)
    expect(Array.from(first[0]!.subarray(0, 64))).toEqual(new Array(64).fill(0))
    expect(first[0]![64]).toBe(0)
    expect(first[0]![575]).toBe(511)
    const second = w.push(Float32Array.from({ length: 24 }, (_, i) => 1000 + i))
    expect(second).toHaveLength(1)
    expect(second[0]![0]).toBe(448) // context = last 64 samples of the previous window
    expect(second[0]![64]).toBe(512)
    expect(second[0]![575]).toBe(1023)
    w.reset()
    expect(w.push(new Float32Array(511))).toHaveLength(0)
  })

  test('speech segments merge consecutive windows above the threshold', () => {
    const p = Float32Array.from([0.1, 0.9, 0.8, 0.2, 0.7])
    expect(speechSegments(p)).toEqual([{ start: 0.032, end: 0.096 }, { start: 0.128, end: 0.16 }])
  })
})

describe('scene quality mapping', () => {
  test.each([
    { f: { lapVar: 0, lumaMean: 0, lumaStd: 0, colourfulness: 0 }, q: { sharpness: 0, exposure: 0, contrast: 0, colourfulness: 0 } },
    { f: { lapVar: 150, lumaMean: 56, lumaStd: 32, colourfulness: 50 }, q: { sharpness: 0.5, exposure: 0.5, contrast: 0.5, colourfulness: 0.5 } },
    { f: { lapVar: 1e6, lumaMean: 128, lumaStd: 90, colourfulness: 150 }, q: { sharpness: expect.closeTo(1, 3), exposure: 1, contrast: 1, colourfulness: 1 } },
    { f: { lapVar: 30, lumaMean: 250, lumaStd: 5, colourfulness: 0 }, q: { sharpness: expect.closeTo(1 / 6, 6), exposure: 0, contrast: 5 / 64, colourfulness: 0 } },
  ])('$f', ({ f, q }) => {
    expect(mapQuality(f, 1.5)).toEqual({ time: 1.5, ...q })
  })

  test('batches group consecutive same-size frames', () => {
    const s = (width: number) => ({ width, height: 72 })
    expect(sceneBatches([s(128), s(128), s(64), s(128), s(128), s(128)], 2)).toEqual([[0, 1], [2], [3, 4], [5]])
  })
})
