import { describe, expect, test } from 'vitest'
import { HighlightError, parseRequest, validateRequest, CROSS_FIELD_RULES, LIMITS } from '../../src/contract/index.ts'
import { concatRequest, validRequest } from '../support/requests.ts'

type Req = Record<string, any>

interface Row {
  rule: string
  /** Starts from validRequest() unless `base` says concat. */
  base?: 'compose' | 'concat'
  /** A change that keeps the request valid (shows the rule's allowed side). */
  valid: (r: Req) => void
  /** A change that breaks the rule. */
  invalid: (r: Req) => void
  code: string
  path: string
}

const times = <T>(n: number, f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i))

const rows: Row[] = [
  { rule: 'ProjectName required', valid: (r) => (r.ProjectName = 'p'), invalid: (r) => delete r.ProjectName, code: 'MissingProjectName', path: 'ProjectName' },
  { rule: 'ProjectName not empty', valid: (r) => (r.ProjectName = 'x'), invalid: (r) => (r.ProjectName = ''), code: 'InvalidArgument', path: 'ProjectName' },
  { rule: 'Sources required', valid: () => {}, invalid: (r) => delete r.Sources, code: 'MissingSources', path: 'Sources' },
  { rule: 'Sources at least 1', valid: (r) => (r.Sources = [{ URI: 'a' }]), invalid: (r) => (r.Sources = []), code: 'MissingSources', path: 'Sources' },
  { rule: 'Sources at most 10', valid: (r) => (r.Sources = times(10, (i) => ({ URI: `v${i}.mp4` }))), invalid: (r) => (r.Sources = times(11, (i) => ({ URI: `v${i}.mp4` }))), code: 'LimitExceededError', path: 'Sources' },
  { rule: 'Sources[].URI required', valid: () => {}, invalid: (r) => (r.Sources[1] = {}), code: 'MissingURI', path: 'Sources[1].URI' },
  { rule: 'Sources[].URI is a string', valid: () => {}, invalid: (r) => (r.Sources[0].URI = 42), code: 'InvalidArgument', path: 'Sources[0].URI' },
  { rule: 'Sources[].URI length', valid: (r) => (r.Sources[0].URI = 'x'.repeat(LIMITS.uriChars)), invalid: (r) => (r.Sources[0].URI = 'x'.repeat(LIMITS.uriChars + 1)), code: 'LimitExceededError', path: 'Sources[0].URI' },
  { rule: 'StartTime >= 0', base: 'concat', valid: (r) => (r.Sources[0].StartTime = 0), invalid: (r) => (r.Sources[0].StartTime = -1), code: 'InvalidArgument', path: 'Sources[0].StartTime' },
  { rule: 'Duration >= 0', base: 'concat', valid: (r) => (r.Sources[0].Duration = 0), invalid: (r) => (r.Sources[0].Duration = -2), code: 'InvalidArgument', path: 'Sources[0].Duration' },
  { rule: 'StartTime only for Concat', valid: (r) => (r.Sources[0].URI = 'a'), invalid: (r) => (r.Sources[0].StartTime = 3), code: 'InvalidArgument', path: 'Sources[0].StartTime' },
  { rule: 'Duration only for Concat', valid: (r) => (r.Sources[0].Duration = 0), invalid: (r) => (r.Sources[1].Duration = 3), code: 'InvalidArgument', path: 'Sources[1].Duration' },
  { rule: 'Type required', valid: (r) => (r.Type = 'Retrieval'), invalid: (r) => delete r.Type, code: 'MissingType', path: 'Type' },
  { rule: 'Type enum', valid: (r) => (r.Type = 'Compose'), invalid: (r) => (r.Type = 'Montage'), code: 'InvalidArgument', path: 'Type' },
  { rule: 'Mode enum', valid: (r) => (r.Mode = 'Average'), invalid: (r) => (r.Mode = 'Fast'), code: 'InvalidArgument', path: 'Mode' },
  { rule: 'Highlight.Content required', valid: (r) => (r.Highlight = { Content: '' }), invalid: (r) => (r.Highlight = {}), code: 'MissingContent', path: 'Highlight.Content' },
  { rule: 'Highlight.Content at most 100 characters', valid: (r) => (r.Highlight.Content = '人'.repeat(100)), invalid: (r) => (r.Highlight.Content = 'a'.repeat(101)), code: 'LimitExceededError', path: 'Highlight.Content' },
  { rule: 'Edit.Mode enum', valid: (r) => (r.Edit.Mode = 'Sequential'), invalid: (r) => (r.Edit.Mode = 'Parallel'), code: 'InvalidArgument', path: 'Edit.Mode' },
  { rule: 'BackgroundMusicMode enum', valid: (r) => (r.Edit.BackgroundMusicMode = 'Random'), invalid: (r) => (r.Edit.BackgroundMusicMode = 'Loud'), code: 'InvalidArgument', path: 'Edit.BackgroundMusicMode' },
  { rule: 'BackgroundMusics at most 1', valid: () => {}, invalid: (r) => r.Edit.BackgroundMusics.push({ URI: 'b.mp3' }), code: 'LimitExceededError', path: 'Edit.BackgroundMusics' },
  { rule: 'BackgroundMusics[].URI required', valid: () => {}, invalid: (r) => (r.Edit.BackgroundMusics[0] = { Volume: 1 }), code: 'MissingURI', path: 'Edit.BackgroundMusics[0].URI' },
  { rule: 'Volume <= 10', valid: (r) => (r.Edit.BackgroundMusics[0].Volume = 10), invalid: (r) => (r.Edit.BackgroundMusics[0].Volume = 10.5), code: 'LimitExceededError', path: 'Edit.BackgroundMusics[0].Volume' },
  { rule: 'Volume >= 0', valid: (r) => (r.Edit.BackgroundMusics[0].Volume = 0), invalid: (r) => (r.Edit.BackgroundMusics[0].Volume = -0.1), code: 'InvalidArgument', path: 'Edit.BackgroundMusics[0].Volume' },
  { rule: 'music needed when music mode is on', valid: (r) => (r.Edit.BackgroundMusicMode = 'Closed', r.Edit.BackgroundMusics = []), invalid: (r) => (r.Edit.BackgroundMusics = []), code: 'MissingBackgroundMusics', path: 'Edit.BackgroundMusics' },
  { rule: 'TransitionMode enum', valid: (r) => (r.Edit.TransitionMode = 'Auto'), invalid: (r) => (r.Edit.TransitionMode = 'Always'), code: 'InvalidArgument', path: 'Edit.TransitionMode' },
  { rule: 'Transitions at most 10', valid: (r) => (r.Edit.Transitions = times(10, () => ({ Transition: 'fade' }))), invalid: (r) => (r.Edit.Transitions = times(11, () => ({ Transition: 'fade' }))), code: 'LimitExceededError', path: 'Edit.Transitions' },
  { rule: 'Transition from the catalogue', valid: (r) => (r.Edit.Transitions[0].Transition = 'squeezevertical'), invalid: (r) => (r.Edit.Transitions[0].Transition = 'rectcrop'), code: 'InvalidArgument', path: 'Edit.Transitions[0].Transition' },
  { rule: 'Transition required', valid: () => {}, invalid: (r) => delete r.Edit.Transitions[1].Transition, code: 'MissingTransition', path: 'Edit.Transitions[1].Transition' },
  { rule: 'Transition Duration <= 5', valid: (r) => (r.Edit.Transitions[0].Duration = 5), invalid: (r) => (r.Edit.Transitions[0].Duration = 5.01), code: 'LimitExceededError', path: 'Edit.Transitions[0].Duration' },
  { rule: 'Transition Duration >= 0', valid: (r) => (r.Edit.Transitions[0].Duration = 0), invalid: (r) => (r.Edit.Transitions[0].Duration = -1), code: 'InvalidArgument', path: 'Edit.Transitions[0].Duration' },
  { rule: 'Transition Weight >= 1', valid: (r) => (r.Edit.Transitions[0].Weight = 1), invalid: (r) => (r.Edit.Transitions[0].Weight = 0), code: 'InvalidArgument', path: 'Edit.Transitions[0].Weight' },
  { rule: 'Transition Weight <= 100', valid: (r) => (r.Edit.Transitions[0].Weight = 100), invalid: (r) => (r.Edit.Transitions[0].Weight = 101), code: 'LimitExceededError', path: 'Edit.Transitions[0].Weight' },
  { rule: 'Transition Weight is an integer', valid: (r) => (r.Edit.Transitions[0].Weight = 2), invalid: (r) => (r.Edit.Transitions[0].Weight = 2.5), code: 'InvalidArgument', path: 'Edit.Transitions[0].Weight' },
  { rule: 'transitions needed for Random', valid: (r) => (r.Edit.TransitionMode = 'Auto', r.Edit.Transitions = []), invalid: (r) => (r.Edit.Transitions = []), code: 'MissingTransitions', path: 'Edit.Transitions' },
  { rule: 'VfxEffectMode enum', valid: (r) => (r.Edit.VfxEffectMode = 'Closed'), invalid: (r) => (r.Edit.VfxEffectMode = 'On'), code: 'InvalidArgument', path: 'Edit.VfxEffectMode' },
  { rule: 'VfxEffects at most 10', valid: (r) => (r.Edit.VfxEffects = times(10, () => ({ VfxEffect: 'invert' }))), invalid: (r) => (r.Edit.VfxEffects = times(11, () => ({ VfxEffect: 'invert' }))), code: 'LimitExceededError', path: 'Edit.VfxEffects' },
  { rule: 'VfxEffect from the catalogue', valid: (r) => (r.Edit.VfxEffects[0].VfxEffect = 'vertigo'), invalid: (r) => (r.Edit.VfxEffects[0].VfxEffect = 'sepia'), code: 'InvalidArgument', path: 'Edit.VfxEffects[0].VfxEffect' },
  { rule: 'VfxEffect Weight range', valid: (r) => (r.Edit.VfxEffects[0].Weight = 100), invalid: (r) => (r.Edit.VfxEffects[0].Weight = 200), code: 'LimitExceededError', path: 'Edit.VfxEffects[0].Weight' },
  { rule: 'effects needed for Sequential', valid: (r) => (r.Edit.VfxEffectMode = 'Closed', r.Edit.VfxEffects = []), invalid: (r) => (r.Edit.VfxEffects = []), code: 'MissingVfxEffects', path: 'Edit.VfxEffects' },
  { rule: 'Output required', valid: () => {}, invalid: (r) => delete r.Output, code: 'MissingOutput', path: 'Output' },
  { rule: 'Output.URI required', valid: () => {}, invalid: (r) => delete r.Output.URI, code: 'MissingURI', path: 'Output.URI' },
  { rule: 'Container enum', valid: (r) => (r.Output.Container = 'mxf'), invalid: (r) => (r.Output.Container = 'webm'), code: 'InvalidArgument', path: 'Output.Container' },
  { rule: 'Container required for Compose', valid: (r) => (r.Type = 'Retrieval', delete r.Output.Container), invalid: (r) => delete r.Output.Container, code: 'MissingContainer', path: 'Output.Container' },
  { rule: 'Container required for Concat', base: 'concat', valid: (r) => (r.Output.Container = 'ts'), invalid: (r) => delete r.Output.Container, code: 'MissingContainer', path: 'Output.Container' },
  { rule: 'Speed >= 0.5', valid: (r) => (r.Output.Speed = 0.5), invalid: (r) => (r.Output.Speed = 0.49), code: 'InvalidArgument', path: 'Output.Speed' },
  { rule: 'Speed <= 1', valid: (r) => (r.Output.Speed = 1), invalid: (r) => (r.Output.Speed = 1.5), code: 'LimitExceededError', path: 'Output.Speed' },
  { rule: 'MaxDuration > 0', valid: (r) => (r.Output.MaxDuration = 0.5), invalid: (r) => (r.Output.MaxDuration = 0), code: 'InvalidArgument', path: 'Output.MaxDuration' },
  { rule: 'TargetDuration <= MaxDuration', valid: (r) => (r.Output.TargetDuration = 30), invalid: (r) => (r.Output.TargetDuration = 31), code: 'InvalidArgument', path: 'Output.TargetDuration' },
  { rule: 'Segment.Format enum', valid: (r) => (r.Output.Segment = { Format: 'hls', Duration: 2 }), invalid: (r) => (r.Output.Segment = { Format: 'smooth' }), code: 'InvalidArgument', path: 'Output.Segment.Format' },
  { rule: 'Segment.Format required', valid: (r) => (r.Output.Segment = { Format: 'dash' }), invalid: (r) => (r.Output.Segment = { Duration: 4 }), code: 'MissingFormat', path: 'Output.Segment.Format' },
  { rule: 'Segment.Duration > 0', valid: (r) => (r.Output.Segment = { Format: 'hls', Duration: 0.5 }), invalid: (r) => (r.Output.Segment = { Format: 'hls', Duration: 0 }), code: 'InvalidArgument', path: 'Output.Segment.Duration' },
  { rule: 'Segment.StartNumber >= 0', valid: (r) => (r.Output.Segment = { Format: 'hls', StartNumber: 5 }), invalid: (r) => (r.Output.Segment = { Format: 'hls', StartNumber: -1 }), code: 'InvalidArgument', path: 'Output.Segment.StartNumber' },
  { rule: 'StartNumber is hls only', valid: (r) => (r.Output.Segment = { Format: 'dash', StartNumber: 0 }), invalid: (r) => (r.Output.Segment = { Format: 'dash', StartNumber: 3 }), code: 'InvalidArgument', path: 'Output.Segment.StartNumber' },
  { rule: 'segment container', valid: (r) => (r.Output.Container = 'ts', r.Output.Segment = { Format: 'hls' }), invalid: (r) => (r.Output.Container = 'mkv', r.Output.Segment = { Format: 'hls' }), code: 'InvalidArgument', path: 'Output.Container' },
  { rule: 'video Codec enum', valid: (r) => (r.Output.Video.TranscodeVideo.Codec = 'vp9'), invalid: (r) => (r.Output.Video.TranscodeVideo.Codec = 'av1'), code: 'InvalidArgument', path: 'Output.Video.TranscodeVideo.Codec' },
  { rule: 'Resolution format', valid: (r) => (r.Output.Video.TranscodeVideo.Resolution = 'x720'), invalid: (r) => (r.Output.Video.TranscodeVideo.Resolution = '1280*720'), code: 'InvalidArgument', path: 'Output.Video.TranscodeVideo.Resolution' },
  { rule: 'Resolution sides in (0, 4096]', valid: (r) => (r.Output.Video.TranscodeVideo.Resolution = '4096x'), invalid: (r) => (r.Output.Video.TranscodeVideo.Resolution = '4097x100'), code: 'InvalidArgument', path: 'Output.Video.TranscodeVideo.Resolution' },
  { rule: 'Resolution side not zero', valid: (r) => (r.Output.Video.TranscodeVideo.Resolution = '1x1'), invalid: (r) => (r.Output.Video.TranscodeVideo.Resolution = '0x720'), code: 'InvalidArgument', path: 'Output.Video.TranscodeVideo.Resolution' },
  { rule: 'CRF <= 51', valid: (r) => (r.Output.Video.TranscodeVideo.CRF = 51), invalid: (r) => (r.Output.Video.TranscodeVideo.CRF = 52), code: 'LimitExceededError', path: 'Output.Video.TranscodeVideo.CRF' },
  { rule: 'CRF and Bitrate exclusive', valid: (r) => (delete r.Output.Video.TranscodeVideo.CRF, r.Output.Video.TranscodeVideo.Bitrate = 2_000_000), invalid: (r) => (r.Output.Video.TranscodeVideo.Bitrate = 2_000_000), code: 'InvalidArgument', path: 'Output.Video.TranscodeVideo.CRF' },
  { rule: 'MaxBitrate needs BufferSize', valid: (r) => Object.assign(r.Output.Video.TranscodeVideo, { MaxBitrate: 4e6, BufferSize: 8e6 }), invalid: (r) => (r.Output.Video.TranscodeVideo.MaxBitrate = 4e6), code: 'MissingBufferSize', path: 'Output.Video.TranscodeVideo.BufferSize' },
  { rule: 'FrameRate in (0, 240]', valid: (r) => (r.Output.Video.TranscodeVideo.FrameRate = 29.97), invalid: (r) => (r.Output.Video.TranscodeVideo.FrameRate = 0), code: 'InvalidArgument', path: 'Output.Video.TranscodeVideo.FrameRate' },
  { rule: 'PixelFormat enum', valid: (r) => (r.Output.Video.TranscodeVideo.PixelFormat = 'yuv420p10le'), invalid: (r) => (r.Output.Video.TranscodeVideo.PixelFormat = 'rgb24'), code: 'InvalidArgument', path: 'Output.Video.TranscodeVideo.PixelFormat' },
  { rule: 'yuva420p only with vp9', valid: (r) => Object.assign(r.Output.Video.TranscodeVideo, { Codec: 'vp9', PixelFormat: 'yuva420p' }), invalid: (r) => (r.Output.Video.TranscodeVideo.PixelFormat = 'yuva420p'), code: 'InvalidArgument', path: 'Output.Video.TranscodeVideo.PixelFormat' },
  { rule: 'Rotation enum', valid: (r) => (r.Output.Video.TranscodeVideo.Rotation = 270), invalid: (r) => (r.Output.Video.TranscodeVideo.Rotation = 45), code: 'InvalidArgument', path: 'Output.Video.TranscodeVideo.Rotation' },
  { rule: 'GOPSize positive integer', valid: (r) => (r.Output.Video.TranscodeVideo.GOPSize = 60), invalid: (r) => (r.Output.Video.TranscodeVideo.GOPSize = 1.5), code: 'InvalidArgument', path: 'Output.Video.TranscodeVideo.GOPSize' },
  { rule: 'video copy only without re-encode', base: 'concat', valid: (r) => (r.Output.Video = { TranscodeVideo: { Codec: 'copy' } }), invalid: (r) => (r.Output.Video = { TranscodeVideo: { Codec: 'copy' } }, r.Output.Speed = 0.5), code: 'InvalidArgument', path: 'Output.Video.TranscodeVideo.Codec' },
  { rule: 'copy takes no other settings', base: 'concat', valid: (r) => (r.Output.Audio = { TranscodeAudio: { Codec: 'copy' } }), invalid: (r) => (r.Output.Audio = { TranscodeAudio: { Codec: 'copy', Bitrate: 96000 } }), code: 'InvalidArgument', path: 'Output.Audio.TranscodeAudio.Bitrate' },
  { rule: 'audio Codec enum', valid: (r) => (r.Output.Audio.TranscodeAudio.Codec = 'mp3'), invalid: (r) => (r.Output.Audio.TranscodeAudio.Codec = 'wma'), code: 'InvalidArgument', path: 'Output.Audio.TranscodeAudio.Codec' },
  { rule: 'Channel <= 8', valid: (r) => (r.Output.Audio.TranscodeAudio.Channel = 1), invalid: (r) => (r.Output.Audio.TranscodeAudio.Channel = 9), code: 'LimitExceededError', path: 'Output.Audio.TranscodeAudio.Channel' },
  { rule: 'Channel >= 1', valid: (r) => (r.Output.Audio.TranscodeAudio.Channel = 8), invalid: (r) => (r.Output.Audio.TranscodeAudio.Channel = 0), code: 'InvalidArgument', path: 'Output.Audio.TranscodeAudio.Channel' },
  { rule: 'SampleRate listed', valid: (r) => (r.Output.Audio.TranscodeAudio.SampleRate = 48000), invalid: (r) => (r.Output.Audio.TranscodeAudio.SampleRate = 44000), code: 'InvalidArgument', path: 'Output.Audio.TranscodeAudio.SampleRate' },
  { rule: 'opus sample rates', valid: (r) => Object.assign(r.Output.Audio.TranscodeAudio, { Codec: 'opus', SampleRate: 48000 }), invalid: (r) => (r.Output.Audio.TranscodeAudio.Codec = 'opus'), code: 'InvalidArgument', path: 'Output.Audio.TranscodeAudio.SampleRate' },
  { rule: 'mp3 at most 48 kHz', valid: (r) => Object.assign(r.Output.Audio.TranscodeAudio, { Codec: 'mp3', SampleRate: 48000 }), invalid: (r) => Object.assign(r.Output.Audio.TranscodeAudio, { Codec: 'mp3', SampleRate: 96000 }), code: 'InvalidArgument', path: 'Output.Audio.TranscodeAudio.SampleRate' },
  { rule: 'ac3 at most 6 channels', valid: (r) => Object.assign(r.Output.Audio.TranscodeAudio, { Codec: 'ac3', Channel: 6 }), invalid: (r) => Object.assign(r.Output.Audio.TranscodeAudio, { Codec: 'ac3', Channel: 8 }), code: 'LimitExceededError', path: 'Output.Audio.TranscodeAudio.Channel' },
  { rule: 'audio Bitrate range', valid: (r) => (r.Output.Audio.TranscodeAudio.Bitrate = 1000), invalid: (r) => (r.Output.Audio.TranscodeAudio.Bitrate = 999), code: 'InvalidArgument', path: 'Output.Audio.TranscodeAudio.Bitrate' },
  { rule: 'Bitrate and Quality exclusive', valid: (r) => (delete r.Output.Audio.TranscodeAudio.Bitrate, r.Output.Audio.TranscodeAudio.Quality = 80), invalid: (r) => (r.Output.Audio.TranscodeAudio.Quality = 80), code: 'InvalidArgument', path: 'Output.Audio.TranscodeAudio.Quality' },
  { rule: 'Quality <= 100', valid: (r) => (delete r.Output.Audio.TranscodeAudio.Bitrate, r.Output.Audio.TranscodeAudio.Quality = 100), invalid: (r) => (delete r.Output.Audio.TranscodeAudio.Bitrate, r.Output.Audio.TranscodeAudio.Quality = 101), code: 'LimitExceededError', path: 'Output.Audio.TranscodeAudio.Quality' },
  { rule: 'BitsPerSample only for flac', valid: (r) => (r.Output.Audio.TranscodeAudio = { Codec: 'flac', BitsPerSample: 24 }), invalid: (r) => (r.Output.Audio.TranscodeAudio.BitsPerSample = 16), code: 'InvalidArgument', path: 'Output.Audio.TranscodeAudio.BitsPerSample' },
  { rule: 'not both streams disabled', valid: (r) => (r.Output.Video = { DisableVideo: true }), invalid: (r) => (r.Output.Video = { DisableVideo: true }, r.Output.Audio = { DisableAudio: true }), code: 'InvalidArgument', path: 'Output.Audio.DisableAudio' },
  { rule: 'Notification.MNS.TopicName required', valid: () => {}, invalid: (r) => (r.Notification = { MNS: {} }), code: 'MissingTopicName', path: 'Notification.MNS.TopicName' },
  { rule: 'CredentialConfig RoleType enum', valid: (r) => (r.CredentialConfig = { Chain: [{ Role: 'AliyunOSSRole', RoleType: 'service' }] }), invalid: (r) => (r.CredentialConfig = { Chain: [{ Role: 'x', RoleType: 'robot' }] }), code: 'InvalidArgument', path: 'CredentialConfig.Chain[0].RoleType' },
  { rule: 'Tags values are scalars', valid: (r) => (r.Tags = { a: 1, b: true, c: 'x' }), invalid: (r) => (r.Tags = { a: { b: 1 } }), code: 'InvalidArgument', path: 'Tags.a' },
  { rule: 'Tags keys are safe', valid: (r) => (r.Tags = { ctor: 1 }), invalid: (r) => (r.Tags = { constructor: 1 }), code: 'InvalidArgument', path: 'Tags' },
  { rule: 'Tags at most 64', valid: (r) => (r.Tags = Object.fromEntries(times(64, (i) => [`k${i}`, i]))), invalid: (r) => (r.Tags = Object.fromEntries(times(65, (i) => [`k${i}`, i]))), code: 'LimitExceededError', path: 'Tags' },
  { rule: 'UserData at most 2048 bytes', valid: (r) => (r.UserData = 'x'.repeat(2048)), invalid: (r) => (r.UserData = '人'.repeat(683)), code: 'LimitExceededError', path: 'UserData' },
  { rule: 'no unknown fields', valid: () => {}, invalid: (r) => (r.Output.Containr = 'mp4'), code: 'InvalidArgument', path: 'Output.Containr' },
]

