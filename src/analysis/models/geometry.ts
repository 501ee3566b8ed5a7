/**
 * Where a model's square input sits over a frame, and boxes in both spaces.
 * A Placement maps frame pixels to model-input pixels: `input = frame * scale + offset`.
 */

export interface Placement {
  scale: number
  offsetX: number
  offsetY: number
}

export interface Box {
  x1: number
  y1: number
  x2: number
  y2: number
  score: number
}

/** The whole frame scaled to fit a `size` square, centred, the rest padded. */
export function letterbox(width: number, height: number, size: number): Placement {
  const scale = size / Math.max(width, height)
  return { scale, offsetX: (size - width * scale) / 2, offsetY: (size - height * scale) / 2 }
}

/**
 * Square crops (side = the short side) that together cover the frame along its long side, evenly spaced:
 * two for 16:9, one for a square, three for 21:9 and wider than 2:1. Each is scaled to a `size` square.
 */
export function squareCrops(width: number, height: number, size: number): Placement[] {
  const short = Math.min(width, height)
  const long = Math.max(width, height)
  const count = Math.ceil(long / short - 1e-9)
  const scale = size / short
  return Array.from({ length: count }, (_, i) => {
    const start = count === 1 ? (long - short) / 2 : (i * (long - short)) / (count - 1)
    return width >= height
      ? { scale, offsetX: -start * scale, offsetY: 0 }
      : { scale, offsetX: 0, offsetY: -start * scale }
  })
}

/** A box from model-input pixels back to frame pixels, clamped to the frame. */
export function toFrame<B extends Box>(box: B, p: Placement, width: number, height: number): B {
  const clamp = (v: number, max: number) => Math.min(max, Math.max(0, v))
  return {
    ...box,
    x1: clamp((box.x1 - p.offsetX) / p.scale, width),
    y1: clamp((box.y1 - p.offsetY) / p.scale, height),
    x2: clamp((box.x2 - p.offsetX) / p.scale, width),
    y2: clamp((box.y2 - p.offsetY) / p.scale, height),
  }
}

export function iou(a: Box, b: Box): number {
  const w = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1)
  const h = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1)
  if (w <= 0 || h <= 0) return 0
  const inter = w * h
  const union = (a.x2 - a.x1) * (a.y2 - a.y1) + (b.x2 - b.x1) * (b.y2 - b.y1) - inter
  return union > 0 ? inter / union : 0
}

/** Greedy non-maximum suppression: best score first, drop boxes overlapping a kept one by more than `iouThreshold`. */
export function nms<B extends Box>(boxes: readonly B[], iouThreshold: number): B[] {
  const sorted = [...boxes].sort((a, b) => b.score - a.score)
  const kept: B[] = []
  for (const box of sorted) if (kept.every((k) => iou(k, box) <= iouThreshold)) kept.push(box)
  return kept
}
