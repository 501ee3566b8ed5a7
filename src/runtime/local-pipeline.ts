/**
 * The local pipeline: everything runs in this browser. Stages, in order:
 *   resolve  Sources and music URIs -> Files (src/io/inputs.ts)
 *   probe    each File -> duration, streams (src/io/probe.ts)
 *   analyse  decode + features + models (Retrieval, Compose)
 *   select   segments per Type, Mode, Content, Max/TargetDuration (pure)
 *   plan     the edit decision list (pure)
 *   render   ffmpeg.wasm writes the output through the sink
 * Concat skips analyse and select; a Retrieval without Output.Container skips plan and render and writes
 * the chosen segments as JSON to Output.URI.
 */
import { HighlightError } from '../contract/errors.ts'
import type { HighlightRequest } from '../contract/schema.ts'
import type { HighlightResult, OutputFile, SelectedSegment, StageTiming } from '../contract/task.ts'
import type { Pipeline, PipelineContext, StagePlan } from '../tasks/pipeline.ts'
import type { CharacterDetector, SceneScorer, SpeechDetector } from '../analysis/detectors.ts'
import { analyseSources, type SourceAnalysis } from '../analysis/analyse.ts'
import { selectHighlights } from '../analysis/select.ts'
import { buildEditPlan } from '../edit/plan.ts'
import { probeMedia, type MediaProbe } from '../io/probe.ts'
import type { InputResolver } from '../io/inputs.ts'
import type { OutputSink } from '../io/outputs.ts'
import { renderPlan } from '../render/render.ts'

export interface LocalPipelineOptions {
  /** Turns Sources and music URIs into Files. */
  inputs: InputResolver
  /** A fresh sink for each task's Output.URI (sinks stage files and commit or abort them). */
  sinkFor(uri: string): OutputSink
  /** ffmpeg.wasm settings: single-thread core by default. */
  ffmpeg?: { core?: 'st' | 'mt'; coreBaseURL?: string }
  /** Model workers for analysis; created lazily on first use when left out. */
  detectors?: () => Promise<{ character?: CharacterDetector; scene?: SceneScorer; speech?: SpeechDetector }>
}

/** Relative share of the progress bar per stage (rendering and analysis dominate). */
const STAGE_WEIGHTS: Record<string, number> = { resolve: 1, probe: 2, analyse: 40, select: 1, plan: 1, render: 55 }

function needsAnalysis(req: HighlightRequest): boolean {
  return req.Type !== 'Concat'
}

function needsRender(req: HighlightRequest): boolean {
  return req.Type !== 'Retrieval' || req.Output.Container !== undefined
}

export function createLocalPipeline(options: LocalPipelineOptions): Pipeline {
  const stageNames = (req: HighlightRequest) => [
    'resolve', 'probe',
    ...(needsAnalysis(req) ? ['analyse', 'select'] : []),
    ...(needsRender(req) ? ['plan', 'render'] : []),
  ]

  return {
    stages: (req): StagePlan[] => stageNames(req).map((name) => ({ name, weight: STAGE_WEIGHTS[name] ?? 1 })),

    async run(ctx: PipelineContext): Promise<HighlightResult> {
      const { request: req, signal } = ctx
      ctx.place({ Engine: 'local', Reason: 'runs in this browser' })
      const timings: StageTiming[] = []
      const timed = async <T>(stage: string, work: () => Promise<T>): Promise<T> => {
        signal.throwIfAborted()
        const t0 = performance.now()
        ctx.progress(stage, 0)
        const out = await work()
        ctx.progress(stage, 1)
        timings.push({ Stage: stage, Milliseconds: Math.round(performance.now() - t0) })
        return out
      }

      const musicUri = req.Edit.BackgroundMusicMode !== 'Closed' ? req.Edit.BackgroundMusics[0]?.URI : undefined
      const { files, music } = await timed('resolve', async () => ({
        files: await Promise.all(req.Sources.map((s, i) => resolveNamed(options.inputs, s.URI, `Sources[${i}].URI`, signal))),
        music: musicUri ? await resolveNamed(options.inputs, musicUri, 'Edit.BackgroundMusics[0].URI', signal) : undefined,
      }))

      const { probes, musicProbe } = await timed('probe', async () => ({
        probes: await Promise.all(files.map((f, i) => probeNamed(f, `Sources[${i}] (${req.Sources[i]!.URI})`))),
        musicProbe: music ? await probeNamed(music, `Edit.BackgroundMusics[0] (${musicUri})`) : undefined,
      }))

      let segments: SelectedSegment[] | undefined
      let analyses: SourceAnalysis[] | undefined
      if (needsAnalysis(req)) {
        analyses = await timed('analyse', async () =>
          analyseSources(files.map((file, i) => ({ file, uri: req.Sources[i]!.URI })), {
            request: req,
            signal,
            onProgress: (f) => ctx.progress('analyse', f),
            ...(options.detectors ? { detectors: await options.detectors() } : {}),
          }))
        segments = await timed('select', async () => selectHighlights(req, analyses!, { seed: ctx.seed }))
      }

      if (!needsRender(req)) {
        const sink = options.sinkFor(req.Output.URI)
        await sink.prepare([req.Output.URI])
        const json = new Blob([JSON.stringify({ Segments: segments }, null, 2)], { type: 'application/json' })
        await sink.stage({ uri: req.Output.URI, data: json })
        return { Outputs: await sink.commit(), Segments: segments ?? [], Timings: timings, Details: { analyses } }
      }

      const plan = await timed('plan', async () =>
        buildEditPlan(req, { probes, ...(musicProbe ? { musicProbe } : {}), ...(segments ? { segments } : {}) }, { seed: ctx.seed }))

      const outputs: OutputFile[] = await timed('render', () =>
        renderPlan(plan, { inputs: files, ...(music ? { music } : {}), sink: options.sinkFor(req.Output.URI) }, {
          signal,
          onProgress: (f) => ctx.progress('render', f),
          ...(options.ffmpeg?.core ? { core: options.ffmpeg.core } : {}),
          ...(options.ffmpeg?.coreBaseURL ? { coreBaseURL: options.ffmpeg.coreBaseURL } : {}),
        }))

      return {
        Outputs: outputs,
        Segments: segments ?? concatSegments(req, plan.clips),
        Plan: plan,
        Timings: timings,
        ...(analyses ? { Details: { analyses } } : {}),
      }
    },
  }
}

async function resolveNamed(inputs: InputResolver, uri: string, field: string, signal: AbortSignal): Promise<File> {
  try {
    return await inputs.resolve(uri, signal)
  } catch (err) {
    const e = HighlightError.from(err, 'ResourceNotFound')
    throw new HighlightError(e.Code, e.Message.includes(uri) ? `${field}: ${e.Message}` : `${field} (${uri}): ${e.Message}`, { cause: err })
  }
}

async function probeNamed(file: File, what: string): Promise<MediaProbe> {
  try {
    return await probeMedia(file, what)
  } catch (err) {
    const e = HighlightError.from(err, 'InvalidMedia')
    throw new HighlightError(e.Code, e.Message.includes(what) ? e.Message : `${what}: ${e.Message}`, { cause: err })
  }
}

/** For Concat the "segments" are the clips as given. */
function concatSegments(req: HighlightRequest, clips: { sourceIndex: number; in: number; out: number }[]): SelectedSegment[] {
  return clips.map((c) => ({
    SourceIndex: c.sourceIndex, URI: req.Sources[c.sourceIndex]!.URI, StartTime: c.in, EndTime: c.out, Score: 1, Reasons: ['as requested'],
  }))
}
