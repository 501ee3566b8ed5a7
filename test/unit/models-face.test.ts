// BlazeFace front/back, converted ONNX run by onnxruntime-web in Node on the fixture images (truth: models/face/MODEL.md).
import { readFileSync } from 'node:fs'
import * as ort from 'onnxruntime-web'
import { beforeAll, describe, expect, test } from 'vitest'
import { detectFaces, FACE_MODELS, type FaceModelName } from '../../src/analysis/models/blazeface.ts'
import type { RgbaImage } from '../../src/analysis/models/resample.ts'
import { ortRunner, type ModelRunner } from '../../src/analysis/models/runner.ts'
import { loadFixtureImage } from '../fixtures/images/decode.ts'

const runners = {} as Record<FaceModelName, ModelRunner>
beforeAll(async () => {
  for (const name of Object.keys(FACE_MODELS) as FaceModelName[]) {
    const bytes = readFileSync(new URL(`../../models/face/${FACE_MODELS[name].file}`, import.meta.url))
    runners[name] = ortRunner(ort, await ort.InferenceSession.create(bytes))
  }
})

/** Pastes `img` into a larger black frame at (x, y). */
function paste(img: RgbaImage, width: number, height: number, x: number, y: number): RgbaImage {
  const data = new Uint8Array(width * height * 4)
  for (let r = 0; r < img.height; r++) data.set(img.data.subarray(r * img.width * 4, (r + 1) * img.width * 4), ((y + r) * width + x) * 4)
  return { width, height, data }
}

/** The region below the cameraman's face (the fixture's "person, no face" shot): crop=512:290:0:222. */
function cropBelowFace(img: RgbaImage): RgbaImage {
  return { width: 512, height: 290, data: img.data.slice(222 * 512 * 4, (222 + 290) * 512 * 4) }
}

const TOLERANCE_PX = 3

describe('BlazeFace on the fixture images', () => {
  test.each([
    { image: 'astronaut.jpg', model: 'front', box: [180, 82, 274, 176], score: 0.919 },
    { image: 'astronaut.jpg', model: 'back', box: [171, 73, 278, 180], score: 0.884 },
    { image: 'camera.png', model: 'front', box: [174, 120, 266, 212], score: 0.785 },
    { image: 'camera.png', model: 'back', box: [181, 126, 255, 200], score: 0.772 },
  ] as const)('$image $model: one face at $box', async ({ image, model, box, score }) => {
    const faces = await detectFaces(runners[model], loadFixtureImage(image), FACE_MODELS[model])
    expect(faces).toHaveLength(1)
    const f = faces[0]!
    expect(f.label).toBe('face')
    expect(f.score).toBeCloseTo(score, 1)
    ;[f.x1, f.y1, f.x2, f.y2].forEach((v, i) => expect(Math.abs(v - box[i]!)).toBeLessThanOrEqual(TOLERANCE_PX))
  })

  test.each(['front', 'back'] as const)('%s: no face on the body crop below the face', async (model) => {
    expect(await detectFaces(runners[model], cropBelowFace(loadFixtureImage('camera.png')), FACE_MODELS[model])).toEqual([])
  })

  test.each([
    { x: 0, y: 0 },
    { x: 398, y: 0 },
  ])('front on a 16:9 frame (910x512), astronaut at x=$x: found by one of the two square crops', async ({ x, y }) => {
    const frame = paste(loadFixtureImage('astronaut.jpg'), 910, 512, x, y)
    const faces = await detectFaces(runners.front, frame, FACE_MODELS.front)
    expect(faces).toHaveLength(1)
    const f = faces[0]!
    ;[f.x1 - x, f.y1 - y, f.x2 - x, f.y2 - y].forEach((v, i) => expect(Math.abs(v - [180, 82, 274, 176][i]!)).toBeLessThanOrEqual(TOLERANCE_PX))
  })
})
