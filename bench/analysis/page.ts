/**
 * The browser half of the analysis benchmark: analyses one source on each decode path (WebCodecs full,
 * WebCodecs keyframes only, ffmpeg.wasm) with features alone, and once on WebCodecs with the model
 * workers, reporting wall times. run.mjs times native ffmpeg on the same file in the same run.
 */
import { analyseSources } from '../../src/analysis/analyse.ts'
import { createAnalysisDetectors } from '../../src/analysis/analysis-detectors.ts'
import { createMediaDecoder } from '../../src/analysis/media-decoder.ts'
import type { DecodeOptions } from '../../src/analysis/media-types.ts'
import { parseRequest } from '../../src/contract/index.ts'

export interface AnalysisBenchInput {
  source: string
  repeat: number
  withModels: boolean
}

interface CaseResult {
  ms: number[]
  frames: number
  cuts: number
  decodePath: string
  timings: Record<string, number>
  modelTimings?: Record<string, Record<string, number>>
}

const request = parseRequest({ ProjectName: 'bench', Type: 'Retrieval', Sources: [{ URI: 'local://in.mp4' }], Output: { URI: 'mem://out.mp4' } })

async function runAnalysisBench(input: AnalysisBenchInput) {
  const response = await fetch(input.source)
  if (!response.ok) throw new Error(`${input.source}: HTTP ${response.status}`)
  const file = new File([await response.blob()], 'in.mp4', { type: 'video/mp4' })
  const decoder = createMediaDecoder()
  const cases: Record<string, CaseResult> = {}
  const scanMs: number[] = []
  try {
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now()
      await decoder.scan(file)
      scanMs.push(performance.now() - t0)
    }
    const run = async (name: string, decode: DecodeOptions, repeat: number, withModels = false) => {
      const result: CaseResult = { ms: [], frames: 0, cuts: 0, decodePath: '', timings: {} }
      for (let i = 0; i < repeat; i++) {
        const detectors = withModels ? await createAnalysisDetectors({ character: true, scene: true, speech: true }) : undefined
        const t0 = performance.now()
        const [a] = await analyseSources([{ file, uri: 'local://in.mp4' }], { request, decode, decoder, ...(detectors ? { detectors } : {}) })
        result.ms.push(performance.now() - t0)
        result.frames = a!.frames.time.length
        result.cuts = a!.cuts.length
        result.decodePath = a!.decodePath
        result.timings = a!.timings
        if (detectors) {
          result.modelTimings = {
            character: (await detectors.character?.timings()) ?? {},
            scene: (await detectors.scene?.timings()) ?? {},
            speech: (await detectors.speech?.timings()) ?? {},
          }
          await detectors.dispose()
        }
      }
      cases[name] = result
    }
    await run('webcodecs', { path: 'webcodecs' }, input.repeat)
    await run('webcodecs-keyframes', { path: 'webcodecs', mode: 'keyframes' }, input.repeat)
    await run('ffmpeg.wasm', { path: 'ffmpeg.wasm' }, input.repeat)
    if (input.withModels) await run('webcodecs+models', { path: 'webcodecs' }, 1, true)
  } finally {
    decoder.dispose()
  }
  return { userAgent: navigator.userAgent, cores: navigator.hardwareConcurrency, crossOriginIsolated, scanMs, cases }
}

declare global {
  interface Window {
    runAnalysisBench: typeof runAnalysisBench
  }
}
window.runAnalysisBench = runAnalysisBench
