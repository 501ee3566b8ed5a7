/**
 * The `scene` quality graph: batches of same-size RGBA frames in, raw features out, mapped to 0..1 here.
 * See models/scene/MODEL.md.
 */
import type { FrameQuality, RgbaFrame } from '../detectors.ts'
import { floatOutput, type ModelRunner } from './runner.ts'

export const SCENE_FILE = 'scene-quality.onnx'
/** Frames per model call: large enough to amortise the call, small enough to keep memory flat. */
export const SCENE_BATCH = 16

/** Raw per-frame features, in the graph's output order. */
export interface QualityFeatures {
  lapVar: number
  lumaMean: number
  lumaStd: number
  colourfulness: number
}

/** Piecewise-linear map through (x, y) points, flat beyond the ends. */
function ramp(points: readonly (readonly [number, number])[]): (x: number) => number {
  return (x) => {
    const first = points[0]!
    if (x <= first[0]) return first[1]
    for (let i = 1; i < points.length; i++) {
      const [x1, y1] = points[i]!
      const [x0, y0] = points[i - 1]!
      if (x <= x1) return y0 + ((x - x0) / (x1 - x0)) * (y1 - y0)
    }
    return points.at(-1)![1]
  }
}

/**
 * Feature -> 0..1 score. Calibrated on 128x72 analysis frames (models.md §1: sharp content has a Laplacian variance
 * of 400 to 2200, a boxblur=8 copy 18; "blurred" is < 30).
 */
export const QUALITY_MAPS = {
  /** Saturating: 30 -> 0.17, 150 -> 0.5, 400 -> 0.73, 2200 -> 0.94. */
  sharpness: (f: QualityFeatures) => f.lapVar / (f.lapVar + 150),
  /** Mean luma: 0 below 16 (black), 1 from 96 to 170, 0 at 245 and above (blown out). */
  exposure: (f: QualityFeatures) => ramp([[16, 0], [96, 1], [170, 1], [245, 0]])(f.lumaMean),
  /** Std of luma: 64 (strong contrast) and above -> 1. */
  contrast: (f: QualityFeatures) => Math.min(1, f.lumaStd / 64),
  /** Hasler-Süsstrunk: 0 grey, 33 moderately, 59 quite, 82 highly, >= 100 -> 1. */
  colourfulness: (f: QualityFeatures) => Math.min(1, f.colourfulness / 100),
} as const satisfies Record<Exclude<keyof FrameQuality, 'time'>, (f: QualityFeatures) => number>

export function mapQuality(f: QualityFeatures, time: number): FrameQuality {
  return {
    time,
    sharpness: QUALITY_MAPS.sharpness(f),
    exposure: QUALITY_MAPS.exposure(f),
    contrast: QUALITY_MAPS.contrast(f),
    colourfulness: QUALITY_MAPS.colourfulness(f),
  }
}

/** Groups consecutive frames of the same size into batches of at most SCENE_BATCH (indices into `frames`). */
export function sceneBatches(frames: readonly { width: number; height: number }[], max = SCENE_BATCH): number[][] {
  const batches: number[][] = []
  frames.forEach((f, i) => {
    const last = batches.at(-1)
    const head = last ? frames[last[0]!]! : undefined
    if (last && head!.width === f.width && head!.height === f.height && last.length < max) last.push(i)
    else batches.push([i])
  })
  return batches
}

/** Raw features for frames of one size. */
export async function qualityFeatures(runner: ModelRunner, frames: readonly RgbaFrame[]): Promise<QualityFeatures[]> {
  const { width, height } = frames[0]!
  const data = new Uint8Array(frames.length * width * height * 4)
  frames.forEach((f, i) => data.set(f.data, i * width * height * 4))
  const out = await runner.run({ rgba: { type: 'uint8', data, dims: [frames.length, height, width, 4] } })
  const features = floatOutput(out, 'features', SCENE_FILE)
  return frames.map((_, i) => ({
    lapVar: features[i * 4]!,
    lumaMean: features[i * 4 + 1]!,
    lumaStd: features[i * 4 + 2]!,
    colourfulness: features[i * 4 + 3]!,
  }))
}

/** FrameQuality for every frame, in order. Frames smaller than 3x3 are rejected (the Laplacian needs 3x3). */
export async function scoreFrames(runner: ModelRunner, frames: readonly RgbaFrame[]): Promise<FrameQuality[]> {
  const result: FrameQuality[] = new Array(frames.length)
  for (const batch of sceneBatches(frames)) {
    const group = batch.map((i) => frames[i]!)
    if (group[0]!.width < 3 || group[0]!.height < 3) throw new Error(`scene: frame ${group[0]!.width}x${group[0]!.height} is smaller than 3x3`)
    const features = await qualityFeatures(runner, group)
    batch.forEach((frameIndex, k) => (result[frameIndex] = mapQuality(features[k]!, frames[frameIndex]!.time)))
  }
  return result
}
