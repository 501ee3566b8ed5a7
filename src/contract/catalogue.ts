/**
 * The closed name lists of the IMM contract (imm-spec.md §2-§4). Each list is data: validation,
 * the demo's pickers and the render registries all read these arrays, so adding a name is adding a row.
 * The ffmpeg recipe of each name lives next to the code that renders it (src/edit/).
 */

export const TASK_TYPES = ['Retrieval', 'Concat', 'Compose'] as const
export type TaskType = (typeof TASK_TYPES)[number]

export const RECOGNITION_MODES = ['Scene', 'Average'] as const
export type RecognitionMode = (typeof RECOGNITION_MODES)[number]

export const EDIT_MODES = ['Sequential'] as const
export type EditMode = (typeof EDIT_MODES)[number]

export const MUSIC_MODES = ['Random', 'Sequential', 'Closed'] as const
export type MusicMode = (typeof MUSIC_MODES)[number]

export const PICK_MODES = ['Auto', 'Random', 'Sequential', 'Closed'] as const
export type PickMode = (typeof PICK_MODES)[number]

/** The 44 documented transition names (imm-spec.md §3.1), in the documented order. */
export const TRANSITION_NAMES = [
  'fade', 'fadeblack', 'fadewhite', 'colordistance', 'fadegrays',
  'wipeleft', 'wiperight', 'wipeup', 'wipedown',
  'wipetopleft', 'wipetopright', 'wipebottomleft', 'wipebottomright',
  'slideleft', 'slideright', 'slideup', 'slidedown',
  'smoothleft', 'smoothright', 'smoothup', 'smoothdown',
  'circlecrop', 'rectanglecrop', 'circleclose', 'circleopen',
  'horizontalclose', 'horizontalopen', 'verticalclose', 'verticalopen',
  'diagonalbottomleft', 'diagonalbottomright', 'diagonaltopleft', 'diagonaltopright',
  'horizontalsliceleft', 'horizontalsliceright', 'verticalsliceup', 'verticalslicedown',
  'dissolve', 'pixelize', 'radial', 'horizontalblur',
  'squeezehorizontal', 'squeezevertical', 'zoomin',
] as const
export type TransitionName = (typeof TRANSITION_NAMES)[number]

/** The 9 documented visual effect names (imm-spec.md §3.2). */
export const EFFECT_NAMES = [
  'letterboxed', 'twolayer', 'luminance', 'invert', 'threelayer', 'vignette', 'sigmoidaltransfer', 'colorshift', 'vertigo',
] as const
export type EffectName = (typeof EFFECT_NAMES)[number]

export const CONTAINERS = ['mp4', 'mkv', 'mov', 'asf', 'avi', 'mxf', 'ts', 'flv'] as const
export type Container = (typeof CONTAINERS)[number]

export const SEGMENT_FORMATS = ['hls', 'dash'] as const
export type SegmentFormat = (typeof SEGMENT_FORMATS)[number]

/**
 * Which containers each segment format can carry (engine rule, README "Decisions"):
 * HLS writes MPEG-TS segments for `ts` and fragmented-MP4 segments for `mp4`; DASH writes fMP4 for `mp4`.
 */
export const SEGMENT_CONTAINERS: Record<SegmentFormat, readonly Container[]> = {
  hls: ['ts', 'mp4'],
  dash: ['mp4'],
}

export const VIDEO_CODECS = ['copy', 'h264', 'h265', 'vp9'] as const
export type VideoCodec = (typeof VIDEO_CODECS)[number]

export const AUDIO_CODECS = ['copy', 'mp3', 'vorbis', 'aac', 'flac', 'ac3', 'opus', 'amr'] as const
export type AudioCodec = (typeof AUDIO_CODECS)[number]

export const SOURCE_OPTIONS = ['fixed', 'adaptive', 'fall'] as const
export type SourceOption = (typeof SOURCE_OPTIONS)[number]

export const SCALE_TYPES = ['stretch', 'crop', 'fill', 'fit'] as const
export type ScaleType = (typeof SCALE_TYPES)[number]

export const PIXEL_FORMATS = ['yuv420p', 'yuv422p', 'yuv444p', 'yuv420p10le', 'yuv422p10le', 'yuv444p10le', 'yuva420p'] as const
export type PixelFormat = (typeof PIXEL_FORMATS)[number]

export const ROTATIONS = [0, 90, 180, 270] as const

/** Listed sample rates. 12025 is in the SDK text (a typo for 11025); both are accepted. */
export const SAMPLE_RATES = [8000, 11025, 12025, 12000, 16000, 22050, 24000, 32000, 44100, 48000, 64000, 88200, 96000] as const

/** Per-codec audio limits from imm-spec.md §4.2. */
export const AUDIO_CODEC_LIMITS: Partial<Record<AudioCodec, { sampleRates?: readonly number[]; maxSampleRate?: number; maxChannels?: number }>> = {
  mp3: { maxSampleRate: 48000, maxChannels: 2 },
  opus: { sampleRates: [8000, 12000, 16000, 24000, 48000] },
  ac3: { sampleRates: [32000, 44100, 48000], maxChannels: 6 },
  amr: { sampleRates: [8000, 16000], maxChannels: 1 },
}

export const TASK_STATUSES = ['Running', 'Succeeded', 'Failed', 'Cancelled'] as const
export type TaskStatus = (typeof TASK_STATUSES)[number]

/** Request limits (imm-spec.md §9) in one place. */
export const LIMITS = {
  sources: 10,
  musics: 1,
  transitions: 10,
  effects: 10,
  contentChars: 100,
  userDataBytes: 2048,
  uriChars: 4096,
  projectNameChars: 128,
  tags: 64,
  tagKeyChars: 128,
  tagValueChars: 256,
  maxSide: 4096,
} as const
