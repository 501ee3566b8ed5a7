/**
 * The one schema of the CreateHighlightTask request (imm-spec.md §2, §4, §5), written with valibot.
 * Request types are derived from it (`HighlightRequestInput` as sent, `HighlightRequest` with the
 * documented defaults filled), so types and validation cannot drift apart.
 * Cross-field rules that a schema cannot say well live in rules.ts.
 */
import * as v from 'valibot'
import {
  TASK_TYPES, RECOGNITION_MODES, EDIT_MODES, MUSIC_MODES, PICK_MODES, TRANSITION_NAMES, EFFECT_NAMES,
  CONTAINERS, SEGMENT_FORMATS, VIDEO_CODECS, AUDIO_CODECS, SOURCE_OPTIONS, SCALE_TYPES, PIXEL_FORMATS,
  ROTATIONS, SAMPLE_RATES, LIMITS,
} from './catalogue.ts'

// ---- small building blocks, each with a message that says what is allowed ----

/** A value from a closed list; long lists (the 44 transitions) are named, not spelled out. */
const oneOf = <const T extends readonly (string | number)[]>(values: T, listName?: string) =>
  v.picklist(values, listName ? `must be one of the ${values.length} ${listName} (${values.slice(0, 3).join(', ')}, …)` : `must be one of: ${values.join(', ')}`)

const number = () => v.pipe(v.number('must be a number'), v.finite('must be a finite number'))

/** A number in [min, max] (bounds inclusive unless `exclusiveMin`). Over the maximum is a LimitExceededError. */
const range = (min: number, max: number, opts: { exclusiveMin?: boolean; integer?: boolean } = {}) => {
  const message = `must be ${opts.integer ? 'an integer' : 'a number'} in ${opts.exclusiveMin ? '(' : '['}${min}, ${max}]` as const
  const aboveMin = (n: number) => (opts.exclusiveMin ? n > min : n >= min)
  return v.pipe(
    v.number(message),
    v.finite(message),
    v.check((n) => aboveMin(n) && (!opts.integer || Number.isInteger(n)), message),
    v.maxValue(max, message),
  )
}

const positive = (max: number, integer = false) => range(0, max, { exclusiveMin: true, integer })

const text = (maxChars: number, opts: { nonEmpty?: boolean } = { nonEmpty: true }) =>
  v.pipe(
    v.string('must be a string'),
    v.check((s) => !opts.nonEmpty || s.length > 0, 'must not be empty'),
    v.maxGraphemes(maxChars, `must be at most ${maxChars} characters`),
  )

const uri = () => text(LIMITS.uriChars)
const bool = () => v.boolean('must be true or false')
const list = <T extends v.GenericSchema>(item: T, max: number, what: string) =>
  v.pipe(v.array(item, 'must be an array'), v.maxLength(max, `must have at most ${max} ${what}`))
const obj = <T extends v.ObjectEntries>(entries: T) => v.strictObject(entries, 'must be an object')

// ---- Sources ----

export const SourceSchema = obj({
  URI: uri(),
  StartTime: v.optional(range(0, Number.MAX_SAFE_INTEGER)),
  Duration: v.optional(range(0, Number.MAX_SAFE_INTEGER), 0),
})

// ---- Highlight ----

export const HighlightSchema = obj({
  Content: text(LIMITS.contentChars, { nonEmpty: false }),
})

// ---- Edit ----

export const MusicSchema = obj({
  URI: uri(),
  Volume: v.optional(range(0, 10), 0.2),
})

/** Transition length when a request gives none (UNKNOWN in the spec; README "Decisions"). */
export const DEFAULT_TRANSITION_DURATION = 1

export const TransitionSchema = obj({
  Transition: oneOf(TRANSITION_NAMES, 'transition names'),
  Duration: v.optional(range(0, 5), DEFAULT_TRANSITION_DURATION),
  Weight: v.optional(range(1, 100, { integer: true }), 50),
})

export const EffectSchema = obj({
  VfxEffect: oneOf(EFFECT_NAMES),
  Weight: v.optional(range(1, 100, { integer: true }), 50),
})

