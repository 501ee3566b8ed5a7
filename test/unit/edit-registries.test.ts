import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CONTAINERS, EFFECT_NAMES, TRANSITION_NAMES } from '../../src/contract/index.ts'
import { TRANSITION_XFADE, xfadeFor } from '../../src/edit/transitions.ts'
import { EFFECT_RECIPES, effectRecipe } from '../../src/edit/effects.ts'
import { CONTAINER_FORMATS, containerForExtension } from '../../src/edit/containers.ts'
import { AUDIO_ENCODERS, VIDEO_ENCODERS, num } from '../../src/edit/codecs.ts'

describe('registries', () => {
  it('every transition name has one distinct xfade transition', () => {
    expect(Object.keys(TRANSITION_XFADE).sort()).toEqual([...TRANSITION_NAMES].sort())
    expect(new Set(Object.values(TRANSITION_XFADE)).size).toBe(44)
    expect(xfadeFor('horizontalsliceleft')).toBe('hlslice')
    expect(xfadeFor('__proto__')).toBeUndefined()
    expect(xfadeFor('hlslice')).toBeUndefined()
  })

  it('every effect name has a recipe that reads input and writes output', () => {
    expect(Object.keys(EFFECT_RECIPES).sort()).toEqual([...EFFECT_NAMES].sort())
    for (const name of EFFECT_NAMES) {
      const g = effectRecipe(name)!.graph({ width: 160, height: 90, input: '[in]', output: '[out]', tag: 't' })
      expect(g.startsWith('[in]')).toBe(true)
      expect(g.endsWith('[out]')).toBe(true)
    }
    expect(effectRecipe('constructor')).toBeUndefined()
  })

  it('every container has defaults it accepts and encoders for them', () => {
    expect(Object.keys(CONTAINER_FORMATS).sort()).toEqual([...CONTAINERS].sort())
    for (const c of CONTAINERS) {
      const f = CONTAINER_FORMATS[c]
      expect(f.videoCodecs).toContain(f.defaultVideo)
      expect(f.audioCodecs).toContain(f.defaultAudio)
      for (const v of f.videoCodecs) expect(VIDEO_ENCODERS[v]).toBeDefined()
      for (const a of f.audioCodecs) expect(AUDIO_ENCODERS[a]).toBeDefined()
      expect(containerForExtension(f.extension)).toBe(c)
    }
  })

  it('plans the wasm build cannot encode are named before anything runs', async () => {
    const { browserRenderProblem } = await import('../../src/edit/capabilities.ts')
    const plan = (codec: string) => ({ output: { video: { codec } } }) as never
    expect(browserRenderProblem(plan('h264'))).toBeNull()
    expect(browserRenderProblem(plan('copy'))).toBeNull()
    expect(browserRenderProblem(plan('h265'))).toMatch(/Codec h265.*libx265/)
    expect(browserRenderProblem(plan('vp9'))).toMatch(/Codec vp9.*libvpx-vp9/)
    const opus = (channels: number, sampleRate: number) => ({ output: { video: null, audio: { codec: 'opus', channels, sampleRate } } }) as never
    expect(browserRenderProblem(opus(1, 24000))).toBeNull()
    expect(browserRenderProblem(opus(2, 48000))).toBeNull()
    expect(browserRenderProblem(opus(2, 24000))).toMatch(/opus with 2 channels at 24000 Hz/)
  })

  it('num never writes exponents', () => {
    expect([num(1e-9), num(0.1 + 0.2), num(100), num(1e21 / 1e20), num(2.5)]).toEqual(['0', '0.3', '100', '10', '2.5'])
  })
})

// Each container with each accepted codec pair muxes in ffmpeg 5.1 and opens again.
describe.skipIf(!existsSync('/usr/bin/ffmpeg'))('container codec pairs mux in ffmpeg 5.1', () => {
  const dir = mkdtempSync(join(tmpdir(), 'containers-'))
  const rows = CONTAINERS.flatMap((c) => CONTAINER_FORMATS[c].videoCodecs.map((v) => [c, v, CONTAINER_FORMATS[c].defaultAudio] as const)
    .concat(CONTAINER_FORMATS[c].audioCodecs.filter((a) => a !== CONTAINER_FORMATS[c].defaultAudio)
      .map((a) => [c, CONTAINER_FORMATS[c].defaultVideo, a] as const)))
  it.each(rows)('%s: %s + %s', (c, v, a) => {
    const f = CONTAINER_FORMATS[c]
    const out = join(dir, `${v}-${a}.${f.extension}`)
    const audio = AUDIO_ENCODERS[a]
    execFileSync('/usr/bin/ffmpeg', ['-y', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=25', '-f', 'lavfi', '-i', 'sine=sample_rate=48000',
      '-t', '0.5', '-c:v', VIDEO_ENCODERS[v].encoder, ...VIDEO_ENCODERS[v].speed('ultrafast'), '-pix_fmt', 'yuv420p',
      '-c:a', audio.encoder, '-ar', '48000', '-ac', '2', ...f.muxerArgs, '-f', f.muxer, out], { stdio: 'pipe' })
    const probe = JSON.parse(execFileSync('/usr/bin/ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', out]).toString()) as
      { streams: { codec_type: string }[] }
    expect(probe.streams.map((s) => s.codec_type).sort()).toEqual(['audio', 'video'])
  })
})
