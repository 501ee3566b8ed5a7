/**
 * Output containers (IMM `Output.Container`) -> ffmpeg muxer, file extension, the codecs used when the
 * request names none, and the codecs the engine accepts in it. The accepted lists were checked with
 * ffmpeg 5.1 (the wasm build's version): each pair muxes and the result opens again (docs/render.md).
 * They are narrower than what the muxers take where a combination muxes but plays almost nowhere
 * (vp9 in MPEG-TS, vorbis in MP4).
 */
import type { Container } from '../contract/index.ts'
import type { AudioCodecName, VideoCodecName } from './codecs.ts'

export interface ContainerFormat {
  /** ffmpeg `-f` muxer name. */
  muxer: string
  extension: string
  defaultVideo: VideoCodecName
  defaultAudio: AudioCodecName
  videoCodecs: readonly VideoCodecName[]
  audioCodecs: readonly AudioCodecName[]
  /** Extra muxer options, e.g. moving the MP4 index to the front so the file plays while downloading. */
  muxerArgs: readonly string[]
  /** Frame rates the muxer allows, when it restricts them (MXF). */
  frameRates?: readonly number[]
}

export const CONTAINER_FORMATS: Readonly<Record<Container, ContainerFormat>> = {
  mp4: {
    muxer: 'mp4', extension: 'mp4', defaultVideo: 'h264', defaultAudio: 'aac',
    videoCodecs: ['h264', 'h265', 'vp9'], audioCodecs: ['aac', 'mp3', 'opus', 'ac3'],
    muxerArgs: ['-movflags', '+faststart'],
  },
  mov: {
    muxer: 'mov', extension: 'mov', defaultVideo: 'h264', defaultAudio: 'aac',
    videoCodecs: ['h264', 'h265'], audioCodecs: ['aac', 'mp3', 'ac3'],
    muxerArgs: ['-movflags', '+faststart'],
  },
  mkv: {
    muxer: 'matroska', extension: 'mkv', defaultVideo: 'h264', defaultAudio: 'aac',
    videoCodecs: ['h264', 'h265', 'vp9'], audioCodecs: ['aac', 'mp3', 'opus', 'vorbis', 'flac', 'ac3'],
    muxerArgs: [],
  },
  ts: {
    muxer: 'mpegts', extension: 'ts', defaultVideo: 'h264', defaultAudio: 'aac',
    videoCodecs: ['h264', 'h265'], audioCodecs: ['aac', 'mp3', 'opus', 'ac3'],
    muxerArgs: [],
  },
  flv: {
    muxer: 'flv', extension: 'flv', defaultVideo: 'h264', defaultAudio: 'aac',
    videoCodecs: ['h264'], audioCodecs: ['aac', 'mp3'],
    muxerArgs: [],
  },
  avi: {
    muxer: 'avi', extension: 'avi', defaultVideo: 'h264', defaultAudio: 'mp3',
    videoCodecs: ['h264'], audioCodecs: ['mp3', 'ac3', 'aac'],
    muxerArgs: [],
  },
  asf: {
    muxer: 'asf', extension: 'asf', defaultVideo: 'h264', defaultAudio: 'mp3',
    videoCodecs: ['h264'], audioCodecs: ['mp3', 'ac3', 'aac'],
    muxerArgs: [],
  },
  // MXF carries PCM audio only (ffmpeg's muxer refuses compressed audio) at 48 kHz, and broadcast frame rates.
  mxf: {
    muxer: 'mxf', extension: 'mxf', defaultVideo: 'h264', defaultAudio: 'pcm',
    videoCodecs: ['h264'], audioCodecs: ['pcm'],
    muxerArgs: [],
    frameRates: [24, 25, 30, 50, 60],
  },
}

/** The container named by a file extension (`.mkv` -> mkv), for requests that give a URI but no Container. */
export function containerForExtension(ext: string): Container | undefined {
  const lower = ext.toLowerCase()
  return (Object.keys(CONTAINER_FORMATS) as Container[]).find((c) => CONTAINER_FORMATS[c].extension === lower)
}
