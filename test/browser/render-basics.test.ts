/**
 * The render engine end to end in real ffmpeg.wasm (single-thread core): every feature is rendered and
 * the output checked by probing, decoding pixels and measuring sound.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { parseRequest, HighlightError, type HighlightRequestInput, type OutputFile } from '../../src/contract/index.ts'
import { buildEditPlan } from '../../src/edit/plan.ts'
import { probeMedia } from '../../src/io/probe.ts'
import { memorySink } from '../../src/io/outputs.ts'
import { renderPlan } from '../../src/render/render.ts'
import { decodeAudio, ffmpegFile, ffprobe, frameAt, makeClip, meanRgb, meanVolume, onBlob, toneFrequency } from './support/media.ts'

const request = (sources: number, over: Partial<HighlightRequestInput> = {}) => parseRequest({
  ProjectName: 'test', Type: 'Concat',
  Sources: Array.from({ length: sources }, (_, i) => ({ URI: `local://s${i}.mp4` })),
  Output: { URI: 'mem://out/result.mp4', Container: 'mp4' },
  ...over,
})

async function render(files: File[], over: Partial<HighlightRequestInput> = {}, extra: { music?: File } = {}) {
  const probes = await Promise.all(files.map((f) => probeMedia(f)))
  const musicProbe = extra.music ? await probeMedia(extra.music) : undefined
  const plan = buildEditPlan(request(files.length, over), { probes, ...(musicProbe ? { musicProbe } : {}) }, { seed: 1 })
  const progress: number[] = []
  const outputs = await renderPlan(plan, { inputs: files, ...(extra.music ? { music: extra.music } : {}), sink: memorySink() },
    { onProgress: (f) => progress.push(f) })
  return { plan, outputs, progress, main: outputs.find((o) => o.URI === plan.output.uri)! }
}

const blobOf = (o: OutputFile) => o.Blob!

describe('probe', () => {
  it('mediabunny reads an MP4; ffprobe in wasm reads an AVI; junk is InvalidMedia', async () => {
    const mp4 = await makeClip({ duration: 2, size: '320x180', rate: 30, channels: 1, sampleRate: 44100 })
    const p = await probeMedia(mp4)
    expect(p.duration).toBeCloseTo(2, 1)
    expect(p.video).toMatchObject({ codec: 'h264', width: 320, height: 180, fps: 30, rotation: 0 })
    expect(p.audio).toMatchObject({ codec: 'aac', sampleRate: 44100, channels: 1 })
    const avi = await makeClip({ ext: 'avi', duration: 1 })
    const q = await probeMedia(avi)
    expect(q.video).toMatchObject({ codec: 'h264', width: 160, height: 90, fps: 25 })
    expect(q.audio?.codec).toBe('mp3')
    await expect(probeMedia(new File([new Uint8Array(5000).fill(7)], 'junk.mp4'), 'Sources[3]'))
      .rejects.toMatchObject({ Code: 'InvalidMedia', Message: expect.stringContaining('Sources[3]') })
  })
})

describe('renderPlan', () => {
  let red: File, blue: File
  beforeAll(async () => {
    red = await makeClip({ video: 'color=c=red', duration: 3, tone: 440 })
    blue = await makeClip({ video: 'color=c=blue', duration: 3, tone: 660 })
  })

  it('a plain Concat is a stream copy: the video bitstream is the inputs\' bitstreams, joined', async () => {
    const a = await makeClip({ duration: 2 })
    const b = await makeClip({ video: 'smptebars', duration: 2 })
    const t0 = performance.now()
    const { plan, main, progress } = await render([a, b])
    const ms = performance.now() - t0
    expect(plan.output.video?.codec).toBe('copy')
    expect(main.Duration).toBeCloseTo(4, 1)
    const probe = await ffprobe(blobOf(main))
    expect(probe.duration).toBeCloseTo(4, 1)
    const annexB = async (blob: Blob) => (await onBlob(blob, (i) => ['-loglevel', 'error', '-i', i, '-map', '0:v', '-c', 'copy', '-f', 'h264'], 'v.h264')).data!
    const joined = new Uint8Array([...(await annexB(a)), ...(await annexB(b))])
    expect(await annexB(blobOf(main))).toEqual(joined)
    expect(progress.at(-1)).toBe(1)
    console.info(`stream-copy concat of 4 s: ${ms.toFixed(0)} ms`)
  })

  it('wipeleft: mid-transition the left half is still the first clip, the right half already the second', async () => {
    const { plan, main } = await render([red, blue], { Edit: { TransitionMode: 'Sequential', Transitions: [{ Transition: 'wipeleft', Duration: 1 }] } })
    expect(plan.duration).toBeCloseTo(5)
    const probe = await ffprobe(blobOf(main))
    expect(probe.duration).toBeGreaterThan(5 - 0.08)
    expect(probe.duration).toBeLessThan(5 + 0.08)
    const before = await frameAt(blobOf(main), 1.5)
    const mid = await frameAt(blobOf(main), 2.5)
    const after = await frameAt(blobOf(main), 3.5)
    const isRed = ([r, g, b]: number[]) => r! > 180 && g! < 60 && b! < 60
    const isBlue = ([r, g, b]: number[]) => b! > 180 && r! < 60 && g! < 60
    expect(isRed(meanRgb(before, 0, 1))).toBe(true)
    expect(isRed(meanRgb(mid, 0.05, 0.4))).toBe(true)
    expect(isBlue(meanRgb(mid, 0.6, 0.95))).toBe(true)
    expect(isBlue(meanRgb(after, 0, 1))).toBe(true)
  })

  it('invert inverts the colours', async () => {
    const colour = await makeClip({ video: 'color=c=0xC83264', duration: 2 })
    const { main } = await render([colour], { Edit: { VfxEffectMode: 'Sequential', VfxEffects: [{ VfxEffect: 'invert' }] } })
    const [r, g, b] = meanRgb(await frameAt(blobOf(main), 1), 0.1, 0.9)
    expect(Math.abs(r - (255 - 0xc8))).toBeLessThan(12)
    expect(Math.abs(g - (255 - 0x32))).toBeLessThan(12)
    expect(Math.abs(b - (255 - 0x64))).toBeLessThan(12)
  })

  it('Speed 0.5: twice as long, video and audio, the tone keeps its pitch', async () => {
    const { main } = await render([red], { Output: { URI: 'mem://o.mp4', Container: 'mp4', Speed: 0.5 } })
    const probe = await ffprobe(blobOf(main))
    expect(probe.duration).toBeCloseTo(6, 1)
    const audio = await decodeAudio(blobOf(main))
    expect(audio.length / 48000).toBeCloseTo(6, 1)
    expect(toneFrequency(audio.subarray(48000, 48000 * 5))).toBeCloseTo(440, -1)
  })

  it('music at Volume 0.2 sits about 14 dB below Volume 1, looped to the output length', async () => {
    const silentA = await makeClip({ duration: 3, tone: null })
    const silentB = await makeClip({ video: 'smptebars', duration: 3, tone: null })
    const music = new File([await ffmpegFile(['-f', 'lavfi', '-i', 'sine=frequency=330:sample_rate=44100', '-t', '2', '-ac', '1', '-c:a', 'aac'], 'm.m4a') as Uint8Array<ArrayBuffer>], 'm.m4a')
    const withVolume = (Volume: number) => render([silentA, silentB], {
      Edit: { BackgroundMusicMode: 'Sequential', BackgroundMusics: [{ URI: 'local://m.m4a', Volume }] },
    }, { music })
    const quiet = await withVolume(0.2)
    const loud = await withVolume(1)
    expect(quiet.plan.music?.loop).toBe(true)
    const q = await ffprobe(blobOf(quiet.main))
    expect(q.audio).toMatchObject({ codec: 'aac', channels: 1, sampleRate: 48000 })
    expect(q.duration).toBeCloseTo(6, 1)
    const diff = (await meanVolume(blobOf(loud.main))) - (await meanVolume(blobOf(quiet.main)))
    expect(diff).toBeGreaterThan(13)
    expect(diff).toBeLessThan(15)
  })

  it('mixed sources are normalised: size, rate, a source without audio, mono and 44.1 kHz', async () => {
    const wide = await makeClip({ size: '320x180', rate: 30, duration: 2 })
    const square = await makeClip({ video: 'smptebars', size: '200x200', rate: 24, duration: 2, tone: null })
    const mono = await makeClip({ size: '160x120', rate: 25, duration: 2, channels: 1, sampleRate: 44100, ext: 'mkv' })
    const { plan, main } = await render([wide, square, mono])
    expect(plan.output.video?.codec).toBe('h264')
    const p = await ffprobe(blobOf(main))
    expect(p.video).toMatchObject({ width: 320, height: 180, fps: 30 })
    expect(p.audio).toMatchObject({ channels: 2, sampleRate: 48000 })
    expect(p.duration).toBeCloseTo(6, 1)
    // The square source is pillarboxed: black at the sides, picture in the middle.
    const f = await frameAt(blobOf(main), 3)
    expect(Math.max(...meanRgb(f, 0, 0.1))).toBeLessThan(30)
    expect(Math.max(...meanRgb(f, 0.4, 0.6))).toBeGreaterThan(60)
  })

  it('progress runs on the output timeline and ends at 1; the result lists the file', async () => {
    const long = await makeClip({ duration: 12, size: '640x360' })
    const { progress, outputs } = await render([long], {
      Output: { URI: 'mem://short.mp4', Container: 'mp4', MaxDuration: 6 },
      Edit: { VfxEffectMode: 'Sequential', VfxEffects: [{ VfxEffect: 'twolayer' }] },
    })
    console.info(`progress: ${progress.map((p) => p.toFixed(2)).join(' ')}`)
    expect(progress.length).toBeGreaterThan(1)
    expect(progress).toEqual([...progress].sort((x, y) => x - y))
    expect(progress.at(-1)).toBe(1)
    expect(outputs).toEqual([expect.objectContaining({ URI: 'mem://short.mp4', Size: expect.any(Number), Duration: 6 })])
    expect((await ffprobe(outputs[0]!.Blob!)).duration).toBeCloseTo(6, 1)
  })

  it('cancel stops ffmpeg (TaskCancelled, nothing written); the next render works', async () => {
    const long = await makeClip({ duration: 20, size: '320x180' })
    const probes = [await probeMedia(long)]
    const plan = buildEditPlan(request(1, { Edit: { VfxEffectMode: 'Sequential', VfxEffects: [{ VfxEffect: 'twolayer' }] } }), { probes }, { seed: 1 })
    const controller = new AbortController()
    const sink = memorySink()
    const pending = renderPlan(plan, { inputs: [long], sink }, {
      signal: controller.signal,
      onProgress: (f) => { if (f > 0.05) controller.abort() },
    })
    await expect(pending).rejects.toMatchObject({ Code: 'TaskCancelled' })
    expect(await sink.commit()).toEqual([])
    const again = await render([red])
    expect((await ffprobe(blobOf(again.main))).duration).toBeCloseTo(3, 1)
  })

  it('a hung ffmpeg is stopped by the watchdog (WorkerCrashed) and the next render works', async () => {
    // `select` drops every frame for a long while: ffmpeg is busy but no output time moves.
    const { FfmpegRunner } = await import('../../src/render/ffmpeg-runner.ts')
    const runner = new FfmpegRunner()
    const t0 = performance.now()
    const err = await runner.use((ff) => runner.exec(ff, ['-loglevel', 'error', '-stats', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25:d=100000',
      '-vf', 'select=gte(n\\,2000000)', '-f', 'null', '-'], { stallSeconds: 1 }))
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(HighlightError)
    expect((err as HighlightError).Code).toBe('WorkerCrashed')
    expect(performance.now() - t0).toBeLessThan(30_000)
    const ok = await runner.use((ff) => runner.exec(ff, ['-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=160x90:d=1', '-f', 'null', '-']))
    expect(ok.code).toBe(0)
  })
})
