/**
 * Output settings of the plan: container, stream copy or encode, canvas size, frame rate, codecs and
 * rate control, from `Output` (imm-spec.md §2.5, §4) and the probes of the sources that are used.
 *
 * Stream copy: when nothing forces a re-encode (plain Concat: no transitions, effects, music, speed or
 * length cap), the sources agree on codecs and picture/sound parameters, the container takes their codecs,
 * and `Output.Video` asks for nothing else (absent or Codec `copy`), the sources are copied, not decoded.
 */
import { HighlightError, type HighlightRequest, type Container, type TranscodeVideo } from '../contract/index.ts'
import { displaySize, type MediaProbe } from '../io/media-probe.ts'
import { AUDIO_ENCODERS, VIDEO_ENCODERS, type AudioCodecName, type VideoCodecName } from './codecs.ts'
import { CONTAINER_FORMATS, containerForExtension } from './containers.ts'
import type { EdlAudioOutput, EdlOutput, EdlSegmentOutput, EdlVideoOutput } from './edl.ts'

const VIDEO_PATH = 'Output.Video.TranscodeVideo'
const AUDIO_PATH = 'Output.Audio.TranscodeAudio'

/** ffmpeg codec names of the sources -> IMM names, for deciding whether a container takes a copied stream. */
const SOURCE_VIDEO_CODECS: Record<string, VideoCodecName> = { h264: 'h264', hevc: 'h265', vp9: 'vp9' }
const SOURCE_AUDIO_CODECS: Record<string, AudioCodecName> = {
  aac: 'aac', mp3: 'mp3', opus: 'opus', vorbis: 'vorbis', flac: 'flac', ac3: 'ac3', pcm_s16le: 'pcm',
}

export const DEFAULT_CRF = 23
/** IMM's documented default key-frame interval (§4.1). */
export const DEFAULT_GOP = 150
export const DEFAULT_PRESET = 'ultrafast'

export interface OutputInput {
  request: HighlightRequest
  /** Probes of the sources the clips use, in clip order (duplicates allowed). */
  clipProbes: MediaProbe[]
  /** Why the clips cannot be copied (transitions, effects, ...), or null for a plain join. */
  reencodeReason: string | null
  preset: string
}

export function planOutput({ request, clipProbes, reencodeReason, preset }: OutputInput): EdlOutput {
  const out = request.Output
  const container = outputContainer(request)
  const format = CONTAINER_FORMATS[container]
  const segment: EdlSegmentOutput | null = out.Segment
    ? { format: out.Segment.Format, duration: out.Segment.Duration, startNumber: out.Segment.StartNumber }
    : null
  const tv = out.Video?.TranscodeVideo
  const ta = out.Audio?.TranscodeAudio
  const videoWanted = !out.Video?.DisableVideo && clipProbes.some((p) => p.video)
  const audioWanted = !out.Audio?.DisableAudio && clipProbes.some((p) => p.audio)

  const ref = clipProbes.find((p) => p.video)
  const refAudio = clipProbes.find((p) => p.audio)?.audio

  // Can the joined streams be copied as they are?
  const why = reencodeReason ?? incompatibility(clipProbes)
  const sourceVideo = ref?.video ? SOURCE_VIDEO_CODECS[ref.video.codec] : undefined
  const videoCopyWanted = tv === undefined || tv.Codec === 'copy'
  const videoCopyWhyNot = !videoWanted ? null
    : why ?? (!sourceVideo || !format.videoCodecs.includes(sourceVideo)
      ? `the ${container} container does not take ${ref?.video?.codec ?? 'this'} video`
      : segment && tv?.Codec !== 'copy' ? 'segments need key frames on the Segment.Duration grid' : null)
  const streamCopy = videoWanted ? videoCopyWanted && videoCopyWhyNot === null : why === null
  if (tv?.Codec === 'copy' && videoWanted && !streamCopy) {
    throw new HighlightError('InvalidArgument', `${VIDEO_PATH}.Codec copy cannot be used here: ${videoCopyWhyNot ?? why}`)
  }

  let video: EdlVideoOutput | null = null
  if (videoWanted && ref?.video) {
    const size = displaySize(ref.video)
    const fps = sourceFps(ref.video.fps)
    if (streamCopy) {
      video = { codec: 'copy', width: size.width, height: size.height, fps, pixelFormat: ref.video.pixelFormat ?? 'yuv420p',
        scaleType: 'fill', rotation: 0, preset }
    } else {
      video = encodedVideo(request, container, size, fps, preset)
    }
  }

  let audio: EdlAudioOutput | null = null
  if (audioWanted && refAudio) {
    const sourceAudio = SOURCE_AUDIO_CODECS[refAudio.codec]
    const audioCopy = streamCopy && (ta === undefined || ta.Codec === 'copy') &&
      sourceAudio !== undefined && format.audioCodecs.includes(sourceAudio)
    if (ta?.Codec === 'copy' && !audioCopy) {
      throw new HighlightError('InvalidArgument', `${AUDIO_PATH}.Codec copy cannot be used here: ${why ?? `the ${container} container does not take ${refAudio.codec} audio`}`)
    }
    audio = audioCopy
      ? { codec: 'copy', sampleRate: refAudio.sampleRate, channels: refAudio.channels }
      : encodedAudio(request, container, clipProbes)
  } else if (audioWanted === false && !out.Audio?.DisableAudio && request.Edit.BackgroundMusicMode !== 'Closed') {
    // No source has sound but music is asked for: the music alone is the soundtrack.
    audio = encodedAudio(request, container, clipProbes)
  }
  return { uri: out.URI, container, segment, video, audio }
}

