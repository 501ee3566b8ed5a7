/**
 * `Mode=Average`: each source's timeline is cut into equal slices (about 3 s, sized so that a whole
 * number of slices makes the target); a slice keeps its longest usable stretch (no flag, no
 * transition) if that is at least half the slice and 1 s. The best slices are taken one at a time,
 * each pick lowering the appeal of slices near it and of further slices from the same source, so
 * the picks spread over the timeline and over the sources.
 */
import { MIN_SEGMENT_SECONDS, type LengthPlan } from './length.ts'
import {
  bySourceThenTime, growSpans, joinTouching, rankByScore, spanScore, takeWithin, usableRuns, type ScoredSource, type Span,
} from './spans.ts'

export const AVERAGE_SLICE_SECONDS = 3
/** Each earlier pick from the same source multiplies a slice's appeal by this. */
const SAME_SOURCE_FACTOR = 0.85
/** A pick right next to a slice takes away up to this share of its appeal (fading with distance). */
const NEIGHBOUR_PENALTY = 0.5

export function averageSliceSeconds(target: number): number {
  const count = Math.max(1, Math.round(target / AVERAGE_SLICE_SECONDS))
  return target / count
}

export function selectAverage(sources: ScoredSource[], plan: LengthPlan, random: () => number): Span[] {
  const minSeconds = Math.min(MIN_SEGMENT_SECONDS, plan.target)
  const slice = Math.max(minSeconds, averageSliceSeconds(plan.target))
  const slices = rankByScore(sources.flatMap((src) => sliceSource(src, slice, minSeconds)), random)
  const totalInput = sources.reduce((a, s) => a + s.duration, 0)
  const wanted = Math.max(1, Math.round(plan.target / slice))
  const radius = Math.max(2 * slice, totalInput / (wanted + 1))

  const chosen: Span[] = []
  const left = new Set(slices)
  let total = 0
  while (left.size > 0 && plan.target - total >= minSeconds - 1e-9) {
    const next = mostAppealing([...left], chosen, radius)
    left.delete(next)
    total += takeWithin(chosen, next, plan.target - total, minSeconds, sources)
  }
  growSpans(chosen, plan.target - total)
  return joinTouching(chosen.sort(bySourceThenTime))
}

/** The equal slices of one source, each reduced to its longest usable stretch. */
function sliceSource(src: ScoredSource, slice: number, minSeconds: number): Span[] {
  const out: Span[] = []
  for (let start = 0; start + minSeconds <= src.duration + 1e-9; start += slice) {
    const end = Math.min(src.duration, start + slice)
    const longest = usableRuns(src, start, end).sort((a, b) => b.end - b.start - (a.end - a.start))[0]
    if (!longest) continue
    const length = longest.end - longest.start
    if (length < minSeconds - 1e-9 || length < 0.5 * Math.min(slice, end - start) - 1e-9) continue
    out.push({ source: src.index, start: longest.start, end: longest.end, score: spanScore(src, longest.start, longest.end), room: longest })
  }
  return out
}

/** The slice with the highest score after the spread penalties (ties keep the seeded order). */
function mostAppealing(candidates: Span[], chosen: Span[], radius: number): Span {
  let best = candidates[0]!
  let bestValue = -1
  for (const c of candidates) {
    let value = c.score
    for (const p of chosen) {
      if (p.source !== c.source) continue
      value *= SAME_SOURCE_FACTOR
      const distance = Math.abs((p.start + p.end) / 2 - (c.start + c.end) / 2)
      value *= 1 - NEIGHBOUR_PENALTY * Math.max(0, 1 - distance / radius)
    }
    if (value > bestValue + 1e-12) {
      best = c
      bestValue = value
    }
  }
  return best
}
