// The character worker (BlazeFace + NanoDet-m in onnxruntime-web wasm) in headless Chromium on the fixture images.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { CharacterDetector, Detection, RgbaFrame } from '../../src/analysis/detectors.ts'
import { createCharacterDetector } from '../../src/analysis/models/character.ts'
import { copyFrame, loadFixtureFrame } from '../fixtures/images/decode-browser.ts'

// Same truth as test/unit/models-face.test.ts and models-object.test.ts (models/*/MODEL.md).
const TRUTH = {
  'astronaut.jpg': { face: [180, 82, 274, 176], person: [5, 15, 363, 512] },
  'camera.png': { face: [174, 120, 266, 212], person: [1, 66, 314, 512] },
} as const

const near = (d: Detection, box: readonly number[], px = 4) =>
  [d.x1, d.y1, d.x2, d.y2].every((v, i) => Math.abs(v - box[i]!) <= px)

let detector: CharacterDetector
const frames: Record<string, RgbaFrame> = {}
beforeAll(async () => {
  detector = await createCharacterDetector()
  for (const name of Object.keys(TRUTH) as (keyof typeof TRUTH)[]) frames[name] = await loadFixtureFrame(name)
})
afterAll(() => detector?.dispose())

describe('character worker', () => {
  test('faces and persons on both images, in frame order', async () => {
    const names = Object.keys(TRUTH) as (keyof typeof TRUTH)[]
    const found = await detector.detect(names.map((n) => copyFrame(frames[n]!)), { faces: true, objects: true })
    expect(found).toHaveLength(2)
    names.forEach((name, i) => {
      const labels = found[i]!.map((d) => d.label).sort()
      expect(labels, name).toEqual(['face', 'person'])
      expect(near(found[i]!.find((d) => d.label === 'face')!, TRUTH[name].face), `${name} face`).toBe(true)
      expect(near(found[i]!.find((d) => d.label === 'person')!, TRUTH[name].person), `${name} person`).toBe(true)
    })
  })

  test('options select the models; frames are transferred (detached) not copied', async () => {
    const frame = copyFrame(frames['astronaut.jpg']!)
    const [facesOnly] = await detector.detect([frame], { faces: true, objects: false })
    expect(facesOnly!.map((d) => d.label)).toEqual(['face'])
    expect(frame.data.byteLength).toBe(0)
    const [none] = await detector.detect([copyFrame(frames['camera.png']!)], { faces: false, objects: false })
    expect(none).toEqual([])
    const wrong = { width: 10, height: 10, data: new Uint8ClampedArray(300), time: 0 }
    await expect(detector.detect([wrong], { faces: true, objects: true })).rejects.toMatchObject({ Code: 'InvalidArgument' })
    expect(wrong.data.byteLength).toBe(300) // rejected before the transfer
  })

  test('a 16:9 frame (910x512) with the astronaut on the right: the second square crop finds the face', async () => {
    const src = frames['astronaut.jpg']!
    const data = new Uint8ClampedArray(910 * 512 * 4)
    for (let y = 0; y < 512; y++) data.set(src.data.subarray(y * 2048, (y + 1) * 2048), (y * 910 + 398) * 4)
    const [found] = await detector.detect([{ width: 910, height: 512, data, time: 0 }], { faces: true, objects: true })
    const face = found!.find((d) => d.label === 'face')!
    expect(near(face, [180 + 398, 82, 274 + 398, 176])).toBe(true)
    expect(found!.some((d) => d.label === 'person' && d.x1 > 380)).toBe(true)
  })

  test('ms per frame (console, not asserted)', async () => {
    const warm = Array.from({ length: 6 }, () => copyFrame(frames['astronaut.jpg']!))
    await detector.detect(warm, { faces: true, objects: true })
    console.log('character worker ms/frame (1 thread, mean over all frames so far):', JSON.stringify(await detector.timings()))
    const t = await detector.timings()
    expect(Object.keys(t).sort()).toEqual(['blazeface-front', 'nanodet-m-320'])
  })
})

describe('worker failure', () => {
  test('a worker that dies rejects the pending call with WorkerCrashed; the factory works again afterwards', async () => {
    const dying = () => new Worker(URL.createObjectURL(new Blob(['self.onmessage = () => { throw new Error("boom") }'], { type: 'text/javascript' })))
    await expect(createCharacterDetector({ spawn: dying })).rejects.toMatchObject({ name: 'HighlightError', Code: 'WorkerCrashed' })
    const again = await createCharacterDetector()
    const [found] = await again.detect([copyFrame(frames['camera.png']!)], { faces: true, objects: false })
    expect(found!.map((d) => d.label)).toEqual(['face'])
    await again.dispose()
    await expect(again.detect([copyFrame(frames['camera.png']!)], { faces: true, objects: false })).rejects.toMatchObject({ Code: 'InternalError' })
  })
})
