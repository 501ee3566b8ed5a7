/**
 * Builds the edit decision list from a normalised request and the probes of its media.
 *
 * - Clips: Type=Concat takes Sources in order with StartTime/Duration (Duration 0 = to the end);
 *   Retrieval and Compose take the `segments` the analysis chose, in the given order (Edit.Mode Sequential).
 * - Transitions (one per junction) and effects (one per clip) follow TransitionMode / VfxEffectMode:
 *   Closed = none, Sequential = the list in order, cycling, Random = weighted by Weight with a seeded RNG,
 *   Auto = the engine's rules (AUTO_* below). A transition longer than (clip duration - 1) on either side
 *   is left out (imm-spec.md §2.4), and so is one that would overlap the other transition of a clip.
 * - Length: Speed stretches every clip (duration = (out - in) / Speed); TargetDuration shrinks all clips
 *   in proportion (each keeps its start) so the output lasts TargetDuration; MaxDuration then cuts the tail.
 * - Music: the one BackgroundMusics item for Sequential/Random, looped when shorter than the output,
 *   trimmed to it, faded in and out.
 */
import {
  HighlightError, type EffectName, type HighlightRequest, type PickMode, type SelectedSegment, type TransitionName,
} from '../contract/index.ts'
import { displaySize, type MediaProbe } from '../io/media-probe.ts'
import { effectRecipe } from './effects.ts'
import { timeline, type EditDecisionList, type EdlClip, type EdlMusic, type EdlSource, type EdlTransition } from './edl.ts'
import { DEFAULT_PRESET, planOutput } from './output-settings.ts'
import { forkRng, pickWeighted, type Rng } from './rng.ts'
import { xfadeFor } from './transitions.ts'

export interface PlanInput {
  /** One probe per request Source, same order. */
  probes: MediaProbe[]
  musicProbe?: MediaProbe
  /** Segments chosen by analysis (Retrieval, Compose). Ignored for Concat. */
  segments?: SelectedSegment[]
}

export interface PlanOptions {
  /** Seed for the Random modes: the same seed gives the same plan. */
  seed: number
  /** Encoder speed preset (x264/x265 names). Default `ultrafast`: this runs in a browser. */
  preset?: string
}

/** Auto transitions: a cut inside continuous footage, a short fade within one source, a dip to black between sources. */
export const AUTO_TRANSITIONS = {
  sameSource: { name: 'fade', duration: 0.5 },
  otherSource: { name: 'fadeblack', duration: 0.8 },
} as const satisfies Record<string, { name: TransitionName; duration: number }>

/** Auto effects: one gentle emphasis on the best clip (highest segment Score; the first clip for Concat). */
export const AUTO_EFFECT: EffectName = 'vignette'

/** Clip pieces shorter than this (output seconds) are dropped rather than rendered as a flash. */
const MIN_CLIP = 0.2
/** Seconds a clip keeps clear of a transition (imm-spec.md §2.4: duration must not exceed clip duration - 1). */
const TRANSITION_MARGIN = 1
/** A clip with transitions on both sides keeps at least this much of its own picture between them. */
const MIN_BODY = 0.1
const EPS = 1e-6

interface DraftClip extends EdlClip {
  score: number
}

export function buildEditPlan(request: HighlightRequest, input: PlanInput, options: PlanOptions): EditDecisionList {
  const sources = request.Sources.map((s, i): EdlSource => {
    const probe = input.probes[i]
    if (!probe) throw new HighlightError('InternalError', `No probe was given for Sources[${i}] (${s.URI})`)
    return { uri: s.URI, duration: probe.duration, hasVideo: !!probe.video, hasAudio: !!probe.audio, ...(probe.video ? displaySize(probe.video) : {}) }
  })
  const notes: string[] = []
  const speed = request.Output.Speed
  const raw = (request.Type === 'Concat' ? clipsFromSources(request, sources, notes) : clipsFromSegments(input.segments ?? [], sources, notes))
    .map((c) => ({ ...c, duration: (c.out - c.in) / speed }))
  if (raw.length === 0) throw new HighlightError('InvalidArgument', 'Nothing to render: no clip has a positive length')

  const wanted = pickTransitions(request.Edit.TransitionMode, request.Edit.Transitions, raw, forkRng(options.seed, 'transitions'))
  const fitted = fitLength(raw, wanted, request.Output.TargetDuration ?? null, request.Output.MaxDuration ?? null, speed, notes)
  const clips = assignEffects(request.Edit.VfxEffectMode, request.Edit.VfxEffects, fitted.clips, forkRng(options.seed, 'effects'))
  const { transitions } = fitted
  const duration = timeline(clips, transitions).duration

  const reencodeReason = request.Type !== 'Concat' ? `Type is ${request.Type} (cuts fall between key frames)`
    : transitions.some((t) => t) ? 'transitions are on'
    : clips.some((c) => c.effect) ? 'effects are on'
    : request.Edit.BackgroundMusicMode !== 'Closed' ? 'background music is mixed in'
    : speed !== 1 ? 'Speed is not 1'
    : fitted.cut ? 'TargetDuration/MaxDuration shorten the clips'
    : null
  const output = planOutput({
    request,
    clipProbes: clips.map((c) => input.probes[c.sourceIndex]!),
    reencodeReason,
    preset: options.preset ?? DEFAULT_PRESET,
  })
  const music = output.audio ? planMusic(request, input.musicProbe, duration, forkRng(options.seed, 'music')) : null
  if (!output.audio && request.Edit.BackgroundMusicMode !== 'Closed') notes.push('Background music left out: the output has no audio stream')

  return {
    version: 1,
    type: request.Type,
    sources,
    clips: clips.map(({ score: _score, ...clip }) => clip),
    transitions,
    music,
    speed,
    targetDuration: request.Output.TargetDuration ?? null,
    maxDuration: request.Output.MaxDuration ?? null,
    duration,
    output,
    notes,
  }
}

