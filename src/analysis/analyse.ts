/**
 * Analyses the sources of a request in the browser: the media worker decodes each one (cut
 * features at full frame rate, loudness and onsets), and, when detectors are given, model frames
 * go to the character and scene workers and the 16 kHz audio to the speech worker as they are
 * decoded. Without detectors the analysis rests on the frame and audio features alone.
 */
import { HighlightError } from '../contract/errors.ts'
import type { HighlightRequest } from '../contract/schema.ts'
import type { CharacterDetector, Detection, RgbaFrame, SceneScorer, SpeechDetector } from './detectors.ts'
import { createMediaDecoder, type MediaDecoder } from './media-decoder.ts'
import type { DecodeOptions } from './media-types.ts'
import { contentWeights } from './score.ts'
import { assembleAnalysis, compactAnalysis } from './source-analysis.ts'
import type { DetectionSample, QualitySample, SourceAnalysis } from './types.ts'

export type { SourceAnalysis } from './types.ts'

export interface AnalyseDetectors {
  character?: CharacterDetector
  scene?: SceneScorer
  speech?: SpeechDetector
}

export interface AnalyseOptions {
  request: HighlightRequest
  signal?: AbortSignal
  onProgress?: (fraction: number) => void
  detectors?: AnalyseDetectors
  /** Decode settings (path, mode, frame sizes, model frame interval). */
  decode?: DecodeOptions
  /** A decoder to reuse (one is made and disposed otherwise). */
  decoder?: MediaDecoder
}

export async function analyseSources(sources: { file: File; uri: string }[], options: AnalyseOptions): Promise<SourceAnalysis[]> {
  const decoder = options.decoder ?? createMediaDecoder()
  const results: SourceAnalysis[] = []
  try {
    for (const [index, source] of sources.entries()) {
      if (options.signal?.aborted) throw new HighlightError('TaskCancelled', 'analysis was cancelled')
      // Packet times arrive in decode order (B-frames), so progress only ever moves forward.
      let done = 0
      const progress = (f: number) => {
        done = Math.max(done, Math.min(1, f))
        options.onProgress?.((index + done) / sources.length)
      }
      results.push(await analyseOne(decoder, index, source, options, progress))
    }
    options.onProgress?.(1)
    return results
  } finally {
    if (!options.decoder) decoder.dispose()
  }
}

async function analyseOne(
  decoder: MediaDecoder, index: number, source: { file: File; uri: string }, options: AnalyseOptions, onProgress: (f: number) => void,
): Promise<SourceAnalysis> {
  const { character, scene, speech } = options.detectors ?? {}
  const weights = contentWeights(options.request.Highlight?.Content).weights
  // NanoDet is the costly model: run it only when the content weighs persons, pets or balls at all.
  const objects = (weights.person ?? 0) + (weights.pet ?? 0) + (weights.ball ?? 0) > 0
  const detections: DetectionSample[] = []
  const quality: QualitySample[] = []
  const speechParts: Float32Array[] = []
  const modelMs = { character: 0, scene: 0, speech: 0 }
  let firstAudio = true
  const started = performance.now()

  const onModelFrames = async (frames: RgbaFrame[]) => {
    if (scene) {
      // The character detector takes the buffers (transfer), so the scene model gets copies.
      const copies = character ? frames.map((f) => ({ ...f, data: f.data.slice() })) : frames
      const t0 = performance.now()
      quality.push(...(await scene.score(copies)))
      modelMs.scene += performance.now() - t0
    }
    if (character) {
      const sizes = frames.map((f) => ({ width: f.width, height: f.height, time: f.time }))
      const t0 = performance.now()
      const found = await character.detect(frames, { faces: true, objects })
      modelMs.character += performance.now() - t0
      found.forEach((list, i) => detections.push(summarise(list, sizes[i]!)))
    }
  }
  const onAudio = async (pcm: Float32Array) => {
    if (!speech) return
    const t0 = performance.now()
    speechParts.push(await speech.speechProbabilities(pcm, { reset: firstAudio }))
    modelMs.speech += performance.now() - t0
    firstAudio = false
  }

  let decoded
  try {
    decoded = await decoder.decode(source.file, options.decode, {
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress,
      ...(character || scene ? { onModelFrames } : {}),
      onAudio,
    })
  } catch (err) {
    const e = HighlightError.from(err, 'InvalidMedia')
    if (e.Code === 'TaskCancelled') throw e
    throw new HighlightError(e.Code, `Sources[${index}] (${source.uri}): ${e.Message}`, { cause: err })
  }

  const wall = performance.now() - started
  const timings: Record<string, number> = { ...decoded.timings, analysisWall: wall }
  if (character) timings.character = modelMs.character
  if (scene) timings.scene = modelMs.scene
  if (speech) timings.speech = modelMs.speech
  const analysis = assembleAnalysis({
    index, uri: source.uri, duration: decoded.duration, width: decoded.width, height: decoded.height,
    decodePath: decoded.decodePath, fallbackReason: decoded.fallbackReason, decodeMode: decoded.decodeMode === 'keyframes' ? 'spans' : 'full',
    frames: decoded.frames, audio: decoded.audio,
    speechWindows: speech && decoded.audio ? concat(speechParts) : null,
    detections: character ? detections : null,
    quality: scene ? quality : null,
    timings,
  })
  return compactAnalysis(analysis)
}

/** One frame's detections reduced to the best score per label and the largest face's share of the frame. */
export function summarise(list: Detection[], frame: { width: number; height: number; time: number }): DetectionSample {
  const best = (label: Detection['label']) => list.filter((d) => d.label === label).reduce((m, d) => Math.max(m, d.score), 0)
  const area = frame.width * frame.height
  const faceArea = list.filter((d) => d.label === 'face').reduce((m, d) => Math.max(m, ((d.x2 - d.x1) * (d.y2 - d.y1)) / area), 0)
  return {
    time: frame.time, face: best('face'), person: best('person'), cat: best('cat'), dog: best('dog'), ball: best('sports ball'),
    faceArea: Math.round(faceArea * 1000) / 1000,
  }
}

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0))
  let o = 0
  for (const p of parts) { out.set(p, o); o += p.length }
  return out
}
