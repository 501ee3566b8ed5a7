/**
 * Media worker: decodes one source for analysis. WebCodecs (fed by mediabunny) first; ffmpeg.wasm
 * for what WebCodecs cannot decode. Frames stay small (128 px for cut features, 320 px for the
 * models) and flow out in awaited batches with their buffers transferred; nothing holds the whole
 * decoded video.
 */
import * as Comlink from 'comlink'
import { decodeWithFfmpeg } from '../src/analysis/decode-ffmpeg.ts'
import { DecodeCancelled, decodeWithWebCodecs, NotDecodable, openInput, probe, scanPackets } from '../src/analysis/decode-webcodecs.ts'
import type { RgbaFrame } from '../src/analysis/detectors.ts'
import type { DecodedMedia, DecodeOptions, DecodeSinks, MediaWorkerApi, PacketScan } from '../src/analysis/media-types.ts'

const DEFAULTS: Required<DecodeOptions> = {
  analysisWidth: 128, modelWidth: 320, modelInterval: 1, audio: true, path: 'auto', mode: 'full',
  ffmpegCoreURL: '/vendor/ffmpeg-core/', ffmpegChunkSeconds: 20,
}

let cancelled = false

/** Sinks that transfer their buffers to the main thread instead of copying them. */
function transferring(sinks: DecodeSinks): DecodeSinks {
  return {
    onProgress: (f) => sinks.onProgress(f),
    onModelFrames: (frames: RgbaFrame[]) => sinks.onModelFrames(Comlink.transfer(frames, frames.map((f) => f.data.buffer as ArrayBuffer))),
    onAudio: (pcm) => sinks.onAudio(Comlink.transfer(pcm, [pcm.buffer as ArrayBuffer])),
  }
}

const api: MediaWorkerApi = {
  async decode(file, options, sinks): Promise<DecodedMedia> {
    cancelled = false
    const o = { ...DEFAULTS, ...options }
    const out = transferring(sinks)
    const input = openInput(file)
    try {
      const info = await probe(input)
      const video = await input.getPrimaryVideoTrack()
      const scan: PacketScan | null = video ? await scanPackets(video) : null
      const isCancelled = () => cancelled
      if (o.path !== 'ffmpeg.wasm') {
        try {
          return { ...(await decodeWithWebCodecs(input, info, o, out, isCancelled)), scan }
        } catch (err) {
          if (!(err instanceof NotDecodable) || o.path === 'webcodecs') throw err
          const fallback = await decodeWithFfmpeg(file, info, o, out, isCancelled)
          return { ...fallback, scan, fallbackReason: err.message }
        }
      }
      return { ...(await decodeWithFfmpeg(file, info, { ...o, mode: 'full' }, out, isCancelled)), scan }
    } catch (err) {
      if (err instanceof DecodeCancelled) throw new Error('TaskCancelled: decode cancelled')
      throw err
    } finally {
      input.dispose()
    }
  },

  async scan(file) {
    const input = openInput(file)
    try {
      const video = await input.getPrimaryVideoTrack()
      return video ? await scanPackets(video) : null
    } finally {
      input.dispose()
    }
  },

  cancel() {
    cancelled = true
  },
}

Comlink.expose(api)
