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
 *
 * Guards (docs/reliability.md): a source whose codec no decoder knows fails at probe time; a model worker
 * that crashes fails the task with WorkerCrashed; an output that ends well before the plan's length (damaged
 * source data that ffmpeg skipped) fails with InvalidMedia instead of being delivered short; `cleanup`
 * removes the staged `opfs://` files of a task that died.
 */
import { HighlightError } from '../contract/errors.ts'
import type { HighlightRequest } from '../contract/schema.ts'
import type { HighlightResult, OutputFile, SelectedSegment, StageTiming } from '../contract/task.ts'
import type { Pipeline, PipelineContext, StagePlan } from '../tasks/pipeline.ts'
import { analyseSources, type SourceAnalysis } from '../analysis/analyse.ts'
import { selectHighlights } from '../analysis/select.ts'
import { buildEditPlan } from '../edit/plan.ts'
import { probeMedia, trackDurations, type MediaProbe } from '../io/probe.ts'
import type { InputResolver } from '../io/inputs.ts'
import { removePartials, type OutputSink } from '../io/outputs.ts'
import { renderPlan } from '../render/render.ts'
import { sharedRunner } from '../render/ffmpeg-runner.ts'
import type { EditDecisionList } from '../edit/edl.ts'
import { parseRequest } from '../contract/validate.ts'
import { guardDetectors, type Detectors } from './detector-guard.ts'

export interface LocalPipelineOptions {
  /** Turns Sources and music URIs into Files. */
  inputs: InputResolver
  /** A fresh sink for each task's Output.URI (sinks stage files and commit or abort them; staged names carry the task id). */
  sinkFor(uri: string, taskId: string): OutputSink
  /** ffmpeg.wasm settings: single-thread core by default. */
  ffmpeg?: { core?: 'st' | 'mt'; coreBaseURL?: string }
  /** Model workers for analysis; created lazily on first use when left out. */
  detectors?: () => Promise<Detectors>
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
        probes: await Promise.all(files.map((f, i) => probeNamed(f, `Sources[${i}] (${req.Sources[i]!.URI})`, 'all'))),
        musicProbe: music ? await probeNamed(music, `Edit.BackgroundMusics[0] (${musicUri})`, 'audio') : undefined,
      }))

      let segments: SelectedSegment[] | undefined
      let analyses: SourceAnalysis[] | undefined
      if (needsAnalysis(req)) {
        analyses = await timed('analyse', async () => {
          const given = reusableAnalyses(ctx.analyses, req)
          if (given) return given
          // The first failure of a model worker is the task's error (it otherwise arrives wrapped by the media worker).
          let modelFailure: HighlightError | undefined
          const detectors = options.detectors
            ? guardDetectors(await options.detectors(), (e) => (modelFailure ??= e))
            : undefined
          try {
            return await analyseSources(files.map((file, i) => ({ file, uri: req.Sources[i]!.URI })), {
              request: req,
              signal,
              onProgress: (f) => ctx.progress('analyse', f),
              ...(detectors ? { detectors } : {}),
            })
          } catch (err) {
            throw analysisError(err, modelFailure)
          }
        })
        segments = await timed('select', async () => selectHighlights(req, analyses!, { seed: ctx.seed }))
        if (segments.length === 0) {
          throw new HighlightError('NoHighlights',
            `No usable footage in ${req.Sources.map((s) => s.URI).join(', ')}: every stretch is black, frozen, blurred, inside a transition or shorter than 1 s`)
        }
      }

      if (!needsRender(req)) {
        const sink = options.sinkFor(req.Output.URI, ctx.taskId)
        await sink.prepare([req.Output.URI])
        const json = new Blob([JSON.stringify({ Segments: segments }, null, 2)], { type: 'application/json' })
        await sink.stage({ uri: req.Output.URI, data: json })
        return { Outputs: await sink.commit(), Segments: segments ?? [], Timings: timings, Details: { analyses } }
      }

      const plan = await timed('plan', async () =>
        buildEditPlan(req, { probes, ...(musicProbe ? { musicProbe } : {}), ...(segments ? { segments } : {}) }, { seed: ctx.seed }))

      const runnerOptions = {
        ...(options.ffmpeg?.core ? { core: options.ffmpeg.core } : {}),
        ...(options.ffmpeg?.coreBaseURL ? { coreBaseURL: options.ffmpeg.coreBaseURL } : {}),
      }
      const outputs: OutputFile[] = await timed('render', () =>
        renderPlan(plan, { inputs: files, ...(music ? { music } : {}), sink: lengthCheckedSink(options.sinkFor(req.Output.URI, ctx.taskId), plan) }, {
          signal,
          onProgress: (f) => ctx.progress('render', f),
          ...runnerOptions,
        }).catch((err: unknown) => {
          throw outOfMemory(err, req.Output.URI, () => sharedRunner(runnerOptions).terminate())
        }))

      return {
        Outputs: outputs,
        Segments: segments ?? concatSegments(req, plan.clips),
        Plan: plan,
        Timings: timings,
        ...(analyses ? { Details: { analyses } } : {}),
      }
    },

    /** Removes what a failed or interrupted task staged beside its opfs:// output (nothing else is touched). */
    async cleanup(task) {
      let uri: string
      try {
        uri = parseRequest(task.Request).Output.URI
      } catch {
        return // a request that does not parse never started writing
      }
      if (typeof navigator === 'undefined' || !navigator.storage?.getDirectory) return
      await removePartials([uri], task.TaskId)
    },
  }
}

