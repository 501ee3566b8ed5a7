/**
 * Output side in real ffmpeg.wasm: every container opens, Output.Video / Output.Audio settings land in the
 * file, HLS and DASH are well formed, and the sinks and input resolver behave (OPFS, memory, callback).
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { CONTAINERS, parseRequest, type HighlightRequestInput } from '../../src/contract/index.ts'
import { buildEditPlan } from '../../src/edit/plan.ts'
import { CONTAINER_FORMATS } from '../../src/edit/containers.ts'
import { probeMedia, type MediaProbe } from '../../src/io/probe.ts'
import { callbackSink, memorySink, opfsSink, type OutputSink } from '../../src/io/outputs.ts'
import { InputResolver } from '../../src/io/inputs.ts'
import { renderPlan } from '../../src/render/render.ts'
import { ffprobe, ffprobeJson, makeClip } from './support/media.ts'

let clips: File[] = []
let probes: MediaProbe[] = []
beforeAll(async () => {
  clips = [await makeClip({ duration: 2 }), await makeClip({ video: 'smptebars', duration: 2, tone: 880 })]
  probes = await Promise.all(clips.map((c) => probeMedia(c)))
})

const planFor = (output: Record<string, unknown>, over: Partial<HighlightRequestInput> = {}) => buildEditPlan(parseRequest({
  ProjectName: 'test', Type: 'Concat', Sources: [{ URI: 'local://a.mp4' }, { URI: 'local://b.mp4' }],
  Output: { URI: 'mem://out/result.mp4', ...output }, ...over,
}), { probes }, { seed: 1 })

const renderTo = (output: Record<string, unknown>, sink: OutputSink = memorySink(), over: Partial<HighlightRequestInput> = {}) => {
  const plan = planFor(output, over)
  return renderPlan(plan, { inputs: clips, sink }).then((outputs) => ({ plan, outputs }))
}

type Streams = { streams: { codec_type: string; codec_name: string; width?: number; height?: number; sample_rate?: string; channels?: number; r_frame_rate?: string; pix_fmt?: string }[]; format: { duration?: string } }

describe('containers', () => {
  it.each(CONTAINERS)('%s: encoded output opens with the default codec pair', async (container) => {
    const ext = CONTAINER_FORMATS[container].extension
    const { plan, outputs } = await renderTo({ URI: `mem://out/c.${ext}`, Container: container, Speed: 0.9 })
    const json = (await ffprobeJson(outputs[0]!.Blob!)) as Streams
    const byType = Object.fromEntries(json.streams.map((s) => [s.codec_type, s.codec_name]))
    const audioName = { aac: 'aac', mp3: 'mp3', pcm: 'pcm_s16le' }[plan.output.audio!.codec as string]
    expect(byType).toEqual({ video: 'h264', audio: audioName })
    expect(Number(json.format.duration)).toBeCloseTo(4 / 0.9, 0)
  })

  it.each(['mkv', 'ts', 'mov', 'flv'] as const)('%s: a plain Concat is copied and opens', async (container) => {
    const { plan, outputs } = await renderTo({ URI: `mem://out/copy.${container}`, Container: container })
    expect(plan.output.video?.codec).toBe('copy')
    const p = await ffprobe(outputs[0]!.Blob!)
    expect(p.duration).toBeCloseTo(4, 0)
    expect(p.video?.codec).toBe('h264')
  })

  it('a plain Concat with Output.Audio copies the video and encodes only the sound', async () => {
    const { plan, outputs } = await renderTo({ URI: 'mem://out/copy-opus.mkv', Container: 'mkv', Audio: { TranscodeAudio: { Codec: 'opus', Bitrate: 64000 } } })
    expect(plan.output.video?.codec).toBe('copy')
    expect(plan.output.audio?.codec).toBe('opus')
    const p = await ffprobe(outputs[0]!.Blob!)
    expect(p.video?.codec).toBe('h264')
    expect(p.audio?.codec).toBe('opus')
    expect(p.duration).toBeCloseTo(4, 0)
  })
})

describe('Output.Video and Output.Audio', () => {
  it('h264 at 320x180, 15 fps, CRF 30, Bitrate caps and GOPSize; h265 and vp9 are refused as UnsupportedCapability', async () => {
    const { outputs } = await renderTo({ URI: 'mem://v.mp4', Container: 'mp4',
      Video: { TranscodeVideo: { Codec: 'h264', Resolution: '320x180', FrameRate: 15, CRF: 30, MaxBitrate: 300000, BufferSize: 600000, GOPSize: 10 } } })
    const p = await ffprobe(outputs[0]!.Blob!)
    expect(p.video).toMatchObject({ codec: 'h264', width: 320, height: 180, fps: 15 })
    for (const Codec of ['h265', 'vp9']) {
      await expect(renderTo({ URI: 'mem://v.mkv', Container: 'mkv', Video: { TranscodeVideo: { Codec } } }))
        .rejects.toMatchObject({ Code: 'UnsupportedCapability', Message: expect.stringContaining(`Codec ${Codec}`) })
    }
  })

  it.each([
    ['opus', { Codec: 'opus', SampleRate: 24000, Channel: 1, Bitrate: 32000 }, { channels: 1 }],
    ['vorbis', { Codec: 'vorbis', Quality: 50 }, { channels: 2 }],
    ['flac', { Codec: 'flac', BitsPerSample: 24 }, { channels: 2 }],
    ['ac3', { Codec: 'ac3', Channel: 1 }, { channels: 1 }],
  ] as const)('%s audio in MKV', async (codec, TranscodeAudio, expected) => {
    const { outputs } = await renderTo({ URI: `mem://a-${codec}.mkv`, Container: 'mkv', Audio: { TranscodeAudio } })
    const p = await ffprobe(outputs[0]!.Blob!)
    expect(p.audio).toMatchObject({ codec, ...expected })
    expect(p.video?.codec).toBe('h264')
  })

  it('Rotation 90 turns the picture (height x width); yuv444p; mp3 at 44.1 kHz', async () => {
    const { outputs } = await renderTo({ URI: 'mem://r.mp4', Container: 'mp4',
      Video: { TranscodeVideo: { Codec: 'h264', Rotation: 90, PixelFormat: 'yuv444p' } },
      Audio: { TranscodeAudio: { Codec: 'mp3', SampleRate: 44100 } } })
    const p = await ffprobe(outputs[0]!.Blob!)
    expect(p.video).toMatchObject({ width: 90, height: 160, pixelFormat: 'yuv444p' })
    expect(p.audio).toMatchObject({ codec: 'mp3', sampleRate: 44100 })
  })

  it('DisableAudio and DisableVideo leave one stream', async () => {
    const { outputs } = await renderTo({ URI: 'mem://na.mp4', Container: 'mp4', Audio: { DisableAudio: true } })
    const p = await ffprobe(outputs[0]!.Blob!)
    expect(p.video).toBeDefined()
    expect(p.audio).toBeUndefined()
    const { outputs: o2 } = await renderTo({ URI: 'mem://nv.mp4', Container: 'mp4', Video: { DisableVideo: true } })
    const q = await ffprobe(o2[0]!.Blob!)
    expect(q.video).toBeUndefined()
    expect(q.audio?.codec).toBe('aac')
    expect(q.duration).toBeCloseTo(4, 0)
  })
})

describe('segments', () => {
  it('HLS: a VOD playlist, segments of Segment.Duration numbered from StartNumber, beside the playlist', async () => {
    const { outputs } = await renderTo({ URI: 'mem://hls/show.m3u8', Container: 'ts', Segment: { Format: 'hls', Duration: 1, StartNumber: 5 } })
    const playlist = outputs.find((o) => o.URI === 'mem://hls/show.m3u8')!
    const text = await playlist.Blob!.text()
    expect(text.startsWith('#EXTM3U')).toBe(true)
    expect(text).toContain('#EXT-X-PLAYLIST-TYPE:VOD')
    expect(text).toContain('#EXT-X-MEDIA-SEQUENCE:5')
    expect(text).toContain('#EXT-X-ENDLIST')
    const durations = [...text.matchAll(/#EXTINF:([\d.]+),\n(.+)/g)].map((m) => [Number(m[1]), m[2]] as const)
    expect(durations.map(([, name]) => name)).toEqual(['show_00005.ts', 'show_00006.ts', 'show_00007.ts', 'show_00008.ts'])
    for (const [d] of durations) expect(d).toBeCloseTo(1, 1)
    const segments = outputs.filter((o) => o !== playlist)
    expect(segments.map((s) => s.URI)).toEqual(durations.map(([, n]) => `mem://hls/${n}`))
    expect(segments.every((s) => s.Duration !== undefined && s.Size > 0)).toBe(true)
    const first = await ffprobe(segments[0]!.Blob!)
    expect(first.video?.codec).toBe('h264')
  })

  it('HLS with fMP4 segments for Container mp4', async () => {
    const { outputs } = await renderTo({ URI: 'mem://hls/f.m3u8', Container: 'mp4', Segment: { Format: 'hls', Duration: 2 } })
    const text = await outputs.find((o) => o.URI === 'mem://hls/f.m3u8')!.Blob!.text()
    expect(text).toContain('#EXT-X-MAP:URI="f_init.mp4"')
    expect(outputs.map((o) => o.URI)).toContain('mem://hls/f_init.mp4')
    expect(text.match(/#EXTINF/g)).toHaveLength(2)
  })

  it('DASH: the MPD parses and names segments that were written', async () => {
    const { outputs } = await renderTo({ URI: 'mem://dash/show.mpd', Container: 'mp4', Segment: { Format: 'dash', Duration: 1 } })
    const mpd = outputs.find((o) => o.URI === 'mem://dash/show.mpd')!
    const doc = new DOMParser().parseFromString(await mpd.Blob!.text(), 'application/xml')
    expect(doc.querySelector('parsererror')).toBeNull()
    const root = doc.documentElement
    expect(root.nodeName).toBe('MPD')
    expect(root.getAttribute('type')).toBe('static')
    expect(root.getAttribute('mediaPresentationDuration')).toMatch(/^PT/)
    expect(doc.getElementsByTagName('AdaptationSet').length).toBe(2)
    const names = outputs.map((o) => o.URI.replace('mem://dash/', ''))
    expect(names).toContain('show_init_0.m4s')
    expect(names).toContain('show_init_1.m4s')
    expect(names.filter((n) => /^show_0_\d{5}\.m4s$/.test(n)).length).toBeGreaterThanOrEqual(4)
  })
})

describe('sinks and inputs', () => {
  it('OPFS: written under its name via a temporary file, never replaced silently, nothing left by a failure', async () => {
    const root = await navigator.storage.getDirectory()
    await root.removeEntry('renders', { recursive: true }).catch(() => undefined)
    const { outputs } = await renderTo({ URI: 'opfs://renders/out.mp4', Container: 'mp4' }, opfsSink())
    expect(outputs[0]).toMatchObject({ URI: 'opfs://renders/out.mp4', Duration: 4 })
    const dir = await root.getDirectoryHandle('renders')
    const file = await (await dir.getFileHandle('out.mp4')).getFile()
    expect(file.size).toBe(outputs[0]!.Size)
    expect((await ffprobe(file)).duration).toBeCloseTo(4, 0)
    await expect(renderTo({ URI: 'opfs://renders/out.mp4', Container: 'mp4' }, opfsSink())).rejects.toMatchObject({ Code: 'ResourceAlreadyExists' })
    const replaced = await renderTo({ URI: 'opfs://renders/out.mp4', Container: 'mp4', Speed: 0.5 }, opfsSink({ overwrite: true }))
    expect((await (await dir.getFileHandle('out.mp4')).getFile()).size).toBe(replaced.outputs[0]!.Size)
    // A cancelled render leaves neither the output nor a temporary file.
    const controller = new AbortController()
    const plan = planFor({ URI: 'opfs://renders/cancelled.mp4', Container: 'mp4', Speed: 0.5 })
    const pending = renderPlan(plan, { inputs: clips, sink: opfsSink() }, { signal: controller.signal })
    setTimeout(() => controller.abort(), 50)
    await expect(pending).rejects.toMatchObject({ Code: 'TaskCancelled' })
    const names: string[] = []
    for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name)
    expect(names).toEqual(['out.mp4'])
  })

  it('callback sink gets each file at commit; memory sink hands back Blobs', async () => {
    const got: string[] = []
    const { outputs } = await renderTo({ URI: 'oss://bucket/h/x.m3u8', Container: 'ts', Segment: { Format: 'hls', Duration: 2 } },
      callbackSink(async ({ uri, data }) => void got.push(`${uri}:${data.size > 0}`)))
    expect(got).toEqual(['oss://bucket/h/x_00000.ts:true', 'oss://bucket/h/x_00001.ts:true', 'oss://bucket/h/x.m3u8:true'])
    expect(outputs.every((o) => o.Blob === undefined)).toBe(true)
  })

  it('InputResolver: registered files, blob: URLs, opfs:// paths, a user resolver, and a named error', async () => {
    const seen: string[] = []
    const resolver = new InputResolver({ resolve: async (uri) => (uri.startsWith('oss://') ? (seen.push(uri), clips[1]) : undefined) })
    resolver.register('local://a.mp4', clips[0]!)
    expect((await resolver.resolve('local://a.mp4')).size).toBe(clips[0]!.size)
    const url = URL.createObjectURL(clips[1]!)
    const fromUrl = await resolver.resolve(url)
    expect(fromUrl.size).toBe(clips[1]!.size)
    URL.revokeObjectURL(url)
    const root = await navigator.storage.getDirectory()
    const dir = await root.getDirectoryHandle('inputs', { create: true })
    const w = await (await dir.getFileHandle('in.mp4', { create: true })).createWritable()
    await w.write(clips[0]!)
    await w.close()
    expect((await resolver.resolve('opfs://inputs/in.mp4')).size).toBe(clips[0]!.size)
    expect((await resolver.resolve('oss://bucket/b.mp4')).size).toBe(clips[1]!.size)
    expect(seen).toEqual(['oss://bucket/b.mp4'])
    await expect(resolver.resolve('ftp://x/y.mp4')).rejects.toMatchObject({ Code: 'ResourceNotFound', Message: expect.stringContaining('ftp://x/y.mp4') })
    await expect(resolver.resolve('opfs://inputs/missing.mp4')).rejects.toMatchObject({ Code: 'ResourceNotFound' })
    await expect(resolver.resolve('opfs://inputs/../x')).rejects.toMatchObject({ Code: 'InvalidArgument' })
  })
})