export const EditSchema = obj({
  Mode: v.optional(oneOf(EDIT_MODES), 'Sequential'),
  BackgroundMusicMode: v.optional(oneOf(MUSIC_MODES), 'Closed'),
  BackgroundMusics: v.optional(list(MusicSchema, LIMITS.musics, 'item'), []),
  TransitionMode: v.optional(oneOf(PICK_MODES), 'Closed'),
  Transitions: v.optional(list(TransitionSchema, LIMITS.transitions, 'items'), []),
  VfxEffectMode: v.optional(oneOf(PICK_MODES), 'Closed'),
  VfxEffects: v.optional(list(EffectSchema, LIMITS.effects, 'items'), []),
})

// ---- Output: TargetVideo / TargetAudio (§4) ----

const RESOLUTION = /^(\d{1,4})?x(\d{1,4})?$/
const resolution = () =>
  v.pipe(
    v.string('must be a string'),
    v.regex(RESOLUTION, 'must be WxH, Wx or xH'),
    v.check((s) => s !== 'x', 'must be WxH, Wx or xH'),
    v.check((s) => s.split('x').every((side) => side === '' || (Number(side) > 0 && Number(side) <= LIMITS.maxSide)),
      `must have each side in (0, ${LIMITS.maxSide}]`),
  )

const streams = () => list(range(0, 1000, { integer: true }), 16, 'indexes')

export const TranscodeVideoSchema = obj({
  Codec: v.optional(oneOf(VIDEO_CODECS)),
  Resolution: v.optional(resolution()),
  AdaptiveResolutionDirection: v.optional(bool(), false),
  ResolutionOption: v.optional(oneOf(SOURCE_OPTIONS)),
  ScaleType: v.optional(oneOf(SCALE_TYPES)),
  FrameRate: v.optional(positive(240)),
  FrameRateOption: v.optional(oneOf(SOURCE_OPTIONS)),
  Bitrate: v.optional(positive(200_000_000, true)),
  BitrateOption: v.optional(oneOf(SOURCE_OPTIONS)),
  CRF: v.optional(range(0, 51)),
  MaxBitrate: v.optional(positive(200_000_000, true)),
  BufferSize: v.optional(positive(400_000_000, true)),
  GOPSize: v.optional(positive(100_000, true)),
  BFrames: v.optional(range(0, 16, { integer: true })),
  Refs: v.optional(range(1, 16, { integer: true })),
  PixelFormat: v.optional(oneOf(PIXEL_FORMATS)),
  Rotation: v.optional(oneOf(ROTATIONS)),
  VideoSlim: v.optional(oneOf([0, 1] as const)),
})

export const TargetVideoSchema = obj({
  DisableVideo: v.optional(bool(), false),
  Stream: v.optional(streams()),
  TranscodeVideo: v.optional(TranscodeVideoSchema),
})

export const TranscodeAudioSchema = obj({
  Codec: v.optional(oneOf(AUDIO_CODECS)),
  Bitrate: v.optional(range(1000, 10_000_000, { integer: true })),
  BitrateOption: v.optional(oneOf(SOURCE_OPTIONS)),
  Quality: v.optional(range(0, 100, { integer: true })),
  SampleRate: v.optional(oneOf(SAMPLE_RATES)),
  SampleRateOption: v.optional(oneOf(SOURCE_OPTIONS)),
  Channel: v.optional(range(1, 8, { integer: true })),
  BitsPerSample: v.optional(oneOf([16, 24] as const)),
})

export const TargetAudioSchema = obj({
  DisableAudio: v.optional(bool(), false),
  Stream: v.optional(streams()),
  TranscodeAudio: v.optional(TranscodeAudioSchema),
  FilterAudio: v.optional(obj({ Mixing: v.optional(bool(), false) })),
})

export const SegmentSchema = obj({
  Format: oneOf(SEGMENT_FORMATS),
  /** Segment length in seconds; 6 when absent (README "Decisions"). */
  Duration: v.optional(positive(3600), 6),
  StartNumber: v.optional(range(0, 1_000_000_000, { integer: true }), 0),
})

