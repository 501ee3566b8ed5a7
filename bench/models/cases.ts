/** What the model benchmarks run: inputs, run counts, and how results are summarised. Shared by Node and browser. */
import type { RgbaFrame } from '../../src/analysis/detectors.ts'
import { rgbaToTensor, type RgbaImage } from '../../src/analysis/models/resample.ts'

/** Warm-up runs matter: wasm code is tiered up after about 20 runs (first BlazeFace runs were 5x slower). */
export const CASES = {
  'blazeface-front': { warmup: 20, runs: 30, unit: 'frame (640x360: two 128 crops)' },
  'blazeface-back': { warmup: 10, runs: 20, unit: 'frame (640x360: one 256 letterbox)' },
  'nanodet-m-320': { warmup: 5, runs: 15, unit: 'frame (640x360: one 320 letterbox)' },
  'scene-quality': { warmup: 10, runs: 20, unit: 'frame (128x72, batches of 16)' },
  'silero-vad-v5': { warmup: 5, runs: 20, unit: '32 ms window (1 s chunks = 31 windows)' },
} as const

export type CaseName = keyof typeof CASES
export const SCENE_BATCH_FRAMES = 16
export const VAD_CHUNK = 16_000
export const VAD_WINDOWS_PER_CHUNK = Math.floor(VAD_CHUNK / 512)

export interface Result {
  model: CaseName
  threads: number
  unit: string
  medianMs: number
  minMs: number
  runs: number
}

export function summarise(model: CaseName, threads: number, msPerUnit: number[]): Result {
  const sorted = [...msPerUnit].sort((a, b) => a - b)
  const round = (v: number) => Math.round(v * 100) / 100
  return { model, threads, unit: CASES[model].unit, medianMs: round(sorted[Math.floor(sorted.length / 2)]!), minMs: round(sorted[0]!), runs: sorted.length }
}

/** Times `fn` after warm-up; returns ms per unit for each timed run. */
export async function measure(model: CaseName, unitsPerRun: number, fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < CASES[model].warmup; i++) await fn()
  const times: number[] = []
  for (let i = 0; i < CASES[model].runs; i++) {
    const start = performance.now()
    await fn()
    times.push((performance.now() - start) / unitsPerRun)
  }
  return times
}

/** Resizes `img` into a `width` x `height` RGBA frame (letterboxed), as the analysis stage would hand it over. */
export function frameFrom(img: RgbaImage, width: number, height: number): RgbaFrame {
  const scale = Math.min(width / img.width, height / img.height)
  const p = { scale, offsetX: (width - img.width * scale) / 2, offsetY: (height - img.height * scale) / 2 }
  const rgb = rgbaToTensor(img, p, width, height, { order: 'rgb', mean: [0, 0, 0], std: [1, 1, 1], layout: 'nhwc', pad: 40 })
  const data = new Uint8ClampedArray(width * height * 4)
  for (let i = 0; i < width * height; i++) {
    data[i * 4] = rgb[i * 3]!
    data[i * 4 + 1] = rgb[i * 3 + 1]!
    data[i * 4 + 2] = rgb[i * 3 + 2]!
    data[i * 4 + 3] = 255
  }
  return { width, height, data, time: 0 }
}

export const formatResults = (title: string, results: Result[]) =>
  [title, ...results.map((r) => `  ${r.model.padEnd(16)} ${r.threads} thread(s)  median ${r.medianMs} ms  min ${r.minMs} ms  per ${r.unit}`)].join('\n')
