/**
 * How a window is scored: a weighted sum of 0..1 signals, the weights chosen by `Highlight.Content`.
 * No text-image model is available offline (models.md §5), so Content is read as words: the four
 * documented kinds (via interpretContent) and a small table of signal words; everything else is
 * ignored and reported. Pure.
 */
import { interpretContent, type ContentKind } from '../contract/content.ts'
import type { SignalAvailability, WindowSummary } from './types.ts'

export const SIGNALS = ['quality', 'face', 'person', 'pet', 'ball', 'motion', 'steady', 'speech', 'loudness', 'onset'] as const
export type Signal = (typeof SIGNALS)[number]
export type Weights = Partial<Record<Signal, number>>

/** Weights per content kind; `balanced` is used for an empty or unrecognised Content. */
export const CONTENT_WEIGHTS: Record<ContentKind | 'balanced', Weights> = {
  balanced: { quality: 0.35, face: 0.15, person: 0.1, pet: 0.05, motion: 0.1, speech: 0.1, loudness: 0.1, onset: 0.05 },
  person: { quality: 0.2, face: 0.4, person: 0.3, motion: 0.05, speech: 0.05 },
  pet: { quality: 0.2, pet: 0.6, motion: 0.1, face: 0.05, loudness: 0.05 },
  sports: { quality: 0.15, motion: 0.3, person: 0.25, ball: 0.15, loudness: 0.1, onset: 0.05 },
  meeting: { quality: 0.15, speech: 0.4, face: 0.3, steady: 0.15 },
}

/** Free-text words (beyond the kind aliases) that point at a signal we measure. */
export const SIGNAL_WORDS: Record<string, Weights> = {
  action: { motion: 1 }, fast: { motion: 1 }, dance: { motion: 0.6, loudness: 0.4 }, dancing: { motion: 0.6, loudness: 0.4 },
  run: { motion: 1 }, running: { motion: 1 }, goal: { loudness: 0.5, onset: 0.5 },
  cheer: { loudness: 0.6, onset: 0.4 }, cheering: { loudness: 0.6, onset: 0.4 }, applause: { loudness: 0.5, onset: 0.5 },
  music: { loudness: 0.5, onset: 0.5 }, concert: { loudness: 0.5, onset: 0.5 }, party: { loudness: 0.4, onset: 0.3, person: 0.3 },
  loud: { loudness: 1 }, calm: { steady: 0.6, quality: 0.4 }, quiet: { steady: 1 }, landscape: { steady: 0.5, quality: 0.5 },
  scenery: { steady: 0.5, quality: 0.5 }, sunset: { quality: 1 }, beautiful: { quality: 1 }, sharp: { quality: 1 },
  portrait: { face: 1 }, selfie: { face: 1 }, smile: { face: 1 }, family: { face: 0.5, person: 0.5 },
  kid: { person: 0.6, face: 0.4 }, kids: { person: 0.6, face: 0.4 }, child: { person: 0.6, face: 0.4 }, baby: { face: 0.6, person: 0.4 },
  crowd: { person: 0.7, loudness: 0.3 }, 人: { person: 1 }, 脸: { face: 1 }, 猫: { pet: 1 }, 狗: { pet: 1 }, 足球: { ball: 0.4, motion: 0.3, person: 0.3 },
  比赛: { motion: 0.5, person: 0.3, loudness: 0.2 }, 音乐: { loudness: 0.5, onset: 0.5 }, 风景: { steady: 0.5, quality: 0.5 },
}

/** Signals each measurement provides; a missing measurement drops its signals from the weights. */
const NEEDS: Record<Signal, keyof SignalAvailability | null> = {
  quality: null, motion: null, steady: null,
  face: 'detections', person: 'detections', pet: 'detections', ball: 'detections',
  speech: 'speech', loudness: 'audio', onset: 'audio',
}

