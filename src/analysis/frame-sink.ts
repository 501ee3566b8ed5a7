/**
 * Where decoded pictures go, whichever decoder made them: the full-rate cut features, and a few
 * larger frames for the models (on a fixed interval, plus one just after each likely cut so every
 * shot gets at least one). Model frames are batched and awaited: the consumer sets the pace.
 */
import type { RgbaFrame } from './detectors.ts'
import { FrameSeriesBuilder } from './frame-series.ts'
import { SHOT_RULES } from './shots.ts'

const MODEL_BATCH = 8
/** A model frame this long after a likely cut shows the new shot, not the cut frame itself. */
const AFTER_CUT_SECONDS = 0.2

export class FrameSink {
  readonly features: FrameSeriesBuilder
  private batch: RgbaFrame[] = []
  private nextModelTime = 0
  private modelAfterCut = Number.POSITIVE_INFINITY

  constructor(spanFrames: number, private readonly modelInterval: number, private readonly sendModelFrames: (frames: RgbaFrame[]) => Promise<void>) {
    this.features = new FrameSeriesBuilder(spanFrames)
  }

  /** Adds one analysis-size frame; says whether the caller should also produce a model frame for it. */
  addAnalysisFrame(rgba: ArrayLike<number>, width: number, height: number, time: number): boolean {
    this.features.push(rgba, width, height, time)
    const s = this.features.series
    const i = s.time.length - 1
    if (s.histDist[i]! > SHOT_RULES.cutHist && s.frameDiff[i]! > SHOT_RULES.cutDiff) this.modelAfterCut = time + AFTER_CUT_SECONDS
    return this.wantsModelFrame(time)
  }

  wantsModelFrame(time: number): boolean {
    if (this.modelInterval <= 0) return false
    return time >= this.nextModelTime - 1e-6 || time >= this.modelAfterCut
  }

  /** Queues a model frame (sent in batches); call flush() to wait for the consumer. */
  addModelFrame(frame: RgbaFrame): void {
    this.batch.push(frame)
    if (frame.time >= this.nextModelTime - 1e-6) this.nextModelTime = frame.time + this.modelInterval
    if (frame.time >= this.modelAfterCut) this.modelAfterCut = Number.POSITIVE_INFINITY
  }

  get pending(): number {
    return this.batch.length
  }

  async flush(force = false): Promise<void> {
    if (this.batch.length === 0 || (!force && this.batch.length < MODEL_BATCH)) return
    const frames = this.batch
    this.batch = []
    await this.sendModelFrames(frames)
  }
}

/** Height for a width that keeps the aspect ratio, rounded to an even number. */
export function scaledHeight(width: number, srcWidth: number, srcHeight: number): number {
  if (!(srcWidth > 0 && srcHeight > 0)) return Math.round((width * 9) / 16 / 2) * 2
  return Math.max(2, Math.round((width * srcHeight) / srcWidth / 2) * 2)
}
