/**
 * Shared pieces of selection: a source with its windows scored, and spans of it (time-weighted
 * scores, usable stretches, the best sub-span of a given length). Pure.
 */
import { availableWeights, contentWeights, reasonsFor, scoreWindow, type WindowScore, type Weights } from './score.ts'
import type { Shot, SourceAnalysis, WindowSummary } from './types.ts'

export interface ScoredSource {
  index: number
  uri: string
  duration: number
  fps: number
  shots: Shot[]
  windows: WindowSummary[]
  scores: WindowScore[]
  weights: Weights
}

/** A chosen or candidate stretch of one source. */
export interface Span {
  source: number
  start: number
  end: number
  score: number
  /** The usable stretch this span may grow inside (never across a cut, a transition or a flag). */
  room: { start: number; end: number }
}

export function scoreSource(analysis: SourceAnalysis, content: string | undefined): ScoredSource {
  const weights = availableWeights(contentWeights(content).weights, analysis.signals)
  return {
    index: analysis.index,
    uri: analysis.uri,
    duration: analysis.duration,
    fps: analysis.fps > 0 ? analysis.fps : 25,
    shots: analysis.shots,
    windows: analysis.windows,
    scores: analysis.windows.map((w) => scoreWindow(w, weights)),
    weights,
  }
}

const EPS = 1e-9

/** Time-weighted mean window score over [start, end). */
export function spanScore(src: ScoredSource, start: number, end: number): number {
  let sum = 0
  let covered = 0
  src.windows.forEach((w, i) => {
    const overlap = Math.min(end, w.end) - Math.max(start, w.start)
    if (overlap > EPS) {
      sum += overlap * src.scores[i]!.score
      covered += overlap
    }
  })
  return covered > 0 ? sum / covered : 0
}

export function spanReasons(src: ScoredSource, start: number, end: number): string[] {
  const inside = src.scores.filter((_, i) => src.windows[i]!.end > start + EPS && src.windows[i]!.start < end - EPS)
  return reasonsFor(inside, src.weights)
}

/** Maximal stretches of usable windows inside [from, to), clipped to it. */
export function usableRuns(src: ScoredSource, from: number, to: number): { start: number; end: number }[] {
  const runs: { start: number; end: number }[] = []
  src.windows.forEach((w, i) => {
    const start = Math.max(from, w.start)
    const end = Math.min(to, w.end)
    if (end - start <= EPS || !src.scores[i]!.usable) return
    const last = runs[runs.length - 1]
    if (last && Math.abs(last.end - start) < EPS) last.end = end
    else runs.push({ start, end })
  })
  return runs
}

/** The best-scoring sub-span of [from, to) of the given length, sliding along window edges. */
export function bestSubSpan(src: ScoredSource, from: number, to: number, length: number): { start: number; end: number; score: number } {
  if (to - from <= length + EPS) return { start: from, end: to, score: spanScore(src, from, to) }
  const starts = new Set<number>([from, to - length])
  for (const w of src.windows) {
    if (w.start > from && w.start < to - length) starts.add(w.start)
    if (w.end - length > from && w.end - length < to - length) starts.add(w.end - length)
  }
  let best = { start: from, end: from + length, score: -1 }
  for (const start of [...starts].sort((a, b) => a - b)) {
    const score = spanScore(src, start, start + length)
    if (score > best.score + EPS) best = { start, end: start + length, score }
  }
  return best
}

/**
 * Takes `span` whole when it fits in `room`, else its best-scoring part that fits when at least `minSeconds`
 * remain. Returns the seconds added to `chosen` (0 when nothing fits).
 */
export function takeWithin(chosen: Span[], span: Span, room: number, minSeconds: number, sources: readonly ScoredSource[]): number {
  const length = span.end - span.start
  if (length <= room + 1e-9) {
    chosen.push(span)
    return length
  }
  if (room < minSeconds) return 0
  const src = sources.find((s) => s.index === span.source)!
  const part = bestSubSpan(src, span.start, span.end, room)
  chosen.push({ ...span, ...part })
  return part.end - part.start
}

/** Sorts candidates best first; equal scores are ordered by a seeded random key. */
export function rankByScore<T extends { score: number }>(items: T[], random: () => number): T[] {
  return items
    .map((item) => ({ item, key: random() }))
    .sort((a, b) => b.item.score - a.item.score || a.key - b.key)
    .map((x) => x.item)
}

/** Grows chosen spans inside their room (never into a neighbour) until `gap` seconds are added. */
export function growSpans(chosen: Span[], gap: number): number {
  let left = gap
  for (const span of [...chosen].sort((a, b) => b.score - a.score)) {
    if (left <= EPS) break
    const siblings = chosen.filter((o) => o !== span && o.source === span.source)
    const limitEnd = Math.min(span.room.end, ...siblings.filter((o) => o.start >= span.end - EPS).map((o) => o.start))
    const limitStart = Math.max(span.room.start, ...siblings.filter((o) => o.end <= span.start + EPS).map((o) => o.end))
    const grow = (available: number) => Math.max(0, Math.min(left, available))
    const after = grow(limitEnd - span.end)
    span.end += after
    left -= after
    const before = grow(span.start - limitStart)
    span.start -= before
    left -= before
  }
  return gap - left
}

/** Joins spans of one source that touch (end == start) into one. Input in source/time order. */
export function joinTouching(spans: Span[]): Span[] {
  const out: Span[] = []
  for (const span of spans) {
    const last = out[out.length - 1]
    if (last && last.source === span.source && Math.abs(last.end - span.start) < 1e-6) {
      const total = last.end - last.start + (span.end - span.start)
      last.score = (last.score * (last.end - last.start) + span.score * (span.end - span.start)) / total
      last.end = span.end
    } else {
      out.push({ ...span, room: { ...span.room } })
    }
  }
  return out
}

export const bySourceThenTime = (a: Span, b: Span) => a.source - b.source || a.start - b.start