function clipsFromSources(request: HighlightRequest, sources: EdlSource[], notes: string[]): DraftClip[] {
  return request.Sources.map((s, i) => {
    const length = sources[i]!.duration
    const start = s.StartTime ?? 0
    if (start >= length) {
      throw new HighlightError('InvalidArgument', `Sources[${i}].StartTime ${start} is past the end of the source (its duration is ${round(length)} s)`)
    }
    let end = s.Duration > 0 ? start + s.Duration : length
    if (end > length + EPS) {
      notes.push(`Sources[${i}].Duration ${s.Duration} runs past the end of the source (${round(length)} s): the clip ends there`)
      end = length
    }
    return { sourceIndex: i, in: start, out: end, duration: end - start, effect: null, score: 0 }
  })
}

function clipsFromSegments(segments: SelectedSegment[], sources: EdlSource[], notes: string[]): DraftClip[] {
  return segments.flatMap((seg, k) => {
    const source = sources[seg.SourceIndex]
    if (!source) throw new HighlightError('InternalError', `Segment ${k} points at Sources[${seg.SourceIndex}], which does not exist`)
    const start = Math.max(0, seg.StartTime)
    const end = Math.min(seg.EndTime, source.duration)
    if (end - start <= EPS) {
      notes.push(`Segment ${k} (${seg.StartTime}-${seg.EndTime} s of Sources[${seg.SourceIndex}]) is empty inside the source and was skipped`)
      return []
    }
    return [{ sourceIndex: seg.SourceIndex, in: start, out: end, duration: end - start, effect: null, score: seg.Score }]
  })
}

type TransitionSpec = HighlightRequest['Edit']['Transitions'][number]

/** The transition wanted at each junction, before the length rules. */
function pickTransitions(mode: PickMode, specs: TransitionSpec[], clips: DraftClip[], rng: Rng): (EdlTransition | null)[] {
  return clips.slice(1).map((next, k) => {
    const prev = clips[k]!
    let spec: { name: TransitionName; duration: number } | null = null
    if (mode === 'Sequential' && specs.length > 0) spec = toSpec(specs[k % specs.length]!)
    else if (mode === 'Random' && specs.length > 0) spec = toSpec(pickWeighted(specs, (s) => s.Weight, rng))
    else if (mode === 'Auto') {
      const continuous = prev.sourceIndex === next.sourceIndex && Math.abs(prev.out - next.in) < 0.05
      spec = continuous ? null : prev.sourceIndex === next.sourceIndex ? AUTO_TRANSITIONS.sameSource : AUTO_TRANSITIONS.otherSource
    }
    if (!spec || spec.duration <= 0) return null
    const xfade = xfadeFor(spec.name)
    if (!xfade) throw new HighlightError('InvalidArgument', `Edit.Transitions: unknown transition ${JSON.stringify(spec.name)}`)
    return { name: spec.name, xfade, duration: spec.duration }
  })
}

const toSpec = (s: TransitionSpec) => ({ name: s.Transition, duration: s.Duration })

type EffectSpec = HighlightRequest['Edit']['VfxEffects'][number]

