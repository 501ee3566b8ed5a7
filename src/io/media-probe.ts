/**
 * What the engine needs to know about one media file. Pure types, shared by the planner (Node) and
 * the prober (browser). Codec names are ffmpeg's (`h264`, `hevc`, `vp9`, `aac`, `mp3`, ...).
 */
export interface MediaProbe {
  /** Seconds. */
  duration: number
  /** Demuxer/format name, e.g. `mp4`, `matroska`, `mpegts`. */
  container?: string
  video?: {
    codec: string
    /** Coded size, before rotation. */
    width: number
    height: number
    fps: number
    /** Clockwise degrees a player rotates the picture by (0, 90, 180, 270). ffmpeg applies it when decoding. */
    rotation: number
    pixelFormat?: string
  }
  audio?: { codec: string; sampleRate: number; channels: number }
}

/** The size a player shows: the coded size, swapped for 90/270 rotation. */
export function displaySize(video: NonNullable<MediaProbe['video']>): { width: number; height: number } {
  const quarter = Math.abs(video.rotation) % 180 === 90
  return quarter ? { width: video.height, height: video.width } : { width: video.width, height: video.height }
}
