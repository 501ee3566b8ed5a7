/**
 * IMM codec names -> ffmpeg encoders and how each turns the request's rate-control fields into options.
 * Both tables are data; `videoCodecArgs` / `audioCodecArgs` read them. The wasm build has every encoder
 * listed here (toolchain.md §3): libx264, libx265, libvpx-vp9, aac, libmp3lame, libopus, libvorbis, flac, ac3.
 */

/** Video codecs the engine can write (IMM's list minus `copy`, which is a mode, not an encoder). */
export type VideoCodecName = 'h264' | 'h265' | 'vp9'
/** Audio codecs the engine can write. `pcm` (16-bit little endian) exists for MXF, which takes nothing else. */
export type AudioCodecName = 'aac' | 'mp3' | 'opus' | 'vorbis' | 'flac' | 'ac3' | 'pcm'

export interface VideoEncoder {
  encoder: string
  /** Pixel formats the encoder in the wasm build takes (8-bit builds of x264/x265). */
  pixelFormats: readonly string[]
  /** Options for a quality target (CRF). */
  crf(crf: number): string[]
  /** Speed/quality preset options. */
  speed(preset: string): string[]
  /** Whether -bf means anything to the encoder. */
  bFrames: boolean
  /** Extra options when muxed into MP4/MOV (codec tag players expect). */
  mp4Args: readonly string[]
  /**
   * Whether the encoder works in the ffmpeg.wasm core (@ffmpeg/core 0.12.10). Measured: libx265 hangs
   * without output and libvpx-vp9 dies with "memory access out of bounds" at any size and option set.
   */
  inBrowser: boolean
}

export const VIDEO_ENCODERS: Readonly<Record<VideoCodecName, VideoEncoder>> = {
  h264: {
    encoder: 'libx264',
    pixelFormats: ['yuv420p', 'yuv422p', 'yuv444p'],
    crf: (crf) => ['-crf', num(crf)],
    speed: (preset) => ['-preset', preset],
    bFrames: true,
    mp4Args: [],
    inBrowser: true,
  },
  h265: {
    encoder: 'libx265',
    pixelFormats: ['yuv420p', 'yuv422p', 'yuv444p'],
    crf: (crf) => ['-crf', num(crf)],
    speed: (preset) => ['-preset', preset, '-x265-params', 'log-level=error'],
    bFrames: true,
    mp4Args: ['-tag:v', 'hvc1'],
    inBrowser: false,
  },
  vp9: {
    encoder: 'libvpx-vp9',
    pixelFormats: ['yuv420p', 'yuv422p', 'yuv444p', 'yuva420p'],
    // libvpx needs -b:v 0 for pure constant-quality mode; its CRF scale is 0..63.
    crf: (crf) => ['-crf', String(Math.round((crf * 63) / 51)), '-b:v', '0'],
    speed: (preset) => ['-deadline', 'realtime', '-cpu-used', preset === 'ultrafast' ? '8' : '5', '-row-mt', '1'],
    bFrames: false,
    mp4Args: [],
    inBrowser: false,
  },
}

export interface AudioEncoder {
  encoder: string
  /** Options for IMM's Quality 0..100 (higher is better). */
  quality(q: number): string[]
  /** Sample rates the encoder takes; undefined = any listed by IMM. */
  sampleRates?: readonly number[]
  maxSampleRate?: number
  maxChannels: number
  /** Bitrate used when the request gives neither Bitrate nor Quality (undefined = encoder default). */
  defaultBitrate?: number
  /**
   * Another encoder for more than one channel, when the main one fails there in the wasm build.
   * Measured: libopus dies with "memory access out of bounds" on stereo input in @ffmpeg/core 0.12.10 (mono works),
   * so stereo Opus at 48 kHz uses ffmpeg's own `opus` encoder, in native ffmpeg too (one argument list for both).
   */
  multichannel?: { encoder: string; options: readonly string[]; sampleRate: number; maxChannels: number }
}

/** Quality 0..100 as a bitrate from 32 kb/s to 256 kb/s, for encoders without a quality scale. */
const qualityAsBitrate = (q: number) => ['-b:a', String(Math.round(32_000 + q * 2_240))]

export const AUDIO_ENCODERS: Readonly<Record<AudioCodecName, AudioEncoder>> = {
  aac: { encoder: 'aac', quality: qualityAsBitrate, maxChannels: 8, defaultBitrate: 128_000 },
  // LAME's VBR scale runs 0 (best) .. 9 (smallest).
  mp3: { encoder: 'libmp3lame', quality: (q) => ['-q:a', num(9 - (q * 9) / 100)], maxSampleRate: 48_000, maxChannels: 2, defaultBitrate: 128_000 },
  opus: {
    encoder: 'libopus', quality: qualityAsBitrate, sampleRates: [8000, 12000, 16000, 24000, 48000], maxChannels: 8, defaultBitrate: 96_000,
    multichannel: { encoder: 'opus', options: ['-strict', 'experimental'], sampleRate: 48_000, maxChannels: 2 },
  },
  // Vorbis' quality scale runs -1 .. 10.
  vorbis: { encoder: 'libvorbis', quality: (q) => ['-q:a', num(q / 10)], maxChannels: 8 },
  // FLAC is lossless: Quality picks the compression effort instead.
  flac: { encoder: 'flac', quality: (q) => ['-compression_level', String(Math.round((q * 12) / 100))], maxChannels: 8 },
  ac3: { encoder: 'ac3', quality: qualityAsBitrate, sampleRates: [32000, 44100, 48000], maxChannels: 6, defaultBitrate: 192_000 },
  pcm: { encoder: 'pcm_s16le', quality: () => [], sampleRates: [48000], maxChannels: 8 },
}

/** The encoder and its extra options for an audio output (the multichannel variant where it applies). */
export function audioEncoderFor(codec: AudioCodecName, channels: number, sampleRate: number): { encoder: string; options: readonly string[]; inBrowser: boolean } {
  const enc = AUDIO_ENCODERS[codec]
  const multi = enc.multichannel
  if (!multi || channels < 2) return { encoder: enc.encoder, options: [], inBrowser: true }
  if (channels <= multi.maxChannels && sampleRate === multi.sampleRate) return { encoder: multi.encoder, options: multi.options, inBrowser: true }
  return { encoder: enc.encoder, options: [], inBrowser: false }
}

/** A number as ffmpeg reads it: plain decimal, never exponent notation, at most 6 decimals. */
export function num(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`not a finite number: ${x}`)
  if (Math.abs(x) < 5e-7) return '0'
  return x.toFixed(6).replace(/\.?0+$/, '')
}
