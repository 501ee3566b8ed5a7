/**
 * Cross-field rules of the request: the ones that relate two fields and so do not fit a field schema.
 * Each rule is a row: it reads the parsed request and returns the problems it finds.
 */
import { AUDIO_CODEC_LIMITS, SEGMENT_CONTAINERS } from './catalogue.ts'
import type { ValidationIssue } from './errors.ts'
import type { HighlightRequest } from './schema.ts'

interface Rule {
  /** Short name, used by tests to list the rules. */
  id: string
  check(req: HighlightRequest, raw: Record<string, unknown>): ValidationIssue[]
}

const invalid = (Path: string, Message: string): ValidationIssue => ({ Code: 'InvalidArgument', Path, Message: `${Path} ${Message}` })
const missing = (Path: string, Message: string): ValidationIssue => ({
  Code: `Missing${Path.split('.').pop()!.replace(/\[\d+\]$/, '')}`, Path, Message: `${Path} ${Message}`,
})

/** Keys that could pollute prototypes; the schema drops them, this rule says so instead of losing them silently. */
const UNSAFE_KEYS = ['__proto__', 'constructor', 'prototype']

/** Anything that forces a re-encode rules out Codec `copy` (which "cannot be used when merging"). */
function reencodeReason(req: HighlightRequest): string | undefined {
  const e = req.Edit
  if (req.Type !== 'Concat') return `Type is ${req.Type} (cuts land between keyframes)`
  if (e.TransitionMode !== 'Closed') return 'transitions are on'
  if (e.VfxEffectMode !== 'Closed') return 'effects are on'
  if (e.BackgroundMusicMode !== 'Closed') return 'background music is mixed in'
  if (req.Output.Speed !== 1) return 'Speed is not 1'
  if (req.Output.MaxDuration !== undefined || req.Output.TargetDuration !== undefined) return 'the length is capped'
  return undefined
}

