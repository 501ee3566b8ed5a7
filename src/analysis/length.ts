/**
 * How many source seconds to select. `Output.MaxDuration` and `Output.TargetDuration` count output
 * seconds; the render stage plays the result at `Output.Speed` (0.5..1, "the ratio of the output's
 * playback speed to the source's"), so one source second lasts 1/Speed output seconds and
 * source seconds = output seconds x Speed. Transitions only shorten the output, so the cap holds.
 */

/** Without MaxDuration and TargetDuration: 20 % of the input, at least 5 s (or all of it), at most 60 s. */
export const DEFAULT_LENGTH = { share: 0.2, minSeconds: 5, maxSeconds: 60 } as const

/** Segments shorter than this are not chosen (unless the whole budget is shorter). */
export const MIN_SEGMENT_SECONDS = 1

export interface LengthPlan {
  /** Source seconds to aim at. */
  target: number
  /** Source seconds never to exceed. */
  cap: number
  speed: number
  /** Which field decided the target. */
  from: 'TargetDuration' | 'MaxDuration' | 'default'
}

export interface LengthRequest {
  MaxDuration?: number | undefined
  TargetDuration?: number | undefined
  Speed?: number | undefined
}

export function lengthPlan(output: LengthRequest, inputSeconds: number): LengthPlan {
  const speed = output.Speed ?? 1
  const cap = output.MaxDuration !== undefined ? output.MaxDuration * speed : Number.POSITIVE_INFINITY
  const fallback = Math.min(DEFAULT_LENGTH.maxSeconds, Math.max(Math.min(DEFAULT_LENGTH.minSeconds, inputSeconds), DEFAULT_LENGTH.share * inputSeconds))
  if (output.TargetDuration !== undefined) {
    return { target: Math.min(output.TargetDuration * speed, cap, inputSeconds), cap, speed, from: 'TargetDuration' }
  }
  // MaxDuration alone caps the default; it is not a request to fill it.
  return { target: Math.min(fallback, cap), cap, speed, from: output.MaxDuration !== undefined && cap < fallback ? 'MaxDuration' : 'default' }
}