function assignEffects(mode: PickMode, specs: EffectSpec[], clips: DraftClip[], rng: Rng): DraftClip[] {
  const best = clips.reduce((b, c, i) => (c.score > clips[b]!.score ? i : b), 0)
  return clips.map((clip, i) => {
    let effect: EffectName | null = null
    if (mode === 'Sequential' && specs.length > 0) effect = specs[i % specs.length]!.VfxEffect
    else if (mode === 'Random' && specs.length > 0) effect = pickWeighted(specs, (s) => s.Weight, rng).VfxEffect
    else if (mode === 'Auto' && i === best) effect = AUTO_EFFECT
    if (effect && !effectRecipe(effect)) throw new HighlightError('InvalidArgument', `Edit.VfxEffects: unknown effect ${JSON.stringify(effect)}`)
    return { ...clip, effect }
  })
}

/** Leaves out transitions that break the length rules for the clips they join. */
function applyTransitionRules(clips: DraftClip[], wanted: (EdlTransition | null)[], notes: string[] | null): (EdlTransition | null)[] {
  const result: (EdlTransition | null)[] = []
  clips.slice(1).forEach((next, k) => {
    const prev = clips[k]!
    const t = wanted[k] ?? null
    if (!t) return void result.push(null)
    const prevIn = result[k - 1]?.duration ?? 0
    const tooLong = t.duration > prev.duration - TRANSITION_MARGIN + EPS || t.duration > next.duration - TRANSITION_MARGIN + EPS
    const overlaps = prevIn + t.duration > prev.duration - MIN_BODY + EPS
    if (tooLong || overlaps) {
      notes?.push(`Transition ${t.name} (${t.duration} s) between clips ${k} and ${k + 1} was left out: ` +
        (tooLong ? 'it is longer than a clip duration minus 1 s' : 'it would overlap the transition before it'))
      return void result.push(null)
    }
    result.push(t)
  })
  return result
}

/** Applies TargetDuration (proportional shrink) and MaxDuration (tail cut), re-checking the transition rules. */
function fitLength(clips: DraftClip[], wanted: (EdlTransition | null)[], target: number | null, max: number | null,
  speed: number, notes: string[]): { clips: DraftClip[]; transitions: (EdlTransition | null)[]; cut: boolean } {
  let current = clips
  let wantedNow = wanted
  let cut = false
  for (let pass = 0; pass < 4; pass++) {
    const transitions = applyTransitionRules(current, wantedNow, null)
    const { starts, duration } = timeline(current, transitions)
    const overlap = transitions.reduce((sum, t) => sum + (t?.duration ?? 0), 0)
    const sum = current.reduce((s, c) => s + c.duration, 0)
    if (target !== null && duration > target + EPS) {
      const factor = (target + overlap) / sum
      current = current.map((c) => withDuration(c, c.duration * factor, speed))
      cut = true
      continue
    }
    if (max !== null && duration > max + EPS) {
      const kept = current.flatMap((c, i) => (starts[i]! < max - MIN_CLIP ? [withDuration(c, Math.min(c.duration, max - starts[i]!), speed)] : []))
      wantedNow = wantedNow.slice(0, kept.length - 1)
      current = kept
      cut = true
      continue
    }
    break
  }
  if (cut) notes.push(`The clips were shortened to fit ${target !== null ? `TargetDuration ${target}` : `MaxDuration ${max}`} s`)
  const kept = current.filter((c) => c.duration >= MIN_CLIP || current.length === 1)
  if (kept.length < current.length) {
    notes.push(`${current.length - kept.length} clip(s) shorter than ${MIN_CLIP} s after fitting were dropped`)
    wantedNow = kept.slice(1).map((c) => wantedNow[current.indexOf(c) - 1] ?? null)
  }
  return { clips: kept, transitions: applyTransitionRules(kept, wantedNow, notes), cut }
}

function withDuration(clip: DraftClip, duration: number, speed: number): DraftClip {
  return { ...clip, duration, out: clip.in + duration * speed }
}

function planMusic(request: HighlightRequest, probe: MediaProbe | undefined, duration: number, rng: Rng): EdlMusic | null {
  const { BackgroundMusicMode: mode, BackgroundMusics: musics } = request.Edit
  if (mode === 'Closed' || musics.length === 0) return null
  const index = mode === 'Random' ? musics.indexOf(pickWeighted(musics, () => 1, rng)) : 0
  const music = musics[index]!
  if (probe && !probe.audio) {
    throw new HighlightError('InvalidMedia', `Edit.BackgroundMusics[${index}].URI ${music.URI} has no audio stream`)
  }
  return {
    uri: music.URI,
    volume: music.Volume,
    loop: probe ? probe.duration < duration - EPS : true,
    fadeIn: round(Math.min(1, duration / 4)),
    fadeOut: round(Math.min(2, duration / 4)),
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000