/** Words shown as a segment's Reasons. */
export const REASON_WORDS: Record<Signal, string> = {
  quality: 'sharp', face: 'face', person: 'person', pet: 'pet', ball: 'ball',
  motion: 'motion', steady: 'steady', speech: 'speech', loudness: 'loud', onset: 'onset',
}

export interface ContentWeights {
  /** Weights before availability is applied (sum 1). */
  weights: Weights
  kinds: ContentKind[]
  /** Free-text words that matched a signal word. */
  signalWords: string[]
  /** Words that matched nothing and were ignored. */
  ignored: string[]
}

/** Reads Content into weights: the mean of the matched kinds' and signal words' weights, or `balanced`. */
export function contentWeights(content: string | undefined): ContentWeights {
  const { kinds, freeText } = interpretContent(content)
  const signalWords = freeText.filter((w) => SIGNAL_WORDS[w] !== undefined)
  const parts: Weights[] = [...kinds.map((k) => CONTENT_WEIGHTS[k]), ...signalWords.map((w) => SIGNAL_WORDS[w]!)]
  const weights = parts.length ? normalise(sumWeights(parts)) : { ...CONTENT_WEIGHTS.balanced }
  return { weights, kinds, signalWords, ignored: freeText.filter((w) => SIGNAL_WORDS[w] === undefined) }
}

/**
 * Drops signals that were not measured and renormalises. If nothing is left (e.g. `宠物` without
 * detections), the balanced default over what was measured is used instead.
 */
export function availableWeights(weights: Weights, signals: SignalAvailability): Weights {
  const keep = (w: Weights) => Object.fromEntries(Object.entries(w).filter(([k]) => {
    const need = NEEDS[k as Signal]
    return need === null || signals[need]
  })) as Weights
  const kept = keep(weights)
  const total = Object.values(kept).reduce((a, b) => a + (b ?? 0), 0)
  // Keep the content's intent only if most of its weight survives; else fall back.
  if (total >= 0.3) return normalise(kept)
  return normalise(keep(CONTENT_WEIGHTS.balanced))
}

export interface WindowScore {
  score: number
  /** False for windows touching a black/frozen/blurred stretch or a transition. */
  usable: boolean
  /** Each signal's share of the score. */
  contributions: Weights
}

export function scoreWindow(w: WindowSummary, weights: Weights): WindowScore {
  const contributions: Weights = {}
  let score = 0
  for (const signal of SIGNALS) {
    const weight = weights[signal]
    if (!weight) continue
    const part = weight * w[signal]
    contributions[signal] = part
    score += part
  }
  const usable = w.flags.length === 0 && !w.inTransition
  return { score: usable ? Math.min(1, Math.max(0, score)) : 0, usable, contributions }
}

/** The signals that carried a stretch of windows, strongest first: its Reasons. */
export function reasonsFor(scores: WindowScore[], weights: Weights, max = 3): string[] {
  if (scores.length === 0) return []
  const totals = SIGNALS.map((signal) => ({
    signal,
    share: scores.reduce((a, s) => a + (s.contributions[signal] ?? 0), 0) / scores.length,
    weight: weights[signal] ?? 0,
  }))
  // A reason must be both a real part of the score and a strong value of its signal (>= half of its weight).
  return totals
    .filter((t) => t.weight > 0 && t.share >= 0.5 * t.weight && t.share > 0.02)
    .sort((a, b) => b.share - a.share)
    .slice(0, max)
    .map((t) => REASON_WORDS[t.signal])
}

function sumWeights(parts: Weights[]): Weights {
  const out: Weights = {}
  for (const part of parts) for (const [k, v] of Object.entries(part)) out[k as Signal] = (out[k as Signal] ?? 0) + (v ?? 0)
  return out
}

function normalise(w: Weights): Weights {
  const total = Object.values(w).reduce((a, b) => a + (b ?? 0), 0)
  if (total <= 0) return {}
  return Object.fromEntries(Object.entries(w).map(([k, v]) => [k, (v ?? 0) / total])) as Weights
}
