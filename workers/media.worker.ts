/**
 * Media worker: decodes one source for analysis. WebCodecs (fed by mediabunny) first; ffmpeg.wasm
 * for what WebCodecs cannot decode, and again for a source whose WebCodecs decode fails mid-stream
 * (corrupted packets: ffmpeg's decoders conceal the damage and go on). Frames stay small (128 px for
 * cut features, 320 px for the models) and flow out in awaited batches with their buffers
 * transferred; nothing holds the whole decoded video.
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

/**
 * What the consumer has already received, so a second decode of the same source (the fallback after a
 * mid-stream failure) hands over only what is new: model frames after the last one delivered, audio
 * after the samples delivered, and progress that never goes back. It also tells a failure of the
 * consumer (a model worker that died behind onModelFrames) from a failure of the decoder: only the
 * latter is worth a second decode.
 */
class Delivery {
  consumerFailed = false
  private progress = 0
  private lastModelTime = Number.NEGATIVE_INFINITY
  private audioSamples = 0
  private replay = { modelTime: Number.NEGATIVE_INFINITY, audioSamples: 0 }

  constructor(private readonly sinks: DecodeSinks) {}

  /** From now on, drop what the consumer already has. */
  startReplay(): void {
    this.replay = { modelTime: this.lastModelTime, audioSamples: this.audioSamples }
    this.audioSamples = 0
  }

  readonly out: DecodeSinks = {
    onProgress: (f) => {
      if (f <= this.progress) return
      this.progress = f
      this.sinks.onProgress(f)
    },
    onModelFrames: async (frames) => {
      const fresh = frames.filter((f) => f.time > this.replay.modelTime + 1e-6)
      if (fresh.length === 0) return
      this.lastModelTime = Math.max(this.lastModelTime, fresh.at(-1)!.time)
      await this.consume(() => this.sinks.onModelFrames(fresh))
    },
    onAudio: async (pcm) => {
      const before = this.audioSamples
      this.audioSamples += pcm.length
      const skip = Math.max(0, Math.min(pcm.length, this.replay.audioSamples - before))
      if (skip === pcm.length) return
      await this.consume(() => this.sinks.onAudio(skip > 0 ? pcm.slice(skip) : pcm))
    },
  }

  private async consume(hand: () => Promise<void>): Promise<void> {
    try {
      await hand()
    } catch (err) {
      this.consumerFailed = true
      throw err
    }
  }
}

const api: MediaWorkerApi = {
  async decode(file, options, sinks): Promise<DecodedMedia> {
    cancelled = false
    const o = { ...DEFAULTS, ...options }
    const delivery = new Delivery(transferring(sinks))
    const out = delivery.out
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
          if (err instanceof DecodeCancelled || delivery.consumerFailed || o.path === 'webcodecs') throw err
          const reason = err instanceof NotDecodable
            ? err.message
            : `WebCodecs failed while decoding (${messageOf(err)})`
          delivery.startReplay()
          const fallback = await decodeWithFfmpeg(file, info, { ...o, mode: 'full' }, out, isCancelled).catch((second: unknown) => {
            if (second instanceof DecodeCancelled || delivery.consumerFailed) throw second
            throw new Error(`${reason}; ffmpeg.wasm could not decode it either: ${messageOf(second)}`, { cause: second })
          })
          return { ...fallback, scan, fallbackReason: reason }
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

/** DOMExceptions (the WebCodecs decoder's errors) carry their text in message too; keep their name. */
function messageOf(err: unknown): string {
  if (err instanceof DOMException) return `${err.name}: ${err.message}`
  return err instanceof Error ? err.message : String(err)
}

Comlink.expose(api)
