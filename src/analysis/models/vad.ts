/**
 * Silero VAD v5 windowing: each model call sees 64 samples of context (the end of the previous window) plus 512 new
 * samples, and its recurrent state is fed back. See models/speech/MODEL.md.
 */
import { floatOutput, type ModelRunner } from './runner.ts'

export const VAD_FILE = 'silero-vad-v5.onnx'
export const VAD_SAMPLE_RATE = 16_000
export const VAD_WINDOW = 512
export const VAD_CONTEXT = 64
export const VAD_SPEECH_THRESHOLD = 0.5
const STATE_SIZE = 2 * 1 * 128

/** Splits a stream of samples into model inputs (context + window), keeping what is left for the next push. */
export class VadWindower {
  private context = new Float32Array(VAD_CONTEXT)
  private pending = new Float32Array(0)

  reset(): void {
    this.context = new Float32Array(VAD_CONTEXT)
    this.pending = new Float32Array(0)
  }

  /** The 576-sample inputs for every complete 512-sample window in (pending + pcm). */
  push(pcm: Float32Array): Float32Array[] {
    const all = new Float32Array(this.pending.length + pcm.length)
    all.set(this.pending)
    all.set(pcm, this.pending.length)
    const count = Math.floor(all.length / VAD_WINDOW)
    const inputs: Float32Array[] = []
    for (let w = 0; w < count; w++) {
      const input = new Float32Array(VAD_CONTEXT + VAD_WINDOW)
      input.set(this.context)
      const window = all.subarray(w * VAD_WINDOW, (w + 1) * VAD_WINDOW)
      input.set(window, VAD_CONTEXT)
      this.context = window.slice(VAD_WINDOW - VAD_CONTEXT)
      inputs.push(input)
    }
    this.pending = all.slice(count * VAD_WINDOW)
    return inputs
  }
}

/** A stream of 16 kHz mono audio -> one speech probability per 32 ms window. */
export class VadStream {
  private readonly windower = new VadWindower()
  private state = new Float32Array(STATE_SIZE)
  private readonly sr = new BigInt64Array([BigInt(VAD_SAMPLE_RATE)])

  constructor(private readonly runner: ModelRunner) {}

  reset(): void {
    this.windower.reset()
    this.state = new Float32Array(STATE_SIZE)
  }

  async push(pcm: Float32Array): Promise<Float32Array> {
    const inputs = this.windower.push(pcm)
    const probabilities = new Float32Array(inputs.length)
    for (let i = 0; i < inputs.length; i++) {
      const out = await this.runner.run({
        input: { type: 'float32', data: inputs[i]!, dims: [1, VAD_CONTEXT + VAD_WINDOW] },
        state: { type: 'float32', data: this.state, dims: [2, 1, 128] },
        sr: { type: 'int64', data: this.sr, dims: [] },
      })
      probabilities[i] = floatOutput(out, 'output', VAD_FILE)[0]!
      this.state = floatOutput(out, 'stateN', VAD_FILE).slice()
    }
    return probabilities
  }
}

/** Speech segments [start, end) in seconds from per-window probabilities (windows above the threshold, merged). */
export function speechSegments(probabilities: Float32Array, threshold = VAD_SPEECH_THRESHOLD): { start: number; end: number }[] {
  const seconds = VAD_WINDOW / VAD_SAMPLE_RATE
  const segments: { start: number; end: number }[] = []
  probabilities.forEach((p, i) => {
    if (p <= threshold) return
    const last = segments.at(-1)
    if (last && Math.abs(last.end - i * seconds) < 1e-9) last.end = (i + 1) * seconds
    else segments.push({ start: i * seconds, end: (i + 1) * seconds })
  })
  return segments
}
