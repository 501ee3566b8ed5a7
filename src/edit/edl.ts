/**
 * The edit decision list (EDL): everything the render needs, decided up front, as plain JSON.
 * It is what the demo shows before rendering, what a task result reports (`HighlightResult.Plan`)
 * and what `buildRenderCommands` turns into ffmpeg arguments. Times are seconds.
 */
import type { Container, EffectName, SegmentFormat, TaskType, TransitionName } from '../contract/index.ts'
import type { AudioCodecName, VideoCodecName } from './codecs.ts'

/** What the plan knows about one input (from its probe). */
export interface EdlSource {
  uri: string
  duration: number
  hasVideo: boolean
  hasAudio: boolean
  /** Display size of the video (after rotation), when it has video. */
  width?: number
  height?: number
}

export interface EdlClip {
  /** Index into `EditDecisionList.sources` (= the request's Sources). */
  sourceIndex: number
  /** In and out points in the source, seconds. */
  in: number
  out: number
  /** Length on the output timeline before transitions overlap it: (out - in) / speed. */
  duration: number
  effect: EffectName | null
}

export interface EdlTransition {
  name: TransitionName
  /** The ffmpeg xfade transition that draws it (src/edit/transitions.ts). */
  xfade: string
  /** Overlap of the two clips, seconds. */
  duration: number
}

export interface EdlMusic {
  uri: string
  /** Gain applied to the music: 1 = its original level. */
  volume: number
  /** True when the track is shorter than the output and repeats. */
  loop: boolean
  /** Fade-in and fade-out lengths at the start and end of the output. */
  fadeIn: number
  fadeOut: number
}

export interface EdlVideoOutput {
  /** `copy` = the sources' video is copied, no decode (plain Concat of compatible sources). */
  codec: VideoCodecName | 'copy'
  /** Canvas every clip is fitted into (after Rotation, the output's own size). */
  width: number
  height: number
  fps: number
  pixelFormat: string
  /** How clips of another shape fill the canvas (IMM ScaleType; `fill` pads, `crop` crops, `stretch` distorts). */
  scaleType: 'stretch' | 'crop' | 'fill' | 'fit'
  /** Clockwise rotation applied to the joined picture. */
  rotation: 0 | 90 | 180 | 270
  preset: string
  crf?: number
  bitrate?: number
  maxBitrate?: number
  bufferSize?: number
  gopSize?: number
  bFrames?: number
  refs?: number
}

export interface EdlAudioOutput {
  codec: AudioCodecName | 'copy'
  sampleRate: number
  channels: number
  bitrate?: number
  quality?: number
  bitsPerSample?: 16 | 24
}

export interface EdlSegmentOutput {
  format: SegmentFormat
  /** Target segment length; key frames are forced on this grid so the lengths hold. */
  duration: number
  /** First segment number (HLS). */
  startNumber: number
}

export interface EdlOutput {
  uri: string
  container: Container
  segment: EdlSegmentOutput | null
  /** null = stream disabled (DisableVideo / DisableAudio, or no source has one). */
  video: EdlVideoOutput | null
  audio: EdlAudioOutput | null
}

export interface EditDecisionList {
  version: 1
  type: TaskType
  sources: EdlSource[]
  clips: EdlClip[]
  /** One entry per junction (clips.length - 1): the transition into clip i + 1, or null for a cut. */
  transitions: (EdlTransition | null)[]
  music: EdlMusic | null
  /** Playback speed in [0.5, 1]: 0.5 plays at half speed (video and audio, pitch kept). */
  speed: number
  targetDuration: number | null
  maxDuration: number | null
  /** Expected output duration: clip durations minus transition overlaps. */
  duration: number
  output: EdlOutput
  /** Decisions worth telling the user, e.g. a transition left out because a clip was too short. */
  notes: string[]
}

/** Where each clip starts on the output timeline, and the total length, for a list of clips and junctions. */
export function timeline(clips: readonly Pick<EdlClip, 'duration'>[], transitions: readonly (Pick<EdlTransition, 'duration'> | null)[]):
  { starts: number[]; duration: number } {
  const starts: number[] = []
  let end = 0
  clips.forEach((clip, i) => {
    const overlap = i > 0 ? transitions[i - 1]?.duration ?? 0 : 0
    const start = end - overlap
    starts.push(start)
    end = start + clip.duration
  })
  return { starts, duration: end }
}
