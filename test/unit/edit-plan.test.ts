import { describe, expect, it } from 'vitest'
import { parseRequest, TRANSITION_NAMES, EFFECT_NAMES, type HighlightRequestInput, type SelectedSegment } from '../../src/contract/index.ts'
import { buildEditPlan, AUTO_TRANSITIONS } from '../../src/edit/plan.ts'
import type { MediaProbe } from '../../src/io/media-probe.ts'

const probe = (duration: number, over: Partial<MediaProbe> = {}): MediaProbe => ({
  duration,
  container: 'mp4',
  video: { codec: 'h264', width: 1280, height: 720, fps: 30, rotation: 0, pixelFormat: 'yuv420p' },
  audio: { codec: 'aac', sampleRate: 48000, channels: 2 },
  ...over,
})

const request = (over: Partial<HighlightRequestInput> = {}) => parseRequest({
  ProjectName: 'p',
  Type: 'Concat',
  Sources: [{ URI: 'oss://b/a.mp4' }, { URI: 'oss://b/b.mp4' }, { URI: 'oss://b/c.mp4' }],
  Output: { URI: 'oss://b/out.mp4', Container: 'mp4' },
  ...over,
})

const probes = [probe(10), probe(10), probe(10)]
const plan = (over: Partial<HighlightRequestInput> = {}, input: Partial<Parameters<typeof buildEditPlan>[1]> = {}, seed = 1) =>
  buildEditPlan(request(over), { probes, ...input }, { seed })

describe('buildEditPlan: clips', () => {
  it('Concat takes Sources in order, StartTime/Duration, Duration 0 = to the end', () => {
    const p = plan({ Sources: [{ URI: 'oss://b/a.mp4', StartTime: 2, Duration: 3 }, { URI: 'oss://b/b.mp4', StartTime: 4 }, { URI: 'oss://b/c.mp4' }] })
    expect(p.clips.map((c) => [c.sourceIndex, c.in, c.out])).toEqual([[0, 2, 5], [1, 4, 10], [2, 0, 10]])
    expect(p.duration).toBeCloseTo(3 + 6 + 10)
    expect(JSON.parse(JSON.stringify(p))).toEqual(p)
  })

  it('a StartTime past the end names the field and the duration', () => {
    expect(() => plan({ Sources: [{ URI: 'oss://b/a.mp4', StartTime: 12 }] }, { probes: [probe(10)] }))
      .toThrow(expect.objectContaining({ Code: 'InvalidArgument', Message: expect.stringMatching(/Sources\[0\]\.StartTime 12 .*duration is 10 s/) }))
  })

  it('a Duration past the end is clamped with a note', () => {
    const p = plan({ Sources: [{ URI: 'oss://b/a.mp4', StartTime: 8, Duration: 5 }] }, { probes: [probe(10)] })
    expect(p.clips[0]).toMatchObject({ in: 8, out: 10 })
    expect(p.notes.join()).toMatch(/Sources\[0\]\.Duration/)
  })

  it('Retrieval and Compose take the segments; Concat ignores them', () => {
    const segments: SelectedSegment[] = [
      { SourceIndex: 1, URI: 'oss://b/b.mp4', StartTime: 1, EndTime: 4, Score: 0.5, Reasons: [] },
      { SourceIndex: 0, URI: 'oss://b/a.mp4', StartTime: 6, EndTime: 12, Score: 0.9, Reasons: [] },
    ]
    const r = plan({ Type: 'Retrieval', Sources: [{ URI: 'oss://b/a.mp4' }, { URI: 'oss://b/b.mp4' }] }, { segments })
    expect(r.clips.map((c) => [c.sourceIndex, c.in, c.out])).toEqual([[1, 1, 4], [0, 6, 10]])
    expect(r.transitions).toEqual([null])
    expect(r.clips.every((c) => c.effect === null)).toBe(true)
    expect(r.music).toBeNull()
    expect(plan({}, { segments }).clips).toHaveLength(3)
  })
})

