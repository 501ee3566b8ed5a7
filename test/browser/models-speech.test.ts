// The speech worker (Silero VAD v5 in onnxruntime-web wasm) in headless Chromium on the espeak-ng test clip.
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { SpeechDetector } from '../../src/analysis/detectors.ts'
import { createSpeechDetector } from '../../src/analysis/models/speech.ts'
import { VAD_SAMPLE_RATE, VAD_WINDOW } from '../../src/analysis/models/vad.ts'
import { CLIP_TRUTH, parseWav16 } from '../../models/speech/testdata/wav.ts'

let detector: SpeechDetector
let pcm: Float32Array
beforeAll(async () => {
  detector = await createSpeechDetector()
  const bytes = new Uint8Array(await (await fetch(new URL('../../models/speech/testdata/speech-16k.wav', import.meta.url))).arrayBuffer())
  pcm = parseWav16(bytes).samples
})
afterAll(() => detector?.dispose())

const windowTime = (i: number) => ((i + 0.5) * VAD_WINDOW) / VAD_SAMPLE_RATE
const inside = (p: Float32Array, { start, end }: { start: number; end: number }) =>
  Array.from(p).filter((_, i) => windowTime(i) >= start + 0.1 && windowTime(i) < end - 0.1)

test('speech inside the speech, none in silence or on the sine (same bounds as the Node test)', async () => {
  const p = await detector.speechProbabilities(pcm.slice())
  expect(p.length).toBe(Math.floor(pcm.length / VAD_WINDOW))
  const speech = inside(p, CLIP_TRUTH.speech)
  expect(speech.filter((v) => v > 0.5).length / speech.length).toBeGreaterThan(0.75)
  expect(Math.max(...inside(p, { start: 0, end: CLIP_TRUTH.speech.start }))).toBeLessThan(0.5)
  expect(Math.max(...inside(p, CLIP_TRUTH.silence))).toBeLessThan(0.5)
  expect(Math.max(...inside(p, CLIP_TRUTH.sine))).toBeLessThan(0.5)
  console.log('speech worker ms per 32 ms window (1 thread):', JSON.stringify(await detector.timings()))
})

test('chunks with reset: false continue the stream; the input is transferred', async () => {
  const whole = await detector.speechProbabilities(pcm.slice())
  const parts: number[] = []
  for (let at = 0; at < pcm.length; at += 8000) {
    const chunk = pcm.slice(at, at + 8000)
    parts.push(...(await detector.speechProbabilities(chunk, { reset: at === 0 })))
    expect(chunk.byteLength).toBe(0)
  }
  expect(parts.length).toBe(whole.length)
  parts.forEach((v, i) => expect(v).toBeCloseTo(whole[i]!, 5))
})
