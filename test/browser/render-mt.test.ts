/**
 * The multi-thread ffmpeg.wasm core (@ffmpeg/core-mt, served untouched at /vendor/ffmpeg-core-mt/): a full
 * render (transitions, an effect, music), a second render on the warm instance, and the fallback: when the
 * multi-thread worker dies mid-render, the render is retried on the single-thread core and still succeeds.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import type { FFmpeg } from '@ffmpeg/ffmpeg'
import { parseRequest, type HighlightRequestInput } from '../../src/contract/index.ts'
import { buildEditPlan } from '../../src/edit/plan.ts'
import { probeMedia } from '../../src/io/probe.ts'
import { memorySink } from '../../src/io/outputs.ts'
import { renderPlan } from '../../src/render/render.ts'
import { FfmpegRunner } from '../../src/render/ffmpeg-runner.ts'
import { ffmpegFile, ffprobe, frameAt, makeClip, meanRgb } from './support/media.ts'

const FRAME = 1 / 25

async function planFor(files: File[], edit: HighlightRequestInput['Edit'], music?: File) {
  const request = parseRequest({
    ProjectName: 'mt', Type: 'Concat',
    Sources: files.map((_, i) => ({ URI: `local://s${i}.mp4` })),
    ...(edit ? { Edit: edit } : {}),
    Output: { URI: 'mem://mt/out.mp4', Container: 'mp4' },
  })
  const probes = await Promise.all(files.map((f) => probeMedia(f)))
  const musicProbe = music ? await probeMedia(music) : undefined
  return buildEditPlan(request, { probes, ...(musicProbe ? { musicProbe } : {}) }, { seed: 1 })
}

/** The loaded FFmpeg instance of a runner (the handle a crash is simulated on). */
const instanceOf = (runner: FfmpegRunner) => runner.use(async (ff) => ff)

describe('multi-thread core', () => {
  let red: File, blue: File, pattern: File, music: File
  beforeAll(async () => {
    red = await makeClip({ video: 'color=c=red', size: '320x180', duration: 2, tone: 440 })
    blue = await makeClip({ video: 'color=c=blue', size: '320x180', duration: 2, tone: 660 })
    pattern = await makeClip({ size: '320x180', duration: 2, tone: 550 })
    music = new File([await ffmpegFile(['-f', 'lavfi', '-i', 'sine=frequency=220:sample_rate=44100', '-t', '1.5', '-ac', '2', '-c:a', 'aac'], 'mt-music.m4a') as Uint8Array<ArrayBuffer>], 'mt-music.m4a')
  })

  it('is available: the page is cross-origin isolated', () => {
    expect(globalThis.crossOriginIsolated).toBe(true)
    expect(new FfmpegRunner({ core: 'mt' }).core).toBe('mt')
  })

  it('renders transitions, an effect and music, then a second plan on the same warm instance', async () => {
    const runner = new FfmpegRunner({ core: 'mt' })
    try {
      const plan = await planFor([red, blue, pattern], {
        TransitionMode: 'Sequential', Transitions: [{ Transition: 'fade', Duration: 0.5 }, { Transition: 'wipeleft', Duration: 0.5 }],
        VfxEffectMode: 'Sequential', VfxEffects: [{ VfxEffect: 'vignette' }],
        BackgroundMusicMode: 'Sequential', BackgroundMusics: [{ URI: 'local://mt-music.m4a', Volume: 0.2 }],
      }, music)
      expect(plan.duration).toBeCloseTo(5)
      expect(plan.music?.loop).toBe(true)
      const t0 = performance.now()
      const outputs = await renderPlan(plan, { inputs: [red, blue, pattern], music, sink: memorySink() }, { runner })
      const coldMs = performance.now() - t0
      // No silent fallback: the multi-thread core did the work.
      expect(runner.core).toBe('mt')
      const probe = await ffprobe(outputs[0]!.Blob!)
      expect(Math.abs(probe.duration - plan.duration)).toBeLessThan(2 * FRAME)
      expect(probe.video).toMatchObject({ codec: 'h264', width: 320, height: 180, fps: 25 })
      expect(probe.audio).toMatchObject({ codec: 'aac', sampleRate: 48000, channels: 2 })

      // Warm: the second exec of the same instance, a different plan.
      const second = await planFor([blue, red], {
        TransitionMode: 'Sequential', Transitions: [{ Transition: 'circleopen', Duration: 0.5 }],
        VfxEffectMode: 'Sequential', VfxEffects: [{ VfxEffect: 'invert' }],
      })
      const t1 = performance.now()
      const again = await renderPlan(second, { inputs: [blue, red], sink: memorySink() }, { runner })
      const warmMs = performance.now() - t1
      expect(runner.core).toBe('mt')
      const p2 = await ffprobe(again[0]!.Blob!)
      expect(Math.abs(p2.duration - second.duration)).toBeLessThan(2 * FRAME)
      expect(p2.video).toMatchObject({ codec: 'h264', width: 320, height: 180 })
      expect(p2.audio).toMatchObject({ codec: 'aac', channels: 2 })
      // invert on the first clip: blue becomes yellow.
      const [r, g, b] = meanRgb(await frameAt(again[0]!.Blob!, 0.5), 0.1, 0.9)
      expect(r).toBeGreaterThan(180)
      expect(g).toBeGreaterThan(180)
      expect(b).toBeLessThan(60)
      console.info(`mt render: first (load + exec) ${coldMs.toFixed(0)} ms, second (warm) ${warmMs.toFixed(0)} ms`)
    } finally {
      runner.terminate()
    }
  })

  it('when the multi-thread worker dies mid-render, the render is retried on the single-thread core', async () => {
    const long = await makeClip({ size: '320x180', duration: 6 })
    const runner = new FfmpegRunner({ core: 'mt' })
    try {
      const plan = await planFor([long, pattern], {
        TransitionMode: 'Sequential', Transitions: [{ Transition: 'fade', Duration: 0.5 }],
        VfxEffectMode: 'Sequential', VfxEffects: [{ VfxEffect: 'twolayer' }],
      })
      const mt: FFmpeg = await instanceOf(runner)
      let killedAt: number | undefined
      const progress: number[] = []
      const outputs = await renderPlan(plan, { inputs: [long, pattern], sink: memorySink() }, {
        runner,
        onProgress: (f) => {
          progress.push(f)
          // The worker dies under the runner (as a wasm crash would take it), not through runner.terminate().
          if (killedAt === undefined && f >= 0.4 && f < 1) {
            killedAt = f
            mt.terminate()
          }
        },
      })
      expect(killedAt).toBeDefined()
      expect(killedAt!).toBeLessThan(1)
      expect(runner.core).toBe('st')
      const probe = await ffprobe(outputs[0]!.Blob!)
      expect(Math.abs(probe.duration - plan.duration)).toBeLessThan(2 * FRAME)
      expect(probe.video).toMatchObject({ codec: 'h264', width: 320, height: 180 })
      expect(probe.audio).toMatchObject({ codec: 'aac', channels: 2 })
      console.info(`mt killed at ${killedAt!.toFixed(2)}; progress ${progress.map((p) => p.toFixed(2)).join(' ')}`)
      // Progress stays monotonic across the retry and ends at 1.
      expect(progress).toEqual([...progress].sort((x, y) => x - y))
      expect(progress.at(-1)).toBe(1)
    } finally {
      runner.terminate()
    }
  })
})