describe('buildEditPlan: transitions', () => {
  const edit = (mode: string, transitions: object[]) => ({ Edit: { TransitionMode: mode, Transitions: transitions } }) as Partial<HighlightRequestInput>

  it('Closed = none', () => {
    expect(plan().transitions).toEqual([null, null])
  })

  it('Sequential cycles the list and maps names to xfade', () => {
    const p = plan(edit('Sequential', [{ Transition: 'rectanglecrop', Duration: 1 }]))
    expect(p.transitions.map((t) => t?.xfade)).toEqual(['rectcrop', 'rectcrop'])
    const q = plan(edit('Sequential', [{ Transition: 'fade', Duration: 1 }, { Transition: 'wipeleft', Duration: 0.5 }]))
    expect(q.transitions.map((t) => [t?.name, t?.duration])).toEqual([['fade', 1], ['wipeleft', 0.5]])
    expect(q.duration).toBeCloseTo(30 - 1.5)
  })

  it('Random is weighted and seeded: same seed, same plan', () => {
    const sources = Array.from({ length: 10 }, (_, i) => ({ URI: `oss://b/${i}.mp4` }))
    const many = Array.from({ length: 10 }, () => probe(10))
    const r = (seed: number) => buildEditPlan(request({ Sources: sources, ...edit('Random', [{ Transition: 'fade', Weight: 100 }, { Transition: 'zoomin', Weight: 1 }]) }),
      { probes: many }, { seed })
    expect(r(7)).toEqual(r(7))
    const names = [1, 2, 3, 4, 5, 6, 7, 8].flatMap((s) => r(s).transitions.map((t) => t?.name))
    expect(names.filter((n) => n === 'fade').length).toBeGreaterThan(names.length * 0.9)
    const even = [1, 2, 3, 4, 5].map((s) => buildEditPlan(request({ Sources: sources, ...edit('Random', [{ Transition: 'fade' }, { Transition: 'wipeup' }]) }),
      { probes: many }, { seed: s }).transitions.map((t) => t?.name).join())
    expect(new Set(even).size).toBeGreaterThan(1)
  })

  it('a transition longer than clip duration - 1 is left out for that junction', () => {
    const p = plan({
      Sources: [{ URI: 'oss://b/a.mp4', Duration: 2.5 }, { URI: 'oss://b/b.mp4' }, { URI: 'oss://b/c.mp4' }],
      ...edit('Sequential', [{ Transition: 'fade', Duration: 2 }]),
    })
    expect(p.transitions.map((t) => t?.name ?? null)).toEqual([null, 'fade'])
    expect(p.notes.join()).toMatch(/left out/)
  })

  it('Auto: cut inside continuous footage, fade within a source, fadeblack between sources', () => {
    const segments: SelectedSegment[] = [
      { SourceIndex: 0, URI: 'a', StartTime: 0, EndTime: 3, Score: 1, Reasons: [] },
      { SourceIndex: 0, URI: 'a', StartTime: 3, EndTime: 6, Score: 1, Reasons: [] },
      { SourceIndex: 0, URI: 'a', StartTime: 8, EndTime: 10, Score: 1, Reasons: [] },
      { SourceIndex: 1, URI: 'b', StartTime: 0, EndTime: 4, Score: 1, Reasons: [] },
    ]
    const p = plan({ Type: 'Compose', Sources: [{ URI: 'a' }, { URI: 'b' }], Edit: { TransitionMode: 'Auto' } }, { segments })
    expect(p.transitions.map((t) => t?.name ?? null)).toEqual([null, AUTO_TRANSITIONS.sameSource.name, AUTO_TRANSITIONS.otherSource.name])
  })

  it('every catalogue name plans', () => {
    for (const name of TRANSITION_NAMES) {
      expect(plan(edit('Sequential', [{ Transition: name, Duration: 1 }])).transitions[0]?.name).toBe(name)
    }
  })
})

