/**
 * The fast decode path (runs in the media worker): mediabunny demuxes, WebCodecs decodes, an
 * OffscreenCanvas scales each frame down for the cut features and, now and then, for the models.
 * Audio goes through mediabunny's AudioSampleSink (WebCodecs AudioDecoder) to 16 kHz mono.
 * Frames carry their real timestamps (variable frame rate is kept).
 */
import { ALL_FORMATS, AudioSampleSink, BlobSource, EncodedPacketSink, Input, type InputAudioTrack, type InputVideoTrack } from 'mediabunny'
import { AudioFeatureBuilder, ANALYSIS_SAMPLE_RATE } from './audio-features.ts'
import { FrameSink, scaledHeight } from './frame-sink.ts'
import { spanFramesFor } from './frame-series.ts'
import type { DecodedMedia, DecodeOptions, DecodeSinks, PacketScan } from './media-types.ts'
import { MonoResampler } from './resample.ts'
import { median } from './shots.ts'
import { downscaleYuv } from './yuv.ts'

export class DecodeCancelled extends Error {
  constructor() {
    super('decode cancelled')
  }
}

/** Thrown when WebCodecs cannot decode the track: the caller falls back to ffmpeg.wasm. */
export class NotDecodable extends Error {}

export interface MediaInfo {
  duration: number
  width: number
  height: number
  codec: string | null
  hasAudio: boolean
  fps: number
}

export function openInput(file: Blob): Input {
  return new Input({ source: new BlobSource(file), formats: ALL_FORMATS })
}

export async function probe(input: Input): Promise<MediaInfo> {
  const video = await input.getPrimaryVideoTrack()
  const audio = await input.getPrimaryAudioTrack()
  const rate = video ? await video.computePacketStats(100).then((s) => s.averagePacketRate).catch(() => 25) : 0
  return {
    duration: await input.computeDuration(),
    width: video ? await video.getDisplayWidth() : 0,
    height: video ? await video.getDisplayHeight() : 0,
    codec: video?.codec ?? null,
    hasAudio: audio !== null,
    fps: rate,
  }
}

/** Sizes, key flags and timestamps of every video packet, without decoding (about 0.1 s per file). */
export async function scanPackets(track: InputVideoTrack): Promise<PacketScan> {
  const t0 = performance.now()
  let packets = 0
  let bytes = 0
  const keyframes: number[] = []
  for await (const p of new EncodedPacketSink(track).packets(undefined, undefined, { metadataOnly: true })) {
    packets++
    bytes += p.byteLength
    if (p.type === 'key') keyframes.push(p.timestamp)
  }
  keyframes.sort((a, b) => a - b)
  const gaps = keyframes.slice(1).map((t, i) => t - keyframes[i]!)
  return { packets, bytes, keyframes, medianGop: median(gaps), milliseconds: performance.now() - t0 }
}

export async function decodeWithWebCodecs(
  input: Input, info: MediaInfo, options: Required<DecodeOptions>, sinks: DecodeSinks, cancelled: () => boolean,
): Promise<Omit<DecodedMedia, 'scan'>> {
  const timings: Record<string, number> = {}
  const video = await input.getPrimaryVideoTrack()
  const sink = new FrameSink(spanFramesFor(info.fps), options.modelInterval, (frames) => sinks.onModelFrames(frames))
  if (video) {
    const config = await video.getDecoderConfig()
    if (!config) throw new NotDecodable(`codec ${video.codec ?? 'unknown'} has no WebCodecs configuration`)
    const support = await VideoDecoder.isConfigSupported(config).catch(() => ({ supported: false }))
    if (!support.supported) throw new NotDecodable(`WebCodecs cannot decode ${config.codec}`)
    const t0 = performance.now()
    await decodeVideo(video, config, info, options, sink, sinks, cancelled)
    timings.videoDecode = performance.now() - t0
  }
  await sink.flush(true)

  let audio = null
  const audioTrack = options.audio ? await input.getPrimaryAudioTrack() : null
  if (audioTrack && (await audioTrack.canDecode())) {
    const t0 = performance.now()
    audio = await decodeAudio(audioTrack, sinks, cancelled)
    timings.audioDecode = performance.now() - t0
  }
  return {
    duration: info.duration, width: info.width, height: info.height, codec: info.codec,
    decodePath: 'webcodecs', decodeMode: options.mode, frames: sink.features.series, audio, timings,
  }
}

