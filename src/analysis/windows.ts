/**
 * Reduces every signal of a source to fixed windows (0.5 s) of 0..1 values: what selection
 * scores and the demo draws. Pure.
 */
import type {
  AudioSeries, DetectionSample, FrameSeries, QualitySample, ShotAnalysis, WindowSummary,
} from './types.ts'

export const WINDOW_SECONDS = 0.5

/** How raw features become 0..1 signals. */
export const SIGNAL_SCALES = {
  /** lapVar at 128x72: 30 (blurred) -> 0, 3000 (crisp detail) -> 1, on a log scale. */
  sharpLow: 30,
  sharpHigh: 3000,
  /** Mean luma: best around mid-grey, 0 at black or white. */
  exposureCentre: 120,
  exposureSpan: 110,
  contrastStd: 60,
  colourSaturation: 0.5,
  /** Frame difference (mean |dY|) that counts as full motion / as no longer steady. */
  motionDiff: 12,
  steadyDiff: 6,
  /** Loudness relative to the source's integrated loudness: -10 LU -> 0, +6 LU -> 1. */
  loudnessBelow: 10,
  loudnessAbove: 6,
  /** Onset rise (dB over the last 0.5 s) that counts as a full onset. */
  onsetDb: 12,
  /** Detections this far outside a window still count for it (sampled frames are sparse). */
  detectionReach: 0.5,
} as const

export interface WindowInputs {
  duration: number
  frames: FrameSeries
  shots: ShotAnalysis
  detections: DetectionSample[]
  quality: QualitySample[]
  audio: AudioSeries | null
  speech: { rate: number; probability: number[] } | null
  windowSeconds?: number
}

const clamp01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : Number.isFinite(x) ? x : 0)
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0)

export function sharpnessFromLapVar(lapVar: number): number {
  const s = SIGNAL_SCALES
  return clamp01(Math.log(Math.max(lapVar, 1e-6) / s.sharpLow) / Math.log(s.sharpHigh / s.sharpLow))
}

export function buildWindows(input: WindowInputs): WindowSummary[] {
  const w = input.windowSeconds ?? WINDOW_SECONDS
  const count = Math.max(0, Math.ceil(input.duration / w - 1e-9))
  const s = SIGNAL_SCALES
  const f = input.frames
  const cutFrames = new Set(input.shots.cuts.map((c) => c.frame))
  const windows: WindowSummary[] = []
  let frame = 0
  for (let k = 0; k < count; k++) {
    const start = k * w
    const end = Math.min(input.duration, (k + 1) * w)
    // Frames inside the window; a sparse (low frame rate) source borrows its nearest frame.
    const inside: number[] = []
    while (frame < f.time.length && f.time[frame]! < end) {
      if (f.time[frame]! >= start) inside.push(frame)
      frame++
    }
    if (inside.length === 0 && f.time.length > 0) inside.push(Math.max(0, Math.min(f.time.length - 1, frame - 1)))

    const lumaMean = mean(inside.map((i) => f.meanLuma[i]!))
    const modelQuality = input.quality.filter((q) => q.time >= start - s.detectionReach && q.time < end + s.detectionReach)
    const sharpness = modelQuality.length ? mean(modelQuality.map((q) => q.sharpness)) : mean(inside.map((i) => sharpnessFromLapVar(f.lapVar[i]!)))
    const exposure = modelQuality.length ? mean(modelQuality.map((q) => q.exposure)) : clamp01(1 - Math.abs(lumaMean - s.exposureCentre) / s.exposureSpan)
    const contrast = modelQuality.length ? mean(modelQuality.map((q) => q.contrast)) : clamp01(mean(inside.map((i) => f.stdLuma[i]!)) / s.contrastStd)
    const colour = modelQuality.length ? mean(modelQuality.map((q) => q.colourfulness)) : clamp01(mean(inside.map((i) => f.saturation[i]!)) / s.colourSaturation)
    const moving = inside.filter((i) => i > 0 && !cutFrames.has(i)).map((i) => f.frameDiff[i]!)
    const diff = mean(moving)

    const near = input.detections.filter((d) => d.time >= start - s.detectionReach && d.time < end + s.detectionReach)
    const best = (pick: (d: DetectionSample) => number) => near.reduce((m, d) => Math.max(m, pick(d)), 0)

    windows.push({
      start,
      end,
      quality: clamp01(0.5 * sharpness + 0.25 * exposure + 0.15 * contrast + 0.1 * colour),
      sharpness: clamp01(sharpness),
      exposure: clamp01(exposure),
      motion: clamp01(diff / s.motionDiff),
      steady: clamp01(1 - diff / s.steadyDiff),
      face: best((d) => d.face),
      person: best((d) => d.person),
      pet: best((d) => Math.max(d.cat, d.dog)),
      ball: best((d) => d.ball),
      speech: input.speech ? seriesMean(input.speech.probability, input.speech.rate, start, end) : 0,
      loudness: input.audio ? loudnessScore(input.audio, start, end) : 0,
      onset: input.audio ? clamp01(seriesMax(input.audio.onset, input.audio.rate, start, end) / s.onsetDb) : 0,
      flags: [...new Set(input.shots.flags.filter((x) => overlaps(x, start, end)).map((x) => x.kind))],
      inTransition: input.shots.transitions.some((t) => overlaps(t, start, end)),
    })
  }
  return windows
}

function overlaps(x: { start: number; end: number }, start: number, end: number): boolean {
  return x.start < end - 1e-6 && x.end > start + 1e-6
}

function slice(values: number[], rate: number, start: number, end: number): number[] {
  const a = Math.max(0, Math.floor(start * rate))
  const b = Math.min(values.length, Math.max(a + 1, Math.ceil(end * rate)))
  return values.slice(a, b)
}

function seriesMean(values: number[], rate: number, start: number, end: number): number {
  return clamp01(mean(slice(values, rate, start, end)))
}

function seriesMax(values: number[], rate: number, start: number, end: number, floor = 0): number {
  return slice(values, rate, start, end).reduce((m, v) => Math.max(m, v), floor)
}

function loudnessScore(audio: AudioSeries, start: number, end: number): number {
  const s = SIGNAL_SCALES
  const m = seriesMax(audio.momentary, audio.rate, start, end, -70)
  if (m <= -69 || audio.integrated <= -69) return 0
  return clamp01((m - audio.integrated + s.loudnessBelow) / (s.loudnessBelow + s.loudnessAbove))
}