function run(row: Row, change: (r: Req) => void) {
  const req = (row.base === 'concat' ? concatRequest() : validRequest()) as Req
  change(req)
  return validateRequest(req)
}

describe('every validation rule, valid and invalid', () => {
  test.each(rows.map((r) => [r.rule, r] as const))('%s', (_name, row) => {
    const ok = run(row, row.valid)
    expect(ok.ok ? 'valid' : ok.error.Message).toBe('valid')
    const bad = run(row, row.invalid)
    expect(bad.ok).toBe(false)
    if (bad.ok) return
    const issue = bad.error.Issues.find((i) => i.Path === row.path)
    expect(issue, `issues: ${JSON.stringify(bad.error.Issues)}`).toBeDefined()
    expect(issue!.Code).toBe(row.code)
    expect(issue!.Message).toContain(row.path)
  })

  test('every cross-field rule has a row', () => {
    // Guards against a new rule without a table row; ids are listed so a reader sees them all.
    expect(CROSS_FIELD_RULES.map((r) => r.id)).toEqual([
      'container-required', 'clip-range-only-for-concat', 'music-needed', 'transitions-needed', 'effects-needed',
      'target-within-max', 'segment-container', 'start-number-hls-only', 'not-both-disabled', 'video-rate-control',
      'audio-codec-limits', 'tag-keys-safe', 'copy-only-without-reencode',
    ])
  })
})

