/** Node side of the model benchmarks: onnxruntime-web in-process (no worker), same pre/post-processing as the workers. */
import { readFileSync, writeFileSync } from 'node:fs'
import * as ort from 'onnxruntime-web'
import { expect } from 'vitest'
import { detectFaces, FACE_MODELS } from '../../src/analysis/models/blazeface.ts'
import { detectObjects, NANODET_FILE } from '../../src/analysis/models/nanodet.ts'
import { ortRunner } from '../../src/analysis/models/runner.ts'
import { scoreFrames, SCENE_FILE } from '../../src/analysis/models/scene-quality.ts'
import { VAD_FILE, VadStream } from '../../src/analysis/models/vad.ts'
import { loadFixtureImage } from '../../test/fixtures/images/decode.ts'
import { CLIP_TRUTH, parseWav16 } from '../../models/speech/testdata/wav.ts'
import { formatResults, frameFrom, measure, SCENE_BATCH_FRAMES, summarise, VAD_CHUNK, VAD_WINDOWS_PER_CHUNK, type Result } from './cases.ts'

const open = async (dir: string, file: string) =>
  ortRunner(ort, await ort.InferenceSession.create(readFileSync(new URL(`../../models/${dir}/${file}`, import.meta.url))))

export async function runNodeBench(threads: number): Promise<Result[]> {
  ort.env.wasm.numThreads = threads
  const frame = frameFrom(loadFixtureImage('astronaut.jpg'), 640, 360)
  const small = frameFrom(loadFixtureImage('astronaut.jpg'), 128, 72)
  const pcm = parseWav16(readFileSync(new URL('../../models/speech/testdata/speech-16k.wav', import.meta.url))).samples
  const chunk = pcm.slice(CLIP_TRUTH.speech.start * 16_000, CLIP_TRUTH.speech.start * 16_000 + VAD_CHUNK)
  const results: Result[] = []

  const front = await open('face', FACE_MODELS.front.file)
  results.push(summarise('blazeface-front', threads, await measure('blazeface-front', 1, () => detectFaces(front, frame, FACE_MODELS.front))))
  const back = await open('face', FACE_MODELS.back.file)
  results.push(summarise('blazeface-back', threads, await measure('blazeface-back', 1, () => detectFaces(back, frame, FACE_MODELS.back))))
  const nanodet = await open('object', NANODET_FILE)
  results.push(summarise('nanodet-m-320', threads, await measure('nanodet-m-320', 1, () => detectObjects(nanodet, frame))))
  const scene = await open('scene', SCENE_FILE)
  const batch = Array.from({ length: SCENE_BATCH_FRAMES }, () => small)
  results.push(summarise('scene-quality', threads, await measure('scene-quality', SCENE_BATCH_FRAMES, () => scoreFrames(scene, batch))))
  const vad = new VadStream(await open('speech', VAD_FILE))
  results.push(summarise('silero-vad-v5', threads, await measure('silero-vad-v5', VAD_WINDOWS_PER_CHUNK, () => vad.push(chunk))))

  expect(results).toHaveLength(5)
  writeFileSync(new URL(`./results-node-${threads}t.json`, import.meta.url), JSON.stringify(results, null, 2) + '\n')
  console.log(formatResults(`Node ${process.version}, onnxruntime-web wasm, ${threads} thread(s)`, results))
  return results
}
