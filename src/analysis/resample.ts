/**
 * Streaming down-mix and resampling of decoded audio to the analysis rate (16 kHz mono).
 * Each output sample is the mean of the input samples in its own period (a box filter, which is
 * enough against aliasing for loudness, onsets and voice activity), so chunks of any size give
 * the same result as one whole buffer.
 */
import { ANALYSIS_SAMPLE_RATE } from './audio-features.ts'

export class MonoResampler {
  private readonly step: number
  /** Position of the next output sample's period end, in input samples since the start. */
  private nextEdge: number
  private consumed = 0
  private sum = 0
  private count = 0

  constructor(readonly inputRate: number, readonly outputRate = ANALYSIS_SAMPLE_RATE) {
    if (!(inputRate > 0)) throw new RangeError(`input sample rate must be positive, got ${inputRate}`)
    this.step = inputRate / outputRate
    this.nextEdge = this.step
  }

  /** Takes planar channels of one chunk (equal lengths) and returns the finished 16 kHz samples. */
  push(channels: Float32Array[]): Float32Array {
    const frames = channels[0]?.length ?? 0
    const out = new Float32Array(Math.ceil(frames / this.step) + 1)
    let n = 0
    const scale = 1 / Math.max(1, channels.length)
    for (let i = 0; i < frames; i++) {
      let v = 0
      for (const c of channels) v += c[i]!
      this.sum += v * scale
      this.count++
      this.consumed++
      if (this.consumed >= this.nextEdge) {
        out[n++] = this.sum / this.count
        this.sum = 0
        this.count = 0
        this.nextEdge += this.step
      }
    }
    return out.subarray(0, n)
  }
}
