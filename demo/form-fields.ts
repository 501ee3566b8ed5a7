/**
 * The form as data: each row is one request field (its IMM path, label, input kind and choices). The form
 * view builds inputs from these rows and the catalogues, so a new field is a new row.
 */
import {
  CONTAINERS, CONTENT_KINDS, CONTENT_KIND_TABLE, EFFECT_NAMES, MUSIC_MODES, PICK_MODES, RECOGNITION_MODES,
  SEGMENT_FORMATS, TASK_TYPES, TRANSITION_NAMES,
} from '../src/index.ts'

export interface FieldSpec {
  /** Field path in the request, as validation issues name it. */
  path: string
  label: string
  kind: 'select' | 'number' | 'text'
  /** Choices of a select; an empty first choice leaves the field out of the request. */
  options?: readonly (string | number)[]
  /** Leave-out choice label for optional selects (the documented default). */
  unset?: string
  min?: number
  max?: number
  step?: number
  placeholder?: string
  /** Suggestions for a text field. */
  suggestions?: readonly string[]
}

export interface FieldGroup {
  legend: string
  fields: FieldSpec[]
  /** A list of objects edited row by row (transitions, effects). */
  list?: ListSpec
}

export interface ListSpec {
  path: string
  max: number
  /** The row a click on "add" appends. */
  newItem: () => Record<string, unknown>
  /** Fields of one row, relative to the item (`Transition`, `Duration`, ...). */
  fields: FieldSpec[]
}

export const FORM: FieldGroup[] = [
  {
    legend: 'Task',
    fields: [
      { path: 'Type', label: 'Type', kind: 'select', options: TASK_TYPES },
      { path: 'Mode', label: 'Mode', kind: 'select', options: RECOGNITION_MODES, unset: 'default (Average)' },
      {
        path: 'Highlight.Content', label: 'Content', kind: 'text', placeholder: '人物, pets, sports…',
        suggestions: CONTENT_KINDS.map((k) => CONTENT_KIND_TABLE[k].term),
      },
      { path: 'ProjectName', label: 'ProjectName', kind: 'text' },
      { path: 'UserData', label: 'UserData', kind: 'text' },
    ],
  },
  {
    legend: 'Transitions',
    fields: [{ path: 'Edit.TransitionMode', label: 'TransitionMode', kind: 'select', options: PICK_MODES, unset: 'default (Closed)' }],
    list: {
      path: 'Edit.Transitions',
      max: 10,
      newItem: () => ({ Transition: 'fade', Duration: 0.5 }),
      fields: [
        { path: 'Transition', label: 'Transition', kind: 'select', options: TRANSITION_NAMES },
        { path: 'Duration', label: 'Duration (s)', kind: 'number', min: 0, max: 5, step: 0.1, placeholder: '1' },
        { path: 'Weight', label: 'Weight', kind: 'number', min: 1, max: 100, step: 1, placeholder: '50' },
      ],
    },
  },
  {
    legend: 'Effects',
    fields: [{ path: 'Edit.VfxEffectMode', label: 'VfxEffectMode', kind: 'select', options: PICK_MODES, unset: 'default (Closed)' }],
    list: {
      path: 'Edit.VfxEffects',
      max: 10,
      newItem: () => ({ VfxEffect: 'vignette' }),
      fields: [
        { path: 'VfxEffect', label: 'VfxEffect', kind: 'select', options: EFFECT_NAMES },
        { path: 'Weight', label: 'Weight', kind: 'number', min: 1, max: 100, step: 1, placeholder: '50' },
      ],
    },
  },
  {
    legend: 'Music',
    fields: [
      { path: 'Edit.BackgroundMusicMode', label: 'BackgroundMusicMode', kind: 'select', options: MUSIC_MODES, unset: 'default (Closed)' },
      { path: 'Edit.BackgroundMusics[0].Volume', label: 'Volume', kind: 'number', min: 0, max: 10, step: 0.05, placeholder: '0.2' },
    ],
  },
  {
    legend: 'Output',
    fields: [
      { path: 'Output.URI', label: 'URI', kind: 'text' },
      { path: 'Output.Container', label: 'Container', kind: 'select', options: CONTAINERS, unset: '(none)' },
      { path: 'Output.Speed', label: 'Speed', kind: 'number', min: 0.5, max: 1, step: 0.05, placeholder: '1' },
      { path: 'Output.MaxDuration', label: 'MaxDuration (s)', kind: 'number', min: 0, step: 1 },
      { path: 'Output.TargetDuration', label: 'TargetDuration (s)', kind: 'number', min: 0, step: 1 },
      { path: 'Output.Segment.Format', label: 'Segment', kind: 'select', options: SEGMENT_FORMATS, unset: '(single file)' },
      { path: 'Output.Segment.Duration', label: 'Segment length (s)', kind: 'number', min: 0, step: 1, placeholder: '6' },
      {
        path: 'Output.Video.TranscodeVideo.Resolution', label: 'Resolution', kind: 'text', placeholder: 'WxH',
        suggestions: ['640x360', '1280x720', '1920x1080', '720x1280'],
      },
      { path: 'Output.Video.TranscodeVideo.CRF', label: 'CRF', kind: 'number', min: 0, max: 51, step: 1, placeholder: '23' },
    ],
  },
]

/** Per-source fields, shown beside each video when Type is Concat. */
export const SOURCE_FIELDS: FieldSpec[] = [
  { path: 'StartTime', label: 'StartTime (s)', kind: 'number', min: 0, step: 0.5 },
  { path: 'Duration', label: 'Duration (s)', kind: 'number', min: 0, step: 0.5, placeholder: '0 = to the end' },
]
