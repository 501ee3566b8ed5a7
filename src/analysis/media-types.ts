/**
 * The decode stage's contract between the main thread (media-decoder.ts) and workers/media.worker.ts.
 */
import type { RgbaFrame } from './detectors.ts'
import type { AudioSeries, DecodePath, FrameSeries } from './types.ts'

export interface DecodeOptions {
  /** Width of the frames the cut features are computed on (height keeps the aspect, even). Default 128. */
  analysisWidth?: number
  /** Width of the frames handed to the models. Default 320. */
  modelWidth?: number
  /** Seconds between model frames (plus one frame just after each likely cut); 0 = no model frames. Default 1. */
  modelInterval?: number
  /** Decode the audio track (16 kHz mono, loudness and onsets; chunks go to onAudio). Default true. */
  audio?: boolean
  /** `auto` tries WebCodecs and falls back to ffmpeg.wasm for what it cannot decode. */
  path?: 'auto' | DecodePath
  /**
   * `full` decodes every frame (exact cuts). `keyframes` decodes only key packets: about 14x cheaper,
   * good for scoring frames and a rough cut list (a cut lands on the keyframe at or after it).
   */
  mode?: 'full' | 'keyframes'
  /** Where the ffmpeg.wasm core files are served (ffmpeg-core.js and .wasm). Default '/vendor/ffmpeg-core/'. */
  ffmpegCoreURL?: string
  /** Seconds per ffmpeg.wasm decode chunk (bounds memory on the fallback path). Default 20. */
  ffmpegChunkSeconds?: number
}

/** What a packet scan of the video track tells without decoding (models.md §8). */
export interface PacketScan {
  packets: number
  bytes: number
  /** Presentation times of the key packets. */
  keyframes: number[]
  /** Median seconds between keyframes. */
  medianGop: number
  milliseconds: number
}

export interface DecodedMedia {
  duration: number
  width: number
  height: number
  codec: string | null
  decodePath: DecodePath
  decodeMode: 'full' | 'keyframes'
  /** Why the fallback ran, when it did. */
  fallbackReason?: string
  frames: FrameSeries
  audio: AudioSeries | null
  scan: PacketScan | null
  timings: Record<string, number>
}

/** Callbacks the worker awaits (so a slow consumer slows the decode instead of piling up frames). */
export interface DecodeSinks {
  onProgress(fraction: number): void
  /** Model frames at modelWidth, in time order; their buffers are transferred. */
  onModelFrames(frames: RgbaFrame[]): Promise<void>
  /** 16 kHz mono audio in time order; the buffer is transferred. */
  onAudio(pcm16k: Float32Array): Promise<void>
}

export interface MediaWorkerApi {
  decode(file: Blob, options: DecodeOptions, sinks: DecodeSinks): Promise<DecodedMedia>
  scan(file: Blob): Promise<PacketScan | null>
  cancel(): void
}
