/**
 * Puts one source's measurements together into a SourceAnalysis: shots from the frame features,
 * speech probabilities summarised, windows built. Pure: the browser pipeline and the Node tests
 * both end here.
 */
import { ANALYSIS_SAMPLE_RATE } from './audio-features.ts'
import { detectShots } from './shots.ts'
import type {
  AudioSeries, DecodePath, DetectionSample, FrameSeries, QualitySample, SignalAvailability, SourceAnalysis,
} from './types.ts'
import { buildWindows, WINDOW_SECONDS } from './windows.ts'

export interface SourceMeasurements {
  index: number
  uri: string
  duration: number
  width: number
  height: number
  decodePath: DecodePath
  fallbackReason?: string | undefined
  decodeMode?: SourceAnalysis['decodeMode']
  frames: FrameSeries
  audio: AudioSeries | null
  /** VAD output: one probability per 512-sample (32 ms) window at 16 kHz. */
  speechWindows?: Float32Array | null
  detections?: DetectionSample[] | null
  quality?: QualitySample[] | null
  timings?: Record<string, number>
}

export const SPEECH_SERIES_RATE = 10
const VAD_WINDOW_SECONDS = 512 / ANALYSIS_SAMPLE_RATE

export function assembleAnalysis(m: SourceMeasurements): SourceAnalysis {
  const shots = detectShots(m.frames, m.duration)
  const speech = m.speechWindows ? speechSeries(m.speechWindows, m.duration) : null
  const detections = m.detections ?? []
  const quality = m.quality ?? []
  const signals: SignalAvailability = {
    detections: m.detections != null,
    speech: speech !== null,
    audio: m.audio !== null,
    sceneModel: quality.length > 0,
  }
  return {
    index: m.index,
    uri: m.uri,
    duration: m.duration,
    fps: meanFps(m.frames.time),
    width: m.width,
    height: m.height,
    decodePath: m.decodePath,
    ...(m.fallbackReason ? { fallbackReason: m.fallbackReason } : {}),
    decodeMode: m.decodeMode ?? 'full',
    frames: m.frames,
    ...shots,
    audio: m.audio,
    speech,
    detections,
    quality,
    windows: buildWindows({ duration: m.duration, frames: m.frames, shots, detections, quality, audio: m.audio, speech, windowSeconds: WINDOW_SECONDS }),
    windowSeconds: WINDOW_SECONDS,
    signals,
    timings: m.timings ?? {},
  }
}

/** VAD windows (32 ms) averaged into SPEECH_SERIES_RATE values per second. */
export function speechSeries(windows: Float32Array, duration: number): { rate: number; probability: number[] } {
  const count = Math.max(1, Math.ceil(duration * SPEECH_SERIES_RATE))
  const sums = new Float64Array(count)
  const counts = new Float64Array(count)
  for (let i = 0; i < windows.length; i++) {
    const k = Math.min(count - 1, Math.floor((i + 0.5) * VAD_WINDOW_SECONDS * SPEECH_SERIES_RATE))
    sums[k] = sums[k]! + windows[i]!
    counts[k] = counts[k]! + 1
  }
  return { rate: SPEECH_SERIES_RATE, probability: Array.from(sums, (s, k) => (counts[k]! > 0 ? s / counts[k]! : 0)) }
}

export function meanFps(times: number[]): number {
  if (times.length < 2) return 0
  return (times.length - 1) / (times[times.length - 1]! - times[0]!)
}

/** Rounds the numeric columns of an analysis so its JSON stays small (3 decimals). */
export function compactAnalysis(a: SourceAnalysis): SourceAnalysis {
  const r = (x: number) => Math.round(x * 1000) / 1000
  const f = a.frames
  return {
    ...a,
    frames: {
      time: f.time.map((t) => Math.round(t * 1e6) / 1e6), meanLuma: f.meanLuma.map(r), stdLuma: f.stdLuma.map(r), lapVar: f.lapVar.map(r),
      saturation: f.saturation.map(r), histDist: f.histDist.map(r), frameDiff: f.frameDiff.map(r), flashDist: f.flashDist.map(r),
      spanDist: f.spanDist.map(r), spanFrames: f.spanFrames,
    },
    audio: a.audio && { ...a.audio, momentary: a.audio.momentary.map(r), shortTerm: a.audio.shortTerm.map(r), onset: a.audio.onset.map(r) },
    speech: a.speech && { ...a.speech, probability: a.speech.probability.map(r) },
  }
}