async function decodeVideo(
  track: InputVideoTrack, config: VideoDecoderConfig, info: MediaInfo, options: Required<DecodeOptions>,
  sink: FrameSink, sinks: DecodeSinks, cancelled: () => boolean,
): Promise<void> {
  const aw = options.analysisWidth
  const ah = scaledHeight(aw, info.width, info.height)
  const mw = options.modelWidth
  const mh = scaledHeight(mw, info.width, info.height)
  const large = context2d(mw, mh)
  const scaler = new FrameScaler(aw, ah)
  let failure: unknown = null
  // Frames are handled one after another (copyTo is asynchronous) and closed as soon as they are read:
  // a decoder has only a few frames to lend.
  let chain: Promise<void> = Promise.resolve()
  let open = 0
  const handle = async (frame: VideoFrame) => {
    try {
      const time = frame.timestamp / 1e6
      if (sink.addAnalysisFrame(await scaler.read(frame), aw, ah, time)) {
        large.drawImage(frame, 0, 0, mw, mh)
        sink.addModelFrame({ width: mw, height: mh, data: large.getImageData(0, 0, mw, mh).data, time })
      }
    } catch (err) {
      failure ??= err
    } finally {
      frame.close()
      open--
    }
  }
  const decoder = new VideoDecoder({
    output: (frame) => {
      open++
      chain = chain.then(() => handle(frame))
    },
    error: (err) => { failure ??= err },
  })
  decoder.configure(config)
  const progress = throttled(sinks.onProgress)
  try {
    for await (const packet of new EncodedPacketSink(track).packets()) {
      if (cancelled()) throw new DecodeCancelled()
      if (failure) throw failure
      if (options.mode === 'keyframes' && packet.type !== 'key') continue
      decoder.decode(packet.toEncodedVideoChunk())
      while (decoder.decodeQueueSize > 4) await new Promise((resolve) => decoder.addEventListener('dequeue', resolve, { once: true }))
      if (open > 2) await chain
      await sink.flush()
      if (info.duration > 0) progress(Math.min(1, packet.timestamp / info.duration))
    }
    await decoder.flush()
    await chain
    if (failure) throw failure
  } finally {
    if (decoder.state !== 'closed') decoder.close()
  }
}

/** 16 kHz mono in about one-second chunks: features here, the samples to the speech model. */
async function decodeAudio(track: InputAudioTrack, sinks: DecodeSinks, cancelled: () => boolean) {
  const features = new AudioFeatureBuilder()
  let resampler: MonoResampler | null = null
  let pending: Float32Array[] = []
  let pendingLength = 0
  const send = async () => {
    if (pendingLength === 0) return
    const chunk = new Float32Array(pendingLength)
    let o = 0
    for (const p of pending) { chunk.set(p, o); o += p.length }
    pending = []
    pendingLength = 0
    features.push(chunk)
    await sinks.onAudio(chunk)
  }
  for await (const sample of new AudioSampleSink(track).samples()) {
    try {
      if (cancelled()) throw new DecodeCancelled()
      resampler ??= new MonoResampler(sample.sampleRate, ANALYSIS_SAMPLE_RATE)
      const planes = Array.from({ length: sample.numberOfChannels }, (_, c) => {
        const plane = new Float32Array(sample.numberOfFrames)
        sample.copyTo(plane, { planeIndex: c, format: 'f32-planar' })
        return plane
      })
      const out = resampler.push(planes)
      pending.push(out.slice())
      pendingLength += out.length
    } finally {
      sample.close()
    }
    if (pendingLength >= ANALYSIS_SAMPLE_RATE) await send()
  }
  await send()
  return features.finish()
}

/** Reads a VideoFrame as small RGBA: from its YUV planes when it has them, else through a canvas. */
class FrameScaler {
  private planes: Uint8Array | null = null
  private readonly rgba: Uint8ClampedArray
  private readonly canvas: OffscreenCanvasRenderingContext2D

  constructor(private readonly width: number, private readonly height: number) {
    this.rgba = new Uint8ClampedArray(width * height * 4)
    this.canvas = context2d(width, height)
  }

  async read(frame: VideoFrame): Promise<Uint8ClampedArray> {
    const format = frame.format
    if (format === 'I420' || format === 'I420A' || format === 'NV12') {
      const size = frame.allocationSize()
      if (!this.planes || this.planes.length < size) this.planes = new Uint8Array(size)
      const layout = await frame.copyTo(this.planes)
      return downscaleYuv(
        { format: format === 'NV12' ? 'NV12' : 'I420', width: frame.visibleRect?.width ?? frame.codedWidth, height: frame.visibleRect?.height ?? frame.codedHeight, data: this.planes, layout },
        this.width, this.height, frame.colorSpace.matrix, frame.colorSpace.fullRange ?? false, this.rgba,
      )
    }
    this.canvas.drawImage(frame, 0, 0, this.width, this.height)
    return this.canvas.getImageData(0, 0, this.width, this.height).data
  }
}

/** Progress at most every 100 ms (each call is a message to the main thread). */
function throttled(report: (f: number) => void): (f: number) => void {
  let last = 0
  return (f) => {
    const now = performance.now()
    if (now - last < 100 && f < 1) return
    last = now
    report(f)
  }
}

function context2d(width: number, height: number): OffscreenCanvasRenderingContext2D {
  const ctx = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true })
  if (!ctx) throw new Error('no 2d context for an OffscreenCanvas')
  return ctx
}
