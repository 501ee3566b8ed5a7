/**
 * The meeting point between the analysis pipeline and the model workers: frames in, detections out.
 * Implementations live in src/analysis/models/ (they spawn workers/*.worker.ts through comlink);
 * the analysis orchestrator depends only on these types.
 */

/** An RGBA frame at analysis resolution, with its real presentation time in seconds. */
export interface RgbaFrame {
  width: number
  height: number
  /** width * height * 4 bytes, RGBA. Transferred to workers, so it is detached after a call. */
  data: Uint8ClampedArray
  /** Presentation time in the source, seconds. */
  time: number
}

export type DetectionLabel = 'face' | 'person' | 'cat' | 'dog' | 'sports ball'

/** A box in pixels of the frame it was found in. */
export interface Detection {
  label: DetectionLabel
  score: number
  x1: number
  y1: number
  x2: number
  y2: number
}

export interface CharacterDetectOptions {
  faces: boolean
  /** person, cat, dog, sports ball (NanoDet). */
  objects: boolean
}

export interface CharacterDetector {
  /** One list of detections per frame, in frame order. */
  detect(frames: RgbaFrame[], options: CharacterDetectOptions): Promise<Detection[][]>
  /** Mean milliseconds per frame for each model so far (for the task result and benchmarks). */
  timings(): Promise<Record<string, number>>
  dispose(): Promise<void>
}

/** Per-frame quality from the `scene` model: all values 0..1 except where noted. */
export interface FrameQuality {
  time: number
  sharpness: number
  exposure: number
  contrast: number
  colourfulness: number
}

export interface SceneScorer {
  score(frames: RgbaFrame[]): Promise<FrameQuality[]>
  timings(): Promise<Record<string, number>>
  dispose(): Promise<void>
}

export interface SpeechDetector {
  /**
   * Speech probability for each 512-sample window (32 ms) of mono 16 kHz audio in [-1, 1].
   * Feed a whole source (or consecutive chunks of it with `reset: false`).
   */
  speechProbabilities(pcm16k: Float32Array, options?: { reset?: boolean }): Promise<Float32Array>
  timings(): Promise<Record<string, number>>
  dispose(): Promise<void>
}
