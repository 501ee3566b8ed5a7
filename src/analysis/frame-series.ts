/**
 * Builds the per-frame feature columns (FrameSeries) from frames pushed one at a time, keeping only
 * the few recent histograms the pairwise distances need: memory stays flat however long the source.
 */
import { frameDifference, frameFeatures, histDistance, type FrameFeatures } from './features.ts'
import type { FrameSeries } from './types.ts'

type Hist = Pick<FrameFeatures, 'lumaHist' | 'hsHist'>

/** H of spanDist: about half a second of frames, within sane bounds. */
export function spanFramesFor(fps: number): number {
  return Math.max(4, Math.min(30, Math.round((Number.isFinite(fps) && fps > 0 ? fps : 25) / 2)))
}

export class FrameSeriesBuilder {
  readonly series: FrameSeries
  /** Recent histograms, newest last; at most 2H + 1. */
  private readonly recent: Hist[] = []
  private previousLuma: Float32Array | null = null
  private spareLuma: Float32Array | null = null

  constructor(spanFrames: number) {
    this.series = {
      time: [], meanLuma: [], stdLuma: [], lapVar: [], saturation: [],
      histDist: [], frameDiff: [], flashDist: [], spanDist: [], spanFrames,
    }
  }

  get length(): number {
    return this.series.time.length
  }

  /** Adds one frame (RGBA at analysis size) at its real presentation time. */
  push(rgba: ArrayLike<number>, width: number, height: number, time: number): FrameFeatures {
    const f = frameFeatures(rgba, width, height, this.spareLuma ?? undefined)
    const s = this.series
    const h = s.spanFrames
    const i = s.time.length
    s.time.push(time)
    s.meanLuma.push(f.meanLuma)
    s.stdLuma.push(f.stdLuma)
    s.lapVar.push(f.lapVar)
    s.saturation.push(f.saturation)
    const prev = this.recent[this.recent.length - 1]
    s.histDist.push(prev ? histDistance(prev, f) : 0)
    s.frameDiff.push(this.previousLuma ? frameDifference(this.previousLuma, f.luma) : 0)
    s.flashDist.push(0)
    s.spanDist.push(0)
    // Distances centred on earlier frames become known now.
    const beforePrev = this.recent[this.recent.length - 2]
    if (beforePrev) s.flashDist[i - 1] = histDistance(beforePrev, f)
    if (this.recent.length >= 2 * h) s.spanDist[i - h] = histDistance(this.recent[this.recent.length - 2 * h]!, f)

    this.recent.push({ lumaHist: f.lumaHist, hsHist: f.hsHist })
    if (this.recent.length > 2 * h) this.recent.shift()
    this.spareLuma = this.previousLuma
    this.previousLuma = f.luma
    return f
  }
}

/** An empty series (for a source without video frames). */
export function emptySeries(spanFrames = 12): FrameSeries {
  return new FrameSeriesBuilder(spanFrames).series
}