describe('request forms and error shape', () => {
  test('all problems are collected, each with its path', () => {
    const r = validRequest() as Req
    r.Type = 'X'
    r.Edit.Transitions[0].Duration = 9
    r.Output.Speed = 3
    const res = validateRequest(r)
    expect(res.ok).toBe(false)
    if (res.ok) return
    expect(res.error.Issues.map((i) => i.Path)).toEqual(['Type', 'Edit.Transitions[0].Duration', 'Output.Speed'])
    expect(res.error.Code).toBe('InvalidArgument')
    expect(res.error.Message).toContain('Edit.Transitions[0].Duration must be a number in [0, 5], got 9')
    expect(res.error).toBeInstanceOf(HighlightError)
    expect(res.error.toJSON()).toMatchObject({ Code: 'InvalidArgument', Issues: expect.any(Array) })
  })

  test('JSON text is accepted; broken JSON is InvalidJSON', () => {
    expect(parseRequest(JSON.stringify(validRequest())).Type).toBe('Compose')
    const res = validateRequest('{"ProjectName": "p", ')
    expect(res.ok || res.error.Code).toBe('InvalidJSON')
  })

  test('shrunk fields (IMM wire form: objects as JSON strings) are accepted; a broken one is InvalidJSON naming it', () => {
    const r = validRequest() as Req
    const shrunk = { ...r, Sources: JSON.stringify(r.Sources), Edit: JSON.stringify(r.Edit), Output: JSON.stringify(r.Output) }
    expect(parseRequest(shrunk).Sources).toHaveLength(2)
    const res = validateRequest({ ...r, Edit: '{"Mode":' })
    expect(res.ok).toBe(false)
    if (!res.ok) {
      expect(res.error.Code).toBe('InvalidJSON')
      expect(res.error.Message).toContain('Array parsing error, Edit')
    }
  })

  test('a non-object request is InvalidArgument', () => {
    for (const input of [null, 42, 'null', '[]', [], true]) {
      const res = validateRequest(input)
      expect(res.ok || res.error.Code).toBe('InvalidArgument')
    }
  })

  test('oversized or too deep input is LimitExceededError, not a hang', () => {
    let deep: unknown = 'x'
    for (let i = 0; i < 10_000; i++) deep = [deep]
    const r = validRequest() as Req
    r.UserData = deep
    expect(validateRequest(r).ok || (validateRequest(r) as { error: HighlightError }).error.Code).toBe('LimitExceededError')
    r.UserData = undefined
    r.Sources = Array.from({ length: 100_000 }, () => ({ URI: 'a' }))
    const res = validateRequest(r)
    expect(res.ok || res.error.Code).toBe('LimitExceededError')
  })

  test('__proto__ keys are refused and pollute nothing', () => {
    const text = `{"ProjectName":"p","Type":"Retrieval","Sources":[{"URI":"a","__proto__":{"x":1}}],"Output":{"URI":"o"},"Tags":{"__proto__":{"polluted":1},"a":"b"}}`
    const res = validateRequest(text)
    expect(res.ok).toBe(false)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(({} as Record<string, unknown>).x).toBeUndefined()
    const parsed = parseRequest(text.replace('"__proto__":{"polluted":1},', '').replace(',"__proto__":{"x":1}', ''))
    expect(parsed.Sources[0]).toEqual({ URI: 'a', Duration: 0 })
  })
})