/** Errors out of analysis: a model worker's crash first; a source that could not be decoded is InvalidMedia. */
function analysisError(err: unknown, modelFailure: HighlightError | undefined): HighlightError {
  const e = HighlightError.from(err, 'InvalidMedia')
  if (e.Code === 'TaskCancelled') return e
  if (modelFailure) return new HighlightError(modelFailure.Code, `${modelFailure.Message} (while analysing the sources)`, { cause: err })
  // Every analysis error names its source (analyse.ts); a failure inside the media worker is that source's decode failing.
  if (e.Code === 'InternalError') return new HighlightError('InvalidMedia', e.Message, { cause: err })
  return e
}

/** What ffmpeg (and the encoders inside it) say when an allocation fails in the wasm heap. */
const OUT_OF_MEMORY = /malloc of size \d+ failed|Cannot allocate memory|out of memory|Aborted\(OOM\)|Cannot enlarge memory/i

/**
 * A render that ran out of wasm memory is QuotaExceeded, and the ffmpeg.wasm instance is dropped: its heap never
 * shrinks once grown, so terminating it is what gives the memory back (the next render loads a fresh instance).
 */
function outOfMemory(err: unknown, outputUri: string, dropInstance: () => void): unknown {
  const e = HighlightError.from(err)
  if (e.Code === 'TaskCancelled' || !OUT_OF_MEMORY.test(e.Message)) return err
  dropInstance()
  return new HighlightError('QuotaExceeded',
    `Rendering ${outputUri} ran out of memory (ffmpeg.wasm may use at most 2 GB; a smaller Output resolution or shorter sources need less): ${e.Message}`,
    { cause: err })
}

/** Codecs the probe could not name: neither WebCodecs nor ffmpeg.wasm has a decoder for them. Music needs only its audio. */
function assertDecodable(probe: MediaProbe, what: string, needs: 'audio' | 'all'): void {
  const unknown = [
    ...(needs === 'all' && probe.video?.codec === 'unknown' ? ['video'] : []),
    ...(probe.audio?.codec === 'unknown' ? ['audio'] : []),
  ]
  if (unknown.length > 0) {
    throw new HighlightError('InvalidMedia', `${what}: the ${unknown.join(' and ')} codec is not one WebCodecs or ffmpeg.wasm can decode`)
  }
}

/**
 * A sink that checks the length of the main output before it is staged. ffmpeg stops quietly at damaged data in
 * some paths (a stream copy meets a broken packet, the media data ends early) and writes a short file, or a file
 * whose video stops early behind full-length audio, with exit code 0; such a file is refused (InvalidMedia naming
 * the source where the output stopped) so nothing short is delivered under the output name. Each track planned in
 * the output is measured; containers mediabunny cannot read are not checked.
 */
function lengthCheckedSink(sink: OutputSink, plan: EditDecisionList): OutputSink {
  return {
    ...sink,
    async stage(file) {
      if (file.uri === plan.output.uri && !plan.output.segment && plan.duration > 0) {
        const tracks = await trackDurations(file.data)
        const lengths = [plan.output.video ? tracks?.video : undefined, plan.output.audio ? tracks?.audio : undefined]
          .filter((d): d is number => d !== undefined)
        const shortest = lengths.length > 0 ? Math.min(...lengths) : undefined
        if (shortest !== undefined && plan.duration - shortest > Math.max(0.5, plan.duration * 0.1)) {
          throw new HighlightError('InvalidMedia',
            `${sourceAt(plan, shortest)} has damaged or missing media data: the output stops at ${shortest.toFixed(2)} s of ${plan.duration.toFixed(2)} s planned`)
        }
      }
      return sink.stage(file)
    },
  }
}

/** `Sources[i] (uri)` of the clip playing at `time` on the output timeline. */
function sourceAt(plan: EditDecisionList, time: number): string {
  let end = 0
  for (const clip of plan.clips) {
    end += clip.duration
    if (time < end - 1e-3) return `Sources[${clip.sourceIndex}] (${plan.sources[clip.sourceIndex]!.uri})`
  }
  const last = plan.clips[plan.clips.length - 1]
  return last ? `Sources[${last.sourceIndex}] (${plan.sources[last.sourceIndex]!.uri})` : 'a source'
}

/**
 * Analyses the caller already has for exactly these sources (the demo's plan preview), so a task does not
 * decode everything again. They are used only when there is one per source, in order, for the same URIs.
 */
function reusableAnalyses(given: readonly unknown[] | undefined, req: HighlightRequest): SourceAnalysis[] | undefined {
  if (!given || given.length !== req.Sources.length) return undefined
  const ok = given.every((a, i) => typeof a === 'object' && a !== null &&
    (a as SourceAnalysis).uri === req.Sources[i]!.URI && (a as SourceAnalysis).index === i && Array.isArray((a as SourceAnalysis).windows))
  return ok ? (given as SourceAnalysis[]) : undefined
}

async function resolveNamed(inputs: InputResolver, uri: string, field: string, signal: AbortSignal): Promise<File> {
  try {
    return await inputs.resolve(uri, signal)
  } catch (err) {
    const e = HighlightError.from(err, 'ResourceNotFound')
    throw new HighlightError(e.Code, e.Message.includes(uri) ? `${field}: ${e.Message}` : `${field} (${uri}): ${e.Message}`, { cause: err })
  }
}

async function probeNamed(file: File, what: string, needs: 'audio' | 'all'): Promise<MediaProbe> {
  try {
    const probe = await probeMedia(file, what)
    assertDecodable(probe, what, needs)
    return probe
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