export const CROSS_FIELD_RULES: readonly Rule[] = [
  {
    id: 'container-required',
    check: (req) =>
      (req.Type === 'Concat' || req.Type === 'Compose' || req.Output.Segment) && req.Output.Container === undefined
        ? [missing('Output.Container', `is required when Type is Concat or Compose, or when Output.Segment is set`)]
        : [],
  },
  {
    id: 'clip-range-only-for-concat',
    check: (req, raw) => {
      if (req.Type === 'Concat') return []
      const rawSources = Array.isArray(raw.Sources) ? (raw.Sources as Record<string, unknown>[]) : []
      return rawSources.flatMap((s, i) => [
        ...(s?.StartTime !== undefined ? [invalid(`Sources[${i}].StartTime`, 'applies only when Type is Concat')] : []),
        ...(s?.Duration !== undefined && s.Duration !== 0 ? [invalid(`Sources[${i}].Duration`, 'applies only when Type is Concat')] : []),
      ])
    },
  },
  {
    id: 'music-needed',
    check: (req) =>
      req.Edit.BackgroundMusicMode !== 'Closed' && req.Edit.BackgroundMusics.length === 0
        ? [missing('Edit.BackgroundMusics', `must have one item when BackgroundMusicMode is ${req.Edit.BackgroundMusicMode}`)]
        : [],
  },
  {
    id: 'transitions-needed',
    check: (req) =>
      (req.Edit.TransitionMode === 'Random' || req.Edit.TransitionMode === 'Sequential') && req.Edit.Transitions.length === 0
        ? [missing('Edit.Transitions', `must have at least one item when TransitionMode is ${req.Edit.TransitionMode}`)]
        : [],
  },
  {
    id: 'effects-needed',
    check: (req) =>
      (req.Edit.VfxEffectMode === 'Random' || req.Edit.VfxEffectMode === 'Sequential') && req.Edit.VfxEffects.length === 0
        ? [missing('Edit.VfxEffects', `must have at least one item when VfxEffectMode is ${req.Edit.VfxEffectMode}`)]
        : [],
  },
  {
    id: 'target-within-max',
    check: ({ Output: o }) =>
      o.TargetDuration != null && o.MaxDuration != null && o.TargetDuration > o.MaxDuration
        ? [invalid('Output.TargetDuration', `must not exceed Output.MaxDuration (${o.MaxDuration})`)]
        : [],
  },
  {
    id: 'segment-container',
    check: ({ Output: o }) => {
      if (!o.Segment || !o.Container) return []
      const allowed = SEGMENT_CONTAINERS[o.Segment.Format]
      return allowed.includes(o.Container)
        ? []
        : [invalid('Output.Container', `must be ${allowed.join(' or ')} when Output.Segment.Format is ${o.Segment.Format}`)]
    },
  },
  {
    id: 'start-number-hls-only',
    check: ({ Output: o }) =>
      o.Segment?.Format === 'dash' && o.Segment.StartNumber !== 0
        ? [invalid('Output.Segment.StartNumber', 'applies only when Format is hls')]
        : [],
  },
  {
    id: 'not-both-disabled',
    check: ({ Output: o }) =>
      o.Video?.DisableVideo && o.Audio?.DisableAudio
        ? [invalid('Output.Audio.DisableAudio', 'cannot be true together with Output.Video.DisableVideo (nothing to write)')]
        : [],
  },
  {
    id: 'video-rate-control',
    check: ({ Output: o }) => {
      const t = o.Video?.TranscodeVideo
      const p = 'Output.Video.TranscodeVideo'
      if (!t) return []
      return [
        ...(t.Bitrate !== undefined && t.CRF !== undefined ? [invalid(`${p}.CRF`, 'cannot be set together with Bitrate')] : []),
        ...(t.MaxBitrate !== undefined && t.BufferSize === undefined ? [missing(`${p}.BufferSize`, 'is required with MaxBitrate')] : []),
        ...(t.PixelFormat === 'yuva420p' && t.Codec !== 'vp9' ? [invalid(`${p}.PixelFormat`, 'yuva420p needs Codec vp9')] : []),
        ...(t.VideoSlim === 1 ? [invalid(`${p}.VideoSlim`, 'is not supported when concatenating (use 0)')] : []),
      ]
    },
  },
  {
    id: 'audio-codec-limits',
    check: ({ Output: o }) => {
      const t = o.Audio?.TranscodeAudio
      const p = 'Output.Audio.TranscodeAudio'
      if (!t) return []
      const limits = t.Codec ? AUDIO_CODEC_LIMITS[t.Codec] : undefined
      return [
        ...(t.Bitrate !== undefined && t.Quality !== undefined ? [invalid(`${p}.Quality`, 'cannot be set together with Bitrate')] : []),
        ...(t.BitsPerSample !== undefined && t.Codec !== 'flac' ? [invalid(`${p}.BitsPerSample`, 'applies only to Codec flac')] : []),
        ...(limits?.sampleRates && t.SampleRate !== undefined && !limits.sampleRates.includes(t.SampleRate)
          ? [invalid(`${p}.SampleRate`, `must be one of ${limits.sampleRates.join(', ')} for Codec ${t.Codec}`)] : []),
        ...(limits?.maxSampleRate && t.SampleRate !== undefined && t.SampleRate > limits.maxSampleRate
          ? [invalid(`${p}.SampleRate`, `must be at most ${limits.maxSampleRate} for Codec ${t.Codec}`)] : []),
        ...(limits?.maxChannels && typeof t.Channel === 'number' && t.Channel > limits.maxChannels
          ? [{ ...invalid(`${p}.Channel`, `must be at most ${limits.maxChannels} for Codec ${t.Codec}`), Code: 'LimitExceededError' }] : []),
      ]
    },
  },
  {
    id: 'tag-keys-safe',
    check: (_req, raw) => {
      const tags = raw.Tags
      if (typeof tags !== 'object' || tags === null) return []
      const bad = Object.keys(tags).filter((k) => UNSAFE_KEYS.includes(k))
      return bad.length > 0 ? [invalid('Tags', `must not use the keys ${bad.join(', ')}`)] : []
    },
  },
  {
    id: 'copy-only-without-reencode',
    check: (req) => {
      const issues: ValidationIssue[] = []
      const why = reencodeReason(req)
      const checks = [
        { path: 'Output.Video.TranscodeVideo', t: req.Output.Video?.TranscodeVideo as Record<string, unknown> | undefined },
        { path: 'Output.Audio.TranscodeAudio', t: req.Output.Audio?.TranscodeAudio as Record<string, unknown> | undefined },
      ]
      for (const { path, t } of checks) {
        if (t?.Codec !== 'copy') continue
        if (why) issues.push(invalid(`${path}.Codec`, `copy cannot be used here: ${why}`))
        const extra = Object.keys(t).filter((k) => k !== 'Codec' && k !== 'AdaptiveResolutionDirection' && t[k] !== undefined)
        for (const k of extra) issues.push(invalid(`${path}.${k}`, 'cannot be used with Codec copy'))
      }
      return issues
    },
  },
]

export function checkCrossFieldRules(req: HighlightRequest, raw: Record<string, unknown>): ValidationIssue[] {
  return CROSS_FIELD_RULES.flatMap((rule) => rule.check(req, raw))
}
