/**
 * BlazeFace (MediaPipe) face detection: model variants, anchors, decoding and the frame -> faces pipeline.
 * See models/face/MODEL.md.
 */
import type { Detection } from '../detectors.ts'
import { letterbox, nms, squareCrops, toFrame, type Box, type Placement } from './geometry.ts'
import { rgbaToTensor, type Normalisation, type RgbaImage } from './resample.ts'
import { floatOutput, type ModelRunner } from './runner.ts'

export interface FaceModelSpec {
  /** Model file name inside models/face/. */
  file: string
  /** Input side in pixels. */
  size: number
  /** How the frame is placed on the square input: several square crops, or one letterboxed pass. */
  placement: 'square-crops' | 'letterbox'
  threshold: number
}

/** The two shipped variants: "front" (short range, 128) and "back" (full range, 256). */
export const FACE_MODELS = {
  front: { file: 'blazeface-front.onnx', size: 128, placement: 'square-crops', threshold: 0.75 },
  back: { file: 'blazeface-back.onnx', size: 256, placement: 'letterbox', threshold: 0.75 },
} as const satisfies Record<string, FaceModelSpec>

export type FaceModelName = keyof typeof FACE_MODELS

export const FACE_NMS_IOU = 0.3

/** RGB scaled to [-1, 1], NHWC; letterbox bars black. */
export const FACE_NORMALISATION: Normalisation = { order: 'rgb', mean: [127.5, 127.5, 127.5], std: [127.5, 127.5, 127.5], layout: 'nhwc', pad: 0 }

/** Anchor grids in output order: 16x16 cells with 2 anchors each, then 8x8 cells with 6 anchors each. */
const ANCHOR_LAYERS = [
  { grid: 16, perCell: 2, scores: 'scores_16', boxes: 'boxes_16' },
  { grid: 8, perCell: 6, scores: 'scores_8', boxes: 'boxes_8' },
] as const

/** Anchor centres in 0..1 (fixed size 1, as MediaPipe's SSD anchors for BlazeFace), in output order. */
export function blazeFaceAnchors(): { grid: number; cx: Float32Array; cy: Float32Array }[] {
  return ANCHOR_LAYERS.map(({ grid, perCell }) => {
    const cx = new Float32Array(grid * grid * perCell)
    const cy = new Float32Array(grid * grid * perCell)
    let k = 0
    for (let y = 0; y < grid; y++) for (let x = 0; x < grid; x++) for (let a = 0; a < perCell; a++, k++) {
      cx[k] = (x + 0.5) / grid
      cy[k] = (y + 0.5) / grid
    }
    return { grid, cx, cy }
  })
}

const ANCHORS = blazeFaceAnchors()
const sigmoid = (x: number) => 1 / (1 + Math.exp(-Math.min(100, Math.max(-100, x))))

/** Raw outputs -> boxes in input pixels with score >= threshold (before NMS). */
export function decodeBlazeFace(outputs: Record<string, Float32Array>, size: number, threshold: number): Box[] {
  const boxes: Box[] = []
  ANCHOR_LAYERS.forEach((layer, l) => {
    const scores = outputs[layer.scores]!
    const raw = outputs[layer.boxes]!
    const { cx, cy } = ANCHORS[l]!
    for (let i = 0; i < scores.length; i++) {
      const score = sigmoid(scores[i]!)
      if (score < threshold) continue
      const x = cx[i]! * size + raw[i * 16]!
      const y = cy[i]! * size + raw[i * 16 + 1]!
      const w = raw[i * 16 + 2]!
      const h = raw[i * 16 + 3]!
      boxes.push({ x1: x - w / 2, y1: y - h / 2, x2: x + w / 2, y2: y + h / 2, score })
    }
  })
  return boxes
}

/** Where the model input goes over a frame for this variant. */
export function facePlacements(spec: FaceModelSpec, width: number, height: number): Placement[] {
  return spec.placement === 'square-crops' ? squareCrops(width, height, spec.size) : [letterbox(width, height, spec.size)]
}

/** Faces in one frame (frame pixels), one model run per placement, merged by NMS. */
export async function detectFaces(runner: ModelRunner, frame: RgbaImage, spec: FaceModelSpec): Promise<Detection[]> {
  const found: Box[] = []
  for (const p of facePlacements(spec, frame.width, frame.height)) {
    const input = rgbaToTensor(frame, p, spec.size, spec.size, FACE_NORMALISATION)
    const out = await runner.run({ input: { type: 'float32', data: input, dims: [1, spec.size, spec.size, 3] } })
    const named: Record<string, Float32Array> = {}
    for (const layer of ANCHOR_LAYERS) {
      named[layer.scores] = floatOutput(out, layer.scores, spec.file)
      named[layer.boxes] = floatOutput(out, layer.boxes, spec.file)
    }
    for (const b of decodeBlazeFace(named, spec.size, spec.threshold)) found.push(toFrame(b, p, frame.width, frame.height))
  }
  return nms(found, FACE_NMS_IOU).map((b) => ({ label: 'face', score: b.score, x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2 }))
}