describe('normalisation', () => {
  test('documented defaults are filled', () => {
    const r = parseRequest({ ProjectName: 'p', Type: 'Compose', Sources: [{ URI: 'a.mp4' }], Output: { URI: 'o.mp4', Container: 'mp4' } })
    expect(r.Mode).toBe('Average')
    expect(r.Sources[0]!.Duration).toBe(0)
    expect(r.Edit).toEqual({
      Mode: 'Sequential', BackgroundMusicMode: 'Closed', BackgroundMusics: [], TransitionMode: 'Closed', Transitions: [],
      VfxEffectMode: 'Closed', VfxEffects: [],
    })
    expect(r.Output.Speed).toBe(1)
  })

  test('nested defaults: Volume 0.2, Weight 50, StartNumber 0, transition Duration 1', () => {
    const r = parseRequest({
      ProjectName: 'p', Type: 'Compose', Sources: [{ URI: 'a.mp4' }],
      Edit: { BackgroundMusicMode: 'Random', BackgroundMusics: [{ URI: 'm.mp3' }], TransitionMode: 'Random', Transitions: [{ Transition: 'fade' }], VfxEffectMode: 'Random', VfxEffects: [{ VfxEffect: 'invert' }] },
      Output: { URI: 'o.m3u8', Container: 'ts', Segment: { Format: 'hls' } },
    })
    expect(r.Edit.BackgroundMusics[0]!.Volume).toBe(0.2)
    expect(r.Edit.Transitions[0]).toEqual({ Transition: 'fade', Duration: 1, Weight: 50 })
    expect(r.Edit.VfxEffects[0]!.Weight).toBe(50)
    expect(r.Output.Segment).toEqual({ Format: 'hls', Duration: 6, StartNumber: 0 })
  })
})
