/**
 * The plan before rendering, computed exactly as the engine's local pipeline does: probe every source
 * (`probeMedia`), for Compose and Retrieval analyse them and select highlights, then `buildEditPlan` with
 * the same seed the task will get. Probes and analyses are cached, so changing a transition replans at once.
 */
import type { HighlightRequest, SelectedSegment } from '../src/index.ts'
import type { CharacterDetector, SceneScorer, SpeechDetector } from '../src/analysis/detectors.ts'
import type { SourceAnalysis } from '../src/analysis/types.ts'
import { analyseSources } from '../src/analysis/analyse.ts'
import { selectHighlights } from '../src/analysis/select.ts'
import type { EditDecisionList } from '../src/edit/edl.ts'
import { buildEditPlan } from '../src/edit/plan.ts'
import { probeMedia, type MediaProbe } from '../src/io/probe.ts'
import { seedFrom } from '../src/tasks/ids.ts'

export interface PlanPreview {
  plan: EditDecisionList
  seed: number
  probes: MediaProbe[]
  /** Compose and Retrieval only. */
  analyses?: SourceAnalysis[]
  segments?: SelectedSegment[]
}

export type Detectors = { character?: CharacterDetector; scene?: SceneScorer; speech?: SpeechDetector }

/** The seed the engine derives from a request when none is given; the demo passes it explicitly anyway. */
export const seedOf = (request: HighlightRequest) => seedFrom(JSON.stringify(request))

interface AnalysisRun {
  key: string
  files: File[]
  controller: AbortController
  result: Promise<SourceAnalysis[]>
  onProgress: (fraction: number) => void
}

export class PlanPreviewer {
  readonly #probes = new WeakMap<File, Promise<MediaProbe>>()
  #analysis: AnalysisRun | undefined

  constructor(private readonly detectors: () => Promise<Detectors>) {}

  /**
   * `files` holds one File per Source (and the music file when one is used). Progress is 0..1 over analysis.
   * `signal` ends this preview (a newer one replaced it) without stopping a shared analysis.
   */
  async preview(request: HighlightRequest, files: { sources: File[]; music?: File }, signal: AbortSignal,
    onProgress: (fraction: number) => void): Promise<PlanPreview> {
    const seed = seedOf(request)
    const probes = await Promise.all(files.sources.map((f, i) => this.#probe(f, `Sources[${i}] (${request.Sources[i]!.URI})`)))
    const musicProbe = files.music ? await this.#probe(files.music, 'Edit.BackgroundMusics[0]') : undefined
    signal.throwIfAborted()
    let analyses: SourceAnalysis[] | undefined
    let segments: SelectedSegment[] | undefined
    if (request.Type !== 'Concat') {
      analyses = await this.#analyse(request, files.sources, onProgress)
      signal.throwIfAborted()
      segments = selectHighlights(request, analyses, { seed })
    }
    const plan = buildEditPlan(request, { probes, ...(musicProbe ? { musicProbe } : {}), ...(segments ? { segments } : {}) }, { seed })
    return { plan, seed, probes, ...(analyses ? { analyses } : {}), ...(segments ? { segments } : {}) }
  }

  #probe(file: File, what: string): Promise<MediaProbe> {
    let probe = this.#probes.get(file)
    if (!probe) {
      probe = probeMedia(file, what)
      probe.catch(() => this.#probes.delete(file))
      this.#probes.set(file, probe)
    }
    return probe
  }

  /**
   * Analysis depends on the files and on what the request asks analysis to look for, not on the edit. One
   * analysis runs at a time, under its own controller: a newer preview of the same sources shares it, and
   * only a change of sources, Mode or Content (or `stopAnalysis`) cancels it.
   */
  #analyse(request: HighlightRequest, files: File[], onProgress: (f: number) => void): Promise<SourceAnalysis[]> {
    const key = JSON.stringify({ uris: request.Sources.map((s) => s.URI), mode: request.Mode, content: request.Highlight?.Content ?? '' })
    const cached = this.#analysis
    if (cached && cached.key === key && cached.files.length === files.length && cached.files.every((f, i) => f === files[i])) {
      cached.onProgress = onProgress
      return cached.result
    }
    this.stopAnalysis()
    const controller = new AbortController()
    const entry: AnalysisRun = {
      key, files, controller, onProgress,
      result: this.detectors().then((detectors) => analyseSources(files.map((file, i) => ({ file, uri: request.Sources[i]!.URI })), {
        request, signal: controller.signal, onProgress: (f) => entry.onProgress(f), detectors,
      })),
    }
    this.#analysis = entry
    // A cancelled or failed analysis is not kept.
    entry.result.catch(() => {
      if (this.#analysis === entry) this.#analysis = undefined
    })
    return entry.result
  }

  /** Cancels an analysis that has not finished (a render is about to use the CPU). */
  stopAnalysis(): void {
    const run = this.#analysis
    if (!run) return
    run.controller.abort(new Error('analysis no longer needed'))
    this.#analysis = undefined
  }
}
