/**
 * Loudness (EBU R128 / ITU-R BS.1770 K-weighting; momentary 400 ms, short-term 3 s, gated
 * integrated) and onset energy from 16 kHz mono audio, pushed in chunks of any size.
 * Pure: the decode worker feeds it; Node tests feed it natively decoded audio.
 */
import type { AudioSeries } from './types.ts'

export const ANALYSIS_SAMPLE_RATE = 16_000
/** Values per second in AudioSeries (100 ms blocks: the R128 gating hop). */
export const AUDIO_SERIES_RATE = 10
const SILENCE_LUFS = -70
/** Onset frames: 32 ms, compared with the mean of the previous 0.5 s. */
const ONSET_FRAME = 512
const ONSET_HISTORY = 16

interface Biquad { b0: number; b1: number; b2: number; a1: number; a2: number }

/** The two K-weighting stages (high shelf, then high pass) for any sample rate (libebur128's formulas). */
export function kWeighting(sampleRate: number): [Biquad, Biquad] {
  let f0 = 1681.974450955533
  const gain = 3.999843853973347
  let q = 0.7071752369554196
  let k = Math.tan((Math.PI * f0) / sampleRate)
  const vh = 10 ** (gain / 20)
  const vb = vh ** 0.4996667741545416
  let a0 = 1 + k / q + k * k
  const shelf: Biquad = {
    b0: (vh + (vb * k) / q + k * k) / a0,
    b1: (2 * (k * k - vh)) / a0,
    b2: (vh - (vb * k) / q + k * k) / a0,
    a1: (2 * (k * k - 1)) / a0,
    a2: (1 - k / q + k * k) / a0,
  }
  f0 = 38.13547087602444
  q = 0.5003270373238773
  k = Math.tan((Math.PI * f0) / sampleRate)
  a0 = 1 + k / q + k * k
  const highPass: Biquad = { b0: 1, b1: -2, b2: 1, a1: (2 * (k * k - 1)) / a0, a2: (1 - k / q + k * k) / a0 }
  return [shelf, highPass]
}

const lufs = (meanSquare: number) => (meanSquare > 0 ? Math.max(SILENCE_LUFS, -0.691 + 10 * Math.log10(meanSquare)) : SILENCE_LUFS)

export class AudioFeatureBuilder {
  private readonly filters: [Biquad, Biquad]
  /** Direct form I state per stage: x1, x2, y1, y2. */
  private readonly state = [new Float64Array(4), new Float64Array(4)]
  private readonly blockSize: number
  private blockSum = 0
  private blockFill = 0
  private readonly blockPower: number[] = []
  private onsetSum = 0
  private onsetFill = 0
  private readonly onsetEnergy: number[] = []
  private readonly onsetBlocks: number[] = []
  private samples = 0

  constructor(private readonly sampleRate = ANALYSIS_SAMPLE_RATE) {
    this.filters = kWeighting(sampleRate)
    this.blockSize = Math.round(sampleRate / AUDIO_SERIES_RATE)
  }

  /** Seconds of audio pushed so far. */
  get seconds(): number {
    return this.samples / this.sampleRate
  }

  push(pcm: Float32Array): void {
    const [f1, f2] = this.filters
    const [s1, s2] = this.state as [Float64Array, Float64Array]
    for (let i = 0; i < pcm.length; i++) {
      const x = pcm[i]!
      const y1 = f1.b0 * x + f1.b1 * s1[0]! + f1.b2 * s1[1]! - f1.a1 * s1[2]! - f1.a2 * s1[3]!
      s1[1] = s1[0]!; s1[0] = x; s1[3] = s1[2]!; s1[2] = y1
      const y2 = f2.b0 * y1 + f2.b1 * s2[0]! + f2.b2 * s2[1]! - f2.a1 * s2[2]! - f2.a2 * s2[3]!
      s2[1] = s2[0]!; s2[0] = y1; s2[3] = s2[2]!; s2[2] = y2
      this.blockSum += y2 * y2
      if (++this.blockFill === this.blockSize) this.closeBlock()
      this.onsetSum += x * x
      if (++this.onsetFill === ONSET_FRAME) this.closeOnsetFrame()
    }
    this.samples += pcm.length
  }

  private closeBlock(): void {
    this.blockPower.push(this.blockSum / this.blockSize)
    this.blockSum = 0
    this.blockFill = 0
    // The onset value of a block is the strongest onset frame that ended inside it.
    this.onsetBlocks.push(this.pendingOnset)
    this.pendingOnset = 0
  }

  private pendingOnset = 0

  private closeOnsetFrame(): void {
    const db = 10 * Math.log10(this.onsetSum / ONSET_FRAME + 1e-10)
    const history = this.onsetEnergy.slice(-ONSET_HISTORY)
    const mean = history.length ? history.reduce((a, b) => a + b, 0) / history.length : db
    this.pendingOnset = Math.max(this.pendingOnset, Math.max(0, db - Math.max(mean, -80)))
    this.onsetEnergy.push(db)
    if (this.onsetEnergy.length > ONSET_HISTORY) this.onsetEnergy.shift()
    this.onsetSum = 0
    this.onsetFill = 0
  }

  finish(): AudioSeries {
    if (this.blockFill > 0) {
      this.blockPower.push(this.blockSum / this.blockFill)
      this.onsetBlocks.push(this.pendingOnset)
      this.blockSum = 0
      this.blockFill = 0
    }
    const p = this.blockPower
    // Centred windows: block k's value covers the 400 ms / 3 s around it.
    const meanOver = (k: number, before: number, after: number) => {
      let sum = 0
      let count = 0
      for (let j = Math.max(0, k - before); j <= Math.min(p.length - 1, k + after); j++) { sum += p[j]!; count++ }
      return count ? sum / count : 0
    }
    const momentaryPower = p.map((_, k) => meanOver(k, 2, 1))
    return {
      rate: AUDIO_SERIES_RATE,
      momentary: momentaryPower.map(lufs),
      shortTerm: p.map((_, k) => lufs(meanOver(k, 15, 14))),
      onset: this.onsetBlocks.slice(0, p.length),
      integrated: gatedLoudness(momentaryPower),
    }
  }
}

/** BS.1770 gating over 400 ms blocks with 75 % overlap: absolute gate -70 LUFS, relative gate -10 LU. */
function gatedLoudness(blockPowers: number[]): number {
  const above = blockPowers.filter((q) => lufs(q) > SILENCE_LUFS)
  if (above.length === 0) return SILENCE_LUFS
  const relativeGate = lufs(above.reduce((a, b) => a + b, 0) / above.length) - 10
  const gated = above.filter((q) => lufs(q) > relativeGate)
  return gated.length ? lufs(gated.reduce((a, b) => a + b, 0) / gated.length) : SILENCE_LUFS
}