export const OutputSchema = obj({
  URI: uri(),
  Container: v.optional(oneOf(CONTAINERS)),
  MaxDuration: v.optional(positive(86_400)),
  TargetDuration: v.optional(positive(86_400)),
  Speed: v.optional(range(0.5, 1), 1),
  Segment: v.optional(SegmentSchema),
  Video: v.optional(TargetVideoSchema),
  Audio: v.optional(TargetAudioSchema),
})

// ---- Notification, CredentialConfig, Tags ----

export const NotificationSchema = obj({
  MNS: v.optional(obj({ TopicName: text(256) })),
  RocketMQ: v.optional(obj({ InstanceId: text(256), TopicName: text(256) })),
  ExtendedMessageURI: v.optional(uri()),
})

export const CredentialConfigSchema = obj({
  ServiceRole: v.optional(text(256)),
  Policy: v.optional(text(16_384)),
  Chain: v.optional(list(obj({
    AssumeRoleFor: v.optional(text(64)),
    Role: text(256),
    RoleType: v.optional(oneOf(['user', 'service'] as const)),
  }), 10, 'roles')),
})

export const TagsSchema = v.pipe(
  v.record(
    v.pipe(v.string(), v.check((k) => k.length > 0, 'keys must not be empty'), v.maxLength(LIMITS.tagKeyChars, `keys must be at most ${LIMITS.tagKeyChars} characters`)),
    v.union([v.pipe(v.string(), v.maxLength(LIMITS.tagValueChars, `values must be at most ${LIMITS.tagValueChars} characters`)), number(), bool()],
      'values must be strings, numbers or booleans'),
    'must be an object of tags',
  ),
  v.check((tags) => Object.keys(tags).length <= LIMITS.tags, `must have at most ${LIMITS.tags} tags`),
)

// ---- the request ----

const byteLength = (s: string) => new TextEncoder().encode(s).length

export const RequestSchema = obj({
  ProjectName: text(LIMITS.projectNameChars),
  Sources: v.pipe(
    v.array(SourceSchema, 'must be an array'),
    v.minLength(1, 'must have at least 1 source'),
    v.maxLength(LIMITS.sources, `must have at most ${LIMITS.sources} sources`),
  ),
  Type: oneOf(TASK_TYPES),
  Mode: v.optional(oneOf(RECOGNITION_MODES), 'Average'),
  Highlight: v.optional(HighlightSchema),
  Edit: v.optional(EditSchema, {}),
  Output: OutputSchema,
  Notification: v.optional(NotificationSchema),
  CredentialConfig: v.optional(CredentialConfigSchema),
  Tags: v.optional(TagsSchema),
  UserData: v.optional(v.pipe(
    v.string('must be a string'),
    v.check((s) => byteLength(s) <= LIMITS.userDataBytes, `must be at most ${LIMITS.userDataBytes} bytes`),
  )),
})

/** A request as a caller writes it (optional fields may be left out). */
export type HighlightRequestInput = v.InferInput<typeof RequestSchema>
/** A validated request with the documented defaults filled in. */
export type HighlightRequest = v.InferOutput<typeof RequestSchema>
export type HighlightSource = HighlightRequest['Sources'][number]
export type HighlightEdit = HighlightRequest['Edit']
export type HighlightOutput = HighlightRequest['Output']
export type TargetVideo = v.InferOutput<typeof TargetVideoSchema>
export type TargetAudio = v.InferOutput<typeof TargetAudioSchema>
export type TranscodeVideo = v.InferOutput<typeof TranscodeVideoSchema>
export type TranscodeAudio = v.InferOutput<typeof TranscodeAudioSchema>
export type OutputSegment = v.InferOutput<typeof SegmentSchema>
export type TransitionSpec = v.InferOutput<typeof TransitionSchema>
export type EffectSpec = v.InferOutput<typeof EffectSchema>
export type MusicSpec = v.InferOutput<typeof MusicSchema>
