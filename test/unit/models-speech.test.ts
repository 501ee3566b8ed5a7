// Silero VAD v5 in onnxruntime-web (Node) on an espeak-ng clip: speech, then silence, then a 440 Hz sine.
import { readFileSync } from 'node:fs'
import * as ort from 'onnxruntime-web'
import { beforeAll, describe, expect, test } from 'vitest'
import { CLIP_TRUTH, parseWav16 } from '../../models/speech/testdata/wav.ts'
import { ortRunner, type ModelRunner } from '../../src/analysis/models/runner.ts'
import { VAD_FILE, VAD_SAMPLE_RATE, VAD_WINDOW, VadStream } from '../../src/analysis/models/vad.ts'

let runner: ModelRunner
let pcm: Float32Array
beforeAll(async () => {
  runner = ortRunner(ort, await ort.InferenceSession.create(readFileSync(new URL(`../../models/speech/${VAD_FILE}`, import.meta.url))))
  const wav = parseWav16(readFileSync(new URL('../../models/speech/testdata/speech-16k.wav', import.meta.url)))
  expect(wav.sampleRate).toBe(VAD_SAMPLE_RATE)
  pcm = wav.samples
})

const windowTime = (i: number) => ((i + 0.5) * VAD_WINDOW) / VAD_SAMPLE_RATE
/** Windows whose centre lies inside [start, end), with a margin on each side. */
function windowsIn(p: Float32Array, { start, end }: { start: number; end: number }, margin = 0.1): number[] {
  return Array.from(p).filter((_, i) => windowTime(i) >= start + margin && windowTime(i) < end - margin)
}

describe('Silero VAD v5', () => {
  test('speech is found inside the speech and nowhere else', async () => {
    const p = await new VadStream(runner).push(pcm)
    expect(p.length).toBe(Math.floor(pcm.length / VAD_WINDOW))
    const speech = windowsIn(p, CLIP_TRUTH.speech)
    const recall = speech.filter((v) => v > 0.5).length / speech.length
    expect(recall).toBeGreaterThan(0.75) // short pauses between words and sentences are not speech
    expect(Math.max(...windowsIn(p, { start: 0, end: CLIP_TRUTH.speech.start }))).toBeLessThan(0.5)
    expect(Math.max(...windowsIn(p, CLIP_TRUTH.silence))).toBeLessThan(0.5)
    expect(Math.max(...windowsIn(p, CLIP_TRUTH.sine))).toBeLessThan(0.5)
    console.log(`VAD recall inside the speech: ${recall.toFixed(3)} (${speech.length} windows)`)
    console.log(Array.from(p, (v) => (v > 0.5 ? '#' : '.')).join(''))
  })

  test('feeding the clip in odd-sized chunks gives the same probabilities as one push', async () => {
    const whole = await new VadStream(runner).push(pcm)
    const stream = new VadStream(runner)
    const parts: Float32Array[] = []
    for (let at = 0; at < pcm.length; at += 3001) parts.push(await stream.push(pcm.subarray(at, at + 3001)))
    const chunked = Float32Array.from(parts.flatMap((p) => Array.from(p)))
    expect(chunked.length).toBe(whole.length)
    chunked.forEach((v, i) => expect(v).toBeCloseTo(whole[i]!, 5))
  })

  test('reset forgets the state: the same audio twice gives the same answer', async () => {
    const stream = new VadStream(runner)
    const a = await stream.push(pcm.subarray(0, 40_000))
    stream.reset()
    const b = await stream.push(pcm.subarray(0, 40_000))
    expect(Array.from(b)).toEqual(Array.from(a))
  })
})
