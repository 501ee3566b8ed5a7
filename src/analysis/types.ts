/**
 * What analysis hands to selection and to the demo: plain JSON-serialisable data per source.
 * Times are seconds in the source; intervals are [start, end).
 */

/** How the frames were decoded. */
export type DecodePath = 'webcodecs' | 'ffmpeg.wasm'

/** Per-frame cut and quality features at full frame rate, one column per feature (same length). */
export interface FrameSeries {
  /** Real presentation time of each decoded frame. */
  time: number[]
  meanLuma: number[]
  stdLuma: number[]
  lapVar: number[]
  saturation: number[]
  /** Histogram distance to the previous frame (0 for the first frame). */
  histDist: number[]
  /** Mean absolute luma difference to the previous frame (0 for the first frame). */
  frameDiff: number[]
  /** Histogram distance between the previous and the next frame: low when frame t alone is a glitch. */
  flashDist: number[]
  /** Histogram distance between frames t - H and t + H (H about 0.5 s): high across gradual transitions. */
  spanDist: number[]
  /** H of spanDist, in frames. */
  spanFrames: number
}

export type CutKind = 'hard'
export type TransitionKind = 'dissolve' | 'fade-out' | 'fade-in' | 'fade-through-black'
export type FlagKind = 'black' | 'frozen' | 'blurred'

export interface Cut {
  kind: CutKind
  /** Time of the first frame of the new shot. */
  time: number
  frame: number
  /** Histogram distance across the cut (0..1). */
  strength: number
}

export interface Transition {
  kind: TransitionKind
  start: number
  end: number
}

export interface Flag {
  kind: FlagKind
  start: number
  end: number
}

/** A shot: the stretch between two boundaries (a cut, a transition, the ends of the source). */
export interface Shot {
  start: number
  end: number
  /** How the shot begins and ends. */
  startsWith: 'start' | 'cut' | 'transition'
  endsWith: 'end' | 'cut' | 'transition'
}

export interface ShotAnalysis {
  cuts: Cut[]
  transitions: Transition[]
  flags: Flag[]
  shots: Shot[]
}

/** Loudness and onsets of the 16 kHz mono track, `rate` values per second. */
export interface AudioSeries {
  rate: number
  /** EBU R128 momentary loudness (400 ms), LUFS; -70 for silence. */
  momentary: number[]
  /** EBU R128 short-term loudness (3 s), LUFS; -70 for silence. */
  shortTerm: number[]
  /** Onset energy: rise of the 32 ms log energy over its recent average, >= 0 (dB). */
  onset: number[]
  /** Gated integrated loudness of the whole track, LUFS. */
  integrated: number
}

/** Detections found on one sampled frame, summarised per label. */
export interface DetectionSample {
  time: number
  /** Best score per label (0 when absent). */
  face: number
  person: number
  cat: number
  dog: number
  ball: number
  /** Largest face box as a fraction of the frame area. */
  faceArea: number
}

/** Per-frame quality from the `scene` model (FrameQuality of detectors.ts). */
export interface QualitySample {
  time: number
  sharpness: number
  exposure: number
  contrast: number
  colourfulness: number
}

/** A fixed-length stretch of the source with every signal selection weighs, each 0..1. */
export interface WindowSummary {
  start: number
  end: number
  quality: number
  sharpness: number
  exposure: number
  motion: number
  steady: number
  face: number
  person: number
  pet: number
  ball: number
  speech: number
  loudness: number
  onset: number
  /** Flags that touch this window; any flag or transition makes it unusable for selection. */
  flags: FlagKind[]
  inTransition: boolean
}

/** Which signals were measured (selection renormalises its weights over these). */
export interface SignalAvailability {
  /** Face / person / pet / ball detections ran. */
  detections: boolean
  /** Speech probabilities from the VAD. */
  speech: boolean
  /** An audio track was decoded (loudness, onsets). */
  audio: boolean
  /** Quality came from the scene model rather than the frame features. */
  sceneModel: boolean
}

export interface SourceAnalysis {
  index: number
  uri: string
  duration: number
  /** Mean frame rate of the decoded frames (real timestamps; variable frame rate is kept). */
  fps: number
  width: number
  height: number
  decodePath: DecodePath
  /** Why the ffmpeg.wasm fallback ran instead of WebCodecs, when it did. */
  fallbackReason?: string
  /** Which decode mode ran: every frame, or keyframes plus chosen spans. */
  decodeMode: 'full' | 'spans'
  frames: FrameSeries
  cuts: Cut[]
  transitions: Transition[]
  flags: Flag[]
  shots: Shot[]
  audio: AudioSeries | null
  /** Speech probability, `rate` values per second (from 32 ms VAD windows). */
  speech: { rate: number; probability: number[] } | null
  detections: DetectionSample[]
  quality: QualitySample[]
  windows: WindowSummary[]
  windowSeconds: number
  signals: SignalAvailability
  /** Milliseconds spent per stage and model. */
  timings: Record<string, number>
}