/** The container: Output.Container, else the URI's extension, else mp4. */
export function outputContainer(request: HighlightRequest): Container {
  if (request.Output.Container) return request.Output.Container
  const ext = /\.([A-Za-z0-9]+)$/.exec(request.Output.URI)?.[1]
  return (ext && containerForExtension(ext)) || 'mp4'
}

/** Why these sources cannot be joined by copying, or null when they agree on every stream parameter. */
function incompatibility(probes: MediaProbe[]): string | null {
  const first = probes[0]
  if (!first) return 'there are no clips'
  for (const p of probes) {
    if (!!p.video !== !!first.video || !!p.audio !== !!first.audio) return 'the sources do not all have the same streams'
    if (p.video && first.video) {
      const a = p.video, b = first.video
      if (a.codec !== b.codec || a.width !== b.width || a.height !== b.height || a.rotation !== b.rotation ||
        Math.abs(a.fps - b.fps) > 0.01 || (a.pixelFormat ?? '') !== (b.pixelFormat ?? '')) return 'the sources differ in video codec, size, rotation or frame rate'
    }
    if (p.audio && first.audio) {
      const a = p.audio, b = first.audio
      if (a.codec !== b.codec || a.sampleRate !== b.sampleRate || a.channels !== b.channels) return 'the sources differ in audio codec, sample rate or channels'
    }
  }
  return null
}

function sourceFps(fps: number): number {
  return Number.isFinite(fps) && fps > 0 && fps <= 240 ? Math.round(fps * 1000) / 1000 : 25
}

const even = (n: number) => Math.max(2, 2 * Math.round(n / 2))

/** Canvas size from Resolution (WxH, Wx, xH), AdaptiveResolutionDirection and ResolutionOption. */
export function canvasSize(tv: TranscodeVideo | undefined, source: { width: number; height: number }): { width: number; height: number } {
  if (!tv?.Resolution) return { width: even(source.width), height: even(source.height) }
  const [ws, hs] = tv.Resolution.split('x')
  let w = ws ? Number(ws) : undefined
  let h = hs ? Number(hs) : undefined
  // Long x short side: turn it round for a portrait source.
  if (tv.AdaptiveResolutionDirection && source.height > source.width) [w, h] = [h, w]
  const aspect = source.width / source.height
  const width = w ?? (h! * aspect)
  const height = h ?? (w! / aspect)
  const option = tv.ResolutionOption ?? 'fixed'
  if (source.width < width || source.height < height) {
    if (option === 'adaptive') return { width: even(source.width), height: even(source.height) }
    if (option === 'fall') {
      throw new HighlightError('InvalidArgument',
        `${VIDEO_PATH}.Resolution ${tv.Resolution}: the source is ${source.width}x${source.height}, smaller than the target (ResolutionOption fall)`)
    }
  }
  return { width: even(width), height: even(height) }
}