describe('buildEditPlan: effects, music, speed, length', () => {
  it('effects Sequential cycle per clip; Auto marks the best clip', () => {
    const p = plan({ Edit: { VfxEffectMode: 'Sequential', VfxEffects: [{ VfxEffect: 'invert' }, { VfxEffect: 'vignette' }] } })
    expect(p.clips.map((c) => c.effect)).toEqual(['invert', 'vignette', 'invert'])
    for (const e of EFFECT_NAMES) expect(plan({ Edit: { VfxEffectMode: 'Sequential', VfxEffects: [{ VfxEffect: e }] } }).clips[0]!.effect).toBe(e)
    const segments: SelectedSegment[] = [0.2, 0.9, 0.5].map((Score, i) => ({ SourceIndex: 0, URI: 'a', StartTime: i * 3, EndTime: i * 3 + 2, Score, Reasons: [] }))
    const auto = plan({ Type: 'Compose', Sources: [{ URI: 'a' }], Edit: { VfxEffectMode: 'Auto' } }, { segments })
    expect(auto.clips.map((c) => c.effect)).toEqual([null, 'vignette', null])
  })

  it('music: volume default 0.2, loops when shorter than the output, fades', () => {
    const music = { Edit: { BackgroundMusicMode: 'Sequential', BackgroundMusics: [{ URI: 'oss://b/m.mp3' }] } } as Partial<HighlightRequestInput>
    const short = plan(music, { musicProbe: { duration: 12, audio: { codec: 'mp3', sampleRate: 44100, channels: 2 } } })
    expect(short.music).toMatchObject({ uri: 'oss://b/m.mp3', volume: 0.2, loop: true, fadeOut: 2 })
    expect(plan(music, { musicProbe: { duration: 60, audio: { codec: 'mp3', sampleRate: 44100, channels: 2 } } }).music?.loop).toBe(false)
    expect(() => plan(music, { musicProbe: { duration: 60 } })).toThrow(expect.objectContaining({ Code: 'InvalidMedia' }))
  })

  it('Speed 0.5 doubles every clip on the output timeline', () => {
    const p = plan({ Output: { URI: 'oss://b/o.mp4', Container: 'mp4', Speed: 0.5 } })
    expect(p.clips[0]!.duration).toBeCloseTo(20)
    expect(p.duration).toBeCloseTo(60)
  })

  it('TargetDuration shrinks clips in proportion; MaxDuration cuts the tail', () => {
    const t = plan({ Output: { URI: 'oss://b/o.mp4', Container: 'mp4', TargetDuration: 15 } })
    expect(t.duration).toBeCloseTo(15)
    expect(t.clips.map((c) => c.out - c.in)).toEqual([5, 5, 5].map((x) => expect.closeTo(x, 5)))
    const m = plan({ Output: { URI: 'oss://b/o.mp4', Container: 'mp4', MaxDuration: 14 } })
    expect(m.duration).toBeCloseTo(14)
    expect(m.clips.map((c) => c.out - c.in)).toEqual([10, expect.closeTo(4, 5)])
    const withT = plan({ Output: { URI: 'oss://b/o.mp4', Container: 'mp4', TargetDuration: 12 }, Edit: { TransitionMode: 'Sequential', Transitions: [{ Transition: 'fade', Duration: 1 }] } })
    expect(withT.duration).toBeCloseTo(12)
    expect(withT.transitions.every((x) => x)).toBe(true)
  })
})

