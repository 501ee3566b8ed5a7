/** Browser side of the model benchmarks: the real workers (one per model configuration and thread count) in headless Chromium. */
import { expect, test } from 'vitest'
import { commands } from 'vitest/browser'
import { createCharacterDetector } from '../../src/analysis/models/character.ts'
import { createSceneScorer } from '../../src/analysis/models/scene.ts'
import { createSpeechDetector } from '../../src/analysis/models/speech.ts'
import { CLIP_TRUTH, parseWav16 } from '../../models/speech/testdata/wav.ts'
import { loadFixtureFrame } from '../../test/fixtures/images/decode-browser.ts'
import { formatResults, frameFrom, measure, SCENE_BATCH_FRAMES, summarise, VAD_CHUNK, VAD_WINDOWS_PER_CHUNK, type Result } from './cases.ts'

test('model workers in headless Chromium, 1 and 2 threads', async () => {
  expect(crossOriginIsolated).toBe(true)
  const img = await loadFixtureFrame('astronaut.jpg')
  const frame = frameFrom(img, 640, 360)
  const small = frameFrom(img, 128, 72)
  const copy = (f: typeof frame) => ({ ...f, data: new Uint8ClampedArray(f.data) })
  const wav = new Uint8Array(await (await fetch(new URL('../../models/speech/testdata/speech-16k.wav', import.meta.url))).arrayBuffer())
  const pcm = parseWav16(wav).samples
  const start = CLIP_TRUTH.speech.start * 16_000
  const results: Result[] = []
  const workerMeans: Record<string, Record<string, number>> = {}

  for (const threads of [1, 2]) {
    for (const faceModel of ['front', 'back'] as const) {
      const d = await createCharacterDetector({ numThreads: threads, faceModel })
      const name = faceModel === 'front' ? 'blazeface-front' : 'blazeface-back'
      results.push(summarise(name, threads, await measure(name, 1, () => d.detect([copy(frame)], { faces: true, objects: false }))))
      if (faceModel === 'front') {
        results.push(summarise('nanodet-m-320', threads, await measure('nanodet-m-320', 1, () => d.detect([copy(frame)], { faces: false, objects: true }))))
      }
      workerMeans[`character ${faceModel} ${threads}t`] = await d.timings()
      await d.dispose()
    }
    const s = await createSceneScorer({ numThreads: threads })
    results.push(summarise('scene-quality', threads, await measure('scene-quality', SCENE_BATCH_FRAMES, () => s.score(Array.from({ length: SCENE_BATCH_FRAMES }, () => copy(small))))))
    workerMeans[`scene ${threads}t`] = await s.timings()
    await s.dispose()
    const v = await createSpeechDetector({ numThreads: threads })
    results.push(summarise('silero-vad-v5', threads, await measure('silero-vad-v5', VAD_WINDOWS_PER_CHUNK, () => v.speechProbabilities(pcm.slice(start, start + VAD_CHUNK), { reset: false }))))
    workerMeans[`speech ${threads}t`] = await v.timings()
    await v.dispose()
  }

  expect(results).toHaveLength(10)
  await commands.writeFile('bench/models/results-browser.json', JSON.stringify({ userAgent: navigator.userAgent, results, workerMeans }, null, 2) + '\n')
  console.log(formatResults(`headless Chromium (${navigator.userAgent.match(/Chrome\/[\d.]+/)?.[0]}), model workers, wall time per call from the page`, results))
})