function encodedVideo(request: HighlightRequest, container: Container, source: { width: number; height: number }, srcFps: number,
  preset: string): EdlVideoOutput {
  const tv = request.Output.Video?.TranscodeVideo
  const format = CONTAINER_FORMATS[container]
  const codec = tv?.Codec && tv.Codec !== 'copy' ? tv.Codec : format.defaultVideo
  if (!format.videoCodecs.includes(codec)) {
    throw new HighlightError('InvalidArgument', `${VIDEO_PATH}.Codec ${codec} cannot be written into Output.Container ${container} (it takes ${format.videoCodecs.join(', ')})`)
  }
  const pixelFormat = tv?.PixelFormat ?? 'yuv420p'
  if (!VIDEO_ENCODERS[codec].pixelFormats.includes(pixelFormat)) {
    throw new HighlightError('UnsupportedCapability', `${VIDEO_PATH}.PixelFormat ${pixelFormat} is not available for ${codec} in this build (${VIDEO_ENCODERS[codec].pixelFormats.join(', ')})`)
  }
  const { width, height } = canvasSize(tv, source)
  let fps = srcFps
  if (tv?.FrameRate !== undefined) {
    const option = tv.FrameRateOption ?? 'fixed'
    if (srcFps < tv.FrameRate && option === 'fall') {
      throw new HighlightError('InvalidArgument', `${VIDEO_PATH}.FrameRate ${tv.FrameRate}: the source runs at ${srcFps} fps (FrameRateOption fall)`)
    }
    fps = option === 'adaptive' ? Math.min(srcFps, tv.FrameRate) : tv.FrameRate
  }
  if (format.frameRates) fps = format.frameRates.reduce((a, b) => (Math.abs(b - fps) < Math.abs(a - fps) ? b : a))
  const rate = tv?.Bitrate !== undefined ? { bitrate: tv.Bitrate } : { crf: tv?.CRF ?? DEFAULT_CRF }
  return {
    codec, width, height, fps, pixelFormat,
    scaleType: tv?.ScaleType ?? 'fill',
    rotation: tv?.Rotation ?? 0,
    preset,
    ...rate,
    ...(tv?.MaxBitrate !== undefined ? { maxBitrate: tv.MaxBitrate } : {}),
    ...(tv?.BufferSize !== undefined ? { bufferSize: tv.BufferSize } : {}),
    gopSize: tv?.GOPSize ?? DEFAULT_GOP,
    ...(tv?.BFrames !== undefined ? { bFrames: tv.BFrames } : {}),
    ...(tv?.Refs !== undefined ? { refs: tv.Refs } : {}),
  }
}

function encodedAudio(request: HighlightRequest, container: Container, probes: MediaProbe[]): EdlAudioOutput {
  const ta = request.Output.Audio?.TranscodeAudio
  const format = CONTAINER_FORMATS[container]
  const requested = ta?.Codec && ta.Codec !== 'copy' ? ta.Codec : undefined
  if (requested === 'amr') throw new HighlightError('UnsupportedCapability', `${AUDIO_PATH}.Codec amr: this build has no AMR encoder`)
  const codec: AudioCodecName = requested ?? format.defaultAudio
  if (!format.audioCodecs.includes(codec)) {
    throw new HighlightError('InvalidArgument', `${AUDIO_PATH}.Codec ${codec} cannot be written into Output.Container ${container} (it takes ${format.audioCodecs.join(', ')})`)
  }
  const enc = AUDIO_ENCODERS[codec]
  const audios = probes.flatMap((p) => (p.audio ? [p.audio] : []))
  let sampleRate = ta?.SampleRate ?? audios[0]?.sampleRate ?? 48_000
  if (sampleRate === 12025) sampleRate = 11025
  if (enc.maxSampleRate && sampleRate > enc.maxSampleRate) sampleRate = enc.maxSampleRate
  if (enc.sampleRates && !enc.sampleRates.includes(sampleRate)) {
    if (ta?.SampleRate !== undefined) {
      throw new HighlightError('InvalidArgument', `${AUDIO_PATH}.SampleRate must be one of ${enc.sampleRates.join(', ')} for ${codec}`)
    }
    sampleRate = enc.sampleRates.includes(48_000) ? 48_000 : enc.sampleRates[enc.sampleRates.length - 1]!
  }
  // Unify mono and stereo: the widest source layout, at most stereo unless Channel asks for more.
  const channels = ta?.Channel ?? Math.min(2, Math.max(1, ...audios.map((a) => a.channels)))
  if (channels > enc.maxChannels) {
    throw new HighlightError('LimitExceededError', `${AUDIO_PATH}.Channel must be at most ${enc.maxChannels} for ${codec}`)
  }
  const rate = ta?.Bitrate !== undefined ? { bitrate: ta.Bitrate }
    : ta?.Quality !== undefined ? { quality: ta.Quality }
    : enc.defaultBitrate !== undefined ? { bitrate: enc.defaultBitrate } : {}
  return { codec, sampleRate, channels, ...rate, ...(ta?.BitsPerSample ? { bitsPerSample: ta.BitsPerSample } : {}) }
}