describe('buildEditPlan: output settings', () => {
  it('a plain Concat of compatible sources is a stream copy', () => {
    const p = plan()
    expect(p.output.video?.codec).toBe('copy')
    expect(p.output.audio?.codec).toBe('copy')
  })

  it.each([
    ['transitions', { Edit: { TransitionMode: 'Sequential', Transitions: [{ Transition: 'fade' }] } }],
    ['effects', { Edit: { VfxEffectMode: 'Sequential', VfxEffects: [{ VfxEffect: 'invert' }] } }],
    ['speed', { Output: { URI: 'oss://b/o.mp4', Container: 'mp4', Speed: 0.8 } }],
    ['a cap', { Output: { URI: 'oss://b/o.mp4', Container: 'mp4', MaxDuration: 5 } }],
    ['Video settings', { Output: { URI: 'oss://b/o.mp4', Container: 'mp4', Video: { TranscodeVideo: { Resolution: '640x360' } } } }],
    ['HLS', { Output: { URI: 'oss://b/o.m3u8', Container: 'ts', Segment: { Format: 'hls', Duration: 2 } } }],
  ])('%s force an encode', (_name, over) => {
    expect(plan(over as Partial<HighlightRequestInput>).output.video?.codec).toBe('h264')
  })

  it('mixed sources are encoded onto the first source\'s canvas, stereo, its rate', () => {
    const mixed = [probe(10), probe(10, { video: { codec: 'hevc', width: 640, height: 480, fps: 25, rotation: 0 }, audio: { codec: 'aac', sampleRate: 44100, channels: 1 } }),
      probe(10, { audio: undefined })]
    const p = buildEditPlan(request(), { probes: mixed }, { seed: 1 })
    expect(p.output.video).toMatchObject({ codec: 'h264', width: 1280, height: 720, fps: 30, pixelFormat: 'yuv420p', crf: 23 })
    expect(p.output.audio).toMatchObject({ codec: 'aac', sampleRate: 48000, channels: 2 })
    expect(p.sources[2]!.hasAudio).toBe(false)
  })

  it.each([
    [{ Resolution: '640x360' }, [640, 360]],
    [{ Resolution: '640x' }, [640, 360]],
    [{ Resolution: 'x360' }, [640, 360]],
    [{ Resolution: '1920x1080', ResolutionOption: 'adaptive' }, [1280, 720]],
    [{ Resolution: '1920x1080' }, [1920, 1080]],
  ])('Resolution %j -> %j', (tv, size) => {
    const p = plan({ Output: { URI: 'oss://b/o.mp4', Container: 'mp4', Video: { TranscodeVideo: tv as never } } })
    expect([p.output.video?.width, p.output.video?.height]).toEqual(size)
  })

  it('AdaptiveResolutionDirection turns long x short round for a portrait source', () => {
    const portrait = [probe(10, { video: { codec: 'h264', width: 720, height: 1280, fps: 30, rotation: 0 } })]
    const p = buildEditPlan(request({ Sources: [{ URI: 'a' }], Output: { URI: 'o.mp4', Container: 'mp4', Video: { TranscodeVideo: { Resolution: '640x360', AdaptiveResolutionDirection: true } } } }),
      { probes: portrait }, { seed: 1 })
    expect([p.output.video?.width, p.output.video?.height]).toEqual([360, 640])
  })

  it('ResolutionOption fall fails when the source is smaller', () => {
    expect(() => plan({ Output: { URI: 'o.mp4', Container: 'mp4', Video: { TranscodeVideo: { Resolution: '1920x1080', ResolutionOption: 'fall' } } } }))
      .toThrow(expect.objectContaining({ Code: 'InvalidArgument', Message: expect.stringContaining('Resolution') }))
  })

  it('container rules: codec accepted or a named error; MXF gets PCM and a broadcast rate', () => {
    expect(() => plan({ Output: { URI: 'o.flv', Container: 'flv', Video: { TranscodeVideo: { Codec: 'vp9' } } } }))
      .toThrow(expect.objectContaining({ Message: expect.stringContaining('Output.Video.TranscodeVideo.Codec vp9') }))
    const mxf = plan({ Output: { URI: 'o.mxf', Container: 'mxf', Video: { TranscodeVideo: { FrameRate: 29 } } } })
    expect(mxf.output.audio).toMatchObject({ codec: 'pcm', sampleRate: 48000 })
    expect(mxf.output.video?.fps).toBe(30)
    expect(plan({ Output: { URI: 'o.avi', Container: 'avi', Speed: 0.9 } }).output.audio?.codec).toBe('mp3')
  })

  it('DisableVideo / DisableAudio drop the stream', () => {
    expect(plan({ Output: { URI: 'o.mp4', Container: 'mp4', Video: { DisableVideo: true } } }).output.video).toBeNull()
    expect(plan({ Output: { URI: 'o.mp4', Container: 'mp4', Audio: { DisableAudio: true } } }).output.audio).toBeNull()
  })
})
