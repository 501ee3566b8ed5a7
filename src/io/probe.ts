/**
 * Probes a media file: duration, container, first video and audio stream.
 * mediabunny (a pure-TS demuxer) reads MP4/MOV, Matroska/WebM, MPEG-TS, MP3, WAV, Ogg, ADTS and FLAC in
 * milliseconds without decoding; anything it cannot read (AVI, FLV, ASF, MXF, odd files) goes to
 * ffmpeg.wasm's ffprobe. Unreadable media is InvalidMedia naming the source.
 */
import { ALL_FORMATS, BlobSource, EncodedPacketSink, Input, type InputVideoTrack } from 'mediabunny'
import { HighlightError } from '../contract/index.ts'
import { sharedRunner, type FfmpegRunner } from '../render/ffmpeg-runner.ts'
import type { MediaProbe } from './media-probe.ts'

export type { MediaProbe } from './media-probe.ts'
export { displaySize } from './media-probe.ts'

/** mediabunny codec names -> ffmpeg's. */
const VIDEO_CODEC_NAMES: Record<string, string> = { avc: 'h264', hevc: 'hevc', vp9: 'vp9', vp8: 'vp8', av1: 'av1', prores: 'prores' }
const AUDIO_CODEC_NAMES: Record<string, string> = {
  aac: 'aac', mp3: 'mp3', opus: 'opus', vorbis: 'vorbis', flac: 'flac', ac3: 'ac3', eac3: 'eac3', dts: 'dts',
  'pcm-s16': 'pcm_s16le', 'pcm-s16be': 'pcm_s16be', 'pcm-s24': 'pcm_s24le', 'pcm-s32': 'pcm_s32le', 'pcm-f32': 'pcm_f32le',
  'pcm-u8': 'pcm_u8', ulaw: 'pcm_mulaw', alaw: 'pcm_alaw',
}

export async function probeMedia(file: Blob, name?: string, options: { runner?: FfmpegRunner } = {}): Promise<MediaProbe> {
  const label = name ?? (file instanceof File ? file.name : 'media')
  const fast = await probeWithMediabunny(file).catch(() => undefined)
  if (fast) return fast
  try {
    return await probeWithFfprobe(file, options.runner ?? sharedRunner())
  } catch (err) {
    if (err instanceof HighlightError && err.Code === 'TaskCancelled') throw err
    throw new HighlightError('InvalidMedia', `${label} could not be read as audio or video: ${(err as Error).message}`, { cause: err })
  }
}

async function probeWithMediabunny(file: Blob): Promise<MediaProbe | undefined> {
  const input = new Input({ source: new BlobSource(file), formats: ALL_FORMATS })
  try {
    return await readTracks(input)
  } finally {
    input.dispose()
  }
}

/**
 * How long each primary track really lasts (the end of its last packet), by mediabunny alone: a container's
 * duration is its longest track's, so a video that stops early behind a full-length audio track shows only here.
 * Undefined when mediabunny cannot read the file.
 */
export async function trackDurations(file: Blob): Promise<{ video?: number; audio?: number } | undefined> {
  const input = new Input({ source: new BlobSource(file), formats: ALL_FORMATS })
  try {
    const [video, audio] = await Promise.all([input.getPrimaryVideoTrack(), input.getPrimaryAudioTrack()])
    return {
      ...(video ? { video: await video.computeDuration() } : {}),
      ...(audio ? { audio: await audio.computeDuration() } : {}),
    }
  } catch {
    return undefined
  } finally {
    input.dispose()
  }
}

async function readTracks(input: Input): Promise<MediaProbe | undefined> {
  const format = await input.getFormat()
  const [videoTrack, audioTrack] = await Promise.all([input.getPrimaryVideoTrack(), input.getPrimaryAudioTrack()])
  if (!videoTrack && !audioTrack) return undefined
  const probe: MediaProbe = { duration: await input.computeDuration(), container: format.name.toLowerCase() }
  if (videoTrack) {
    const codec = await videoTrack.getCodec()
    probe.video = {
      codec: codec ? VIDEO_CODEC_NAMES[codec] ?? codec : 'unknown',
      width: await videoTrack.getCodedWidth(),
      height: await videoTrack.getCodedHeight(),
      fps: roundFps(await frameRate(videoTrack)),
      rotation: await videoTrack.getRotation(),
    }
  }
  if (audioTrack) {
    const codec = await audioTrack.getCodec()
    probe.audio = {
      codec: codec ? AUDIO_CODEC_NAMES[codec] ?? codec : 'unknown',
      sampleRate: await audioTrack.getSampleRate(),
      channels: await audioTrack.getNumberOfChannels(),
    }
  }
  if (!(probe.duration > 0)) return undefined
  return probe
}

