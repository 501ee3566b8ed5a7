/**
 * Watches the model workers behind a set of detectors. Every method call is passed through; a rejection is
 * reported to `onFailure` (then rethrown). The local pipeline uses it to report a model worker's crash as
 * `WorkerCrashed` (the crash otherwise reaches the task wrapped in the media worker's error), and the engine
 * uses it to replace a crashed set of long-lived workers before the next task.
 */
import { HighlightError } from '../contract/errors.ts'
import type { CharacterDetector, SceneScorer, SpeechDetector } from '../analysis/detectors.ts'

export type Detectors = { character?: CharacterDetector; scene?: SceneScorer; speech?: SpeechDetector }

export function guardDetectors(detectors: Detectors, onFailure: (error: HighlightError) => void): Detectors {
  const guarded: Detectors = {}
  for (const key of ['character', 'scene', 'speech'] as const) {
    const detector = detectors[key]
    if (detector) (guarded as Record<string, unknown>)[key] = guardMethods(detector, onFailure)
  }
  return guarded
}

function guardMethods<T extends object>(target: T, onFailure: (error: HighlightError) => void): T {
  const wrapped = {} as Record<string, unknown>
  for (const [name, value] of Object.entries(target)) {
    wrapped[name] = typeof value !== 'function' ? value : (...args: unknown[]) => {
      const result = (value as (...a: unknown[]) => unknown).apply(target, args)
      if (!(result instanceof Promise)) return result
      return result.catch((err: unknown) => {
        onFailure(HighlightError.from(err))
        throw err
      })
    }
  }
  return wrapped as T
}
