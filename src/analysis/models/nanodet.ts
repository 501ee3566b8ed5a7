/**
 * NanoDet-m (COCO-80) object detection: the classes we keep, GFL decoding and the frame -> objects pipeline.
 * See models/object/MODEL.md.
 */
import type { Detection, DetectionLabel } from '../detectors.ts'
import { letterbox, nms, toFrame, type Box } from './geometry.ts'
import { rgbaToTensor, type Normalisation, type RgbaImage } from './resample.ts'
import { floatOutput, type ModelRunner } from './runner.ts'

export const NANODET_FILE = 'nanodet-m-320.onnx'
export const NANODET_SIZE = 320
export const NANODET_NMS_IOU = 0.5
const NUM_CLASSES = 80
const BINS = 11 // per box side: distances 0..10 strides
const STRIDES = [8, 16, 32] as const

/** COCO classes we report, with their 0-based index and score threshold. */
export const OBJECT_CLASSES: readonly { label: Exclude<DetectionLabel, 'face'>; coco: number; threshold: number }[] = [
  { label: 'person', coco: 0, threshold: 0.5 },
  { label: 'cat', coco: 15, threshold: 0.4 },
  { label: 'dog', coco: 16, threshold: 0.4 },
  { label: 'sports ball', coco: 32, threshold: 0.4 },
]

/** Upstream NanoDet: BGR, per-channel mean/std (in B, G, R order); letterbox bars black. */
export const NANODET_NORMALISATION: Normalisation = {
  order: 'bgr', mean: [103.53, 116.28, 123.675], std: [57.375, 57.12, 58.395], layout: 'nchw', pad: 0,
}

type LabelledBox = Box & { label: Exclude<DetectionLabel, 'face'> }

/** Expected distance of one side: `sum_k softmax(bins)_k * k`, in strides. */
function sideDistance(raw: Float32Array, offset: number): number {
  let max = -Infinity
  for (let k = 0; k < BINS; k++) max = Math.max(max, raw[offset + k]!)
  let sum = 0
  let weighted = 0
  for (let k = 0; k < BINS; k++) {
    const e = Math.exp(raw[offset + k]! - max)
    sum += e
    weighted += e * k
  }
  return weighted / sum
}

/**
 * Raw outputs (`cls_s`, `box_s` per stride) -> boxes in input pixels for the kept classes, NMS per class.
 * `classes` defaults to OBJECT_CLASSES.
 */
export function decodeNanoDet(outputs: Record<string, Float32Array>, size = NANODET_SIZE, classes = OBJECT_CLASSES): LabelledBox[] {
  const candidates: LabelledBox[] = []
  for (const stride of STRIDES) {
    const grid = Math.ceil(size / stride)
    const cls = outputs[`cls_${stride}`]!
    const reg = outputs[`box_${stride}`]!
    for (let i = 0; i < grid * grid; i++) {
      let box: Box | undefined
      for (const c of classes) {
        const score = cls[i * NUM_CLASSES + c.coco]!
        if (score < c.threshold) continue
        if (!box) {
          const cx = ((i % grid) + 0.5) * stride
          const cy = (Math.floor(i / grid) + 0.5) * stride
          const base = i * 4 * BINS
          box = {
            x1: cx - sideDistance(reg, base) * stride,
            y1: cy - sideDistance(reg, base + BINS) * stride,
            x2: cx + sideDistance(reg, base + 2 * BINS) * stride,
            y2: cy + sideDistance(reg, base + 3 * BINS) * stride,
            score: 0,
          }
        }
        candidates.push({ ...box, score, label: c.label })
      }
    }
  }
  return classes.flatMap((c) => nms(candidates.filter((b) => b.label === c.label), NANODET_NMS_IOU))
}

/** Persons, cats, dogs and balls in one frame (frame pixels). */
export async function detectObjects(runner: ModelRunner, frame: RgbaImage, classes = OBJECT_CLASSES): Promise<Detection[]> {
  const p = letterbox(frame.width, frame.height, NANODET_SIZE)
  const input = rgbaToTensor(frame, p, NANODET_SIZE, NANODET_SIZE, NANODET_NORMALISATION)
  const out = await runner.run({ input_1: { type: 'float32', data: input, dims: [1, 3, NANODET_SIZE, NANODET_SIZE] } })
  const named: Record<string, Float32Array> = {}
  for (const s of STRIDES) {
    named[`cls_${s}`] = floatOutput(out, `cls_${s}`, NANODET_FILE)
    named[`box_${s}`] = floatOutput(out, `box_${s}`, NANODET_FILE)
  }
  return decodeNanoDet(named, NANODET_SIZE, classes).map((b) => {
    const f = toFrame(b, p, frame.width, frame.height)
    return { label: b.label, score: b.score, x1: f.x1, y1: f.y1, x2: f.x2, y2: f.y2 }
  })
}