/** Frame rate from the median packet duration of the first frames (exact for constant-rate video). */
async function frameRate(track: InputVideoTrack): Promise<number> {
  const sink = new EncodedPacketSink(track)
  const durations: number[] = []
  for (let p = await sink.getFirstPacket({ metadataOnly: true }); p && durations.length < 60; p = await sink.getNextPacket(p, { metadataOnly: true })) {
    if (p.duration > 0) durations.push(p.duration)
  }
  if (durations.length === 0) return (await track.computePacketStats(120)).averagePacketRate
  durations.sort((a, b) => a - b)
  return 1 / durations[Math.floor(durations.length / 2)]!
}

/** Snaps a measured rate to the nearest common one when within 0.2% (29.97, 25, 30, 60, ...). */
function roundFps(fps: number): number {
  const common = [23.976, 24, 25, 29.97, 30, 48, 50, 59.94, 60, 120]
  const near = common.reduce((a, b) => (Math.abs(b - fps) < Math.abs(a - fps) ? b : a))
  return Math.abs(near - fps) / near < 0.002 ? near : Math.round(fps * 1000) / 1000
}

interface FfprobeJson {
  format?: { duration?: string; format_name?: string }
  streams?: {
    codec_type?: string; codec_name?: string; width?: number; height?: number; avg_frame_rate?: string; r_frame_rate?: string
    pix_fmt?: string; sample_rate?: string; channels?: number; duration?: string
    side_data_list?: { rotation?: number }[]; tags?: { rotate?: string }
  }[]
}

let probeCount = 0

/** ffprobe inside ffmpeg.wasm, on the file mounted read-only. */
export async function probeWithFfprobe(file: Blob, runner: FfmpegRunner): Promise<MediaProbe> {
  const dir = `/probe${probeCount++}`
  const json = await runner.use(async (ff) => {
    await runner.mount(ff, dir, [{ name: 'media', data: file }])
    try {
      // ffprobe in the wasm build returns -1 even on success: the JSON file is the result.
      await ff.ffprobe(['-v', 'error', '-show_format', '-show_streams', '-of', 'json', `${dir}/media`, '-o', `${dir}.json`])
      const text = await ff.readFile(`${dir}.json`, 'utf8').catch(() => {
        throw new Error('ffprobe wrote no result')
      })
      await ff.deleteFile(`${dir}.json`)
      return JSON.parse(text as string) as FfprobeJson
    } finally {
      await ff.unmount(dir).catch(() => undefined)
      await ff.deleteDir(dir).catch(() => undefined)
    }
  })
  return fromFfprobe(json)
}

export function fromFfprobe(json: FfprobeJson): MediaProbe {
  const v = json.streams?.find((s) => s.codec_type === 'video' && s.codec_name !== 'mjpeg' && s.codec_name !== 'png')
  const a = json.streams?.find((s) => s.codec_type === 'audio')
  const duration = Number(json.format?.duration ?? v?.duration ?? a?.duration)
  if (!(duration > 0) || (!v && !a)) throw new Error('no audio or video stream with a duration')
  const rotation = -(v?.side_data_list?.find((d) => d.rotation !== undefined)?.rotation ?? -Number(v?.tags?.rotate ?? 0))
  return {
    duration,
    ...(json.format?.format_name ? { container: json.format.format_name } : {}),
    ...(v ? {
      video: {
        codec: v.codec_name ?? 'unknown', width: v.width ?? 0, height: v.height ?? 0,
        fps: roundFps(ratio(v.avg_frame_rate) || ratio(v.r_frame_rate) || 25),
        rotation: ((rotation % 360) + 360) % 360,
        ...(v.pix_fmt ? { pixelFormat: v.pix_fmt } : {}),
      },
    } : {}),
    ...(a ? { audio: { codec: a.codec_name ?? 'unknown', sampleRate: Number(a.sample_rate ?? 0), channels: a.channels ?? 0 } } : {}),
  }
}

function ratio(r: string | undefined): number {
  const [n, d] = (r ?? '').split('/').map(Number)
  return n && d ? n / d : 0
}
