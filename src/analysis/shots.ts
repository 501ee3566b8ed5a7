/**
 * Shot structure from per-frame features (models.md §1): hard cuts, fades to and from black,
 * dissolves and wipes (one gradual-transition path), and black / frozen / blurred stretches.
 * Pure: FrameSeries in, ShotAnalysis out. Thresholds live in one table (SHOT_RULES).
 */
import type { Cut, Flag, FlagKind, FrameSeries, Shot, ShotAnalysis, Transition } from './types.ts'

export const SHOT_RULES = {
  /** Cut: histogram distance and frame difference both high... */
  cutHist: 0.35,
  cutDiff: 20,
  /** ...or a frame difference far above the local median of the non-still frames (dark-to-dark cuts). */
  cutDiffAlone: 15,
  cutMedianRatio: 4,
  cutMedianFrames: 12,
  cutMedianFloor: 0.05,
  /** Two candidates one frame apart whose outer frames match are a one-frame glitch, not two cuts. */
  glitchFlash: 0.15,
  /** Shots shorter than this are merged into their neighbour (the weaker cut is dropped). */
  minShotSeconds: 0.4,
  blackLuma: 16,
  blackStd: 8,
  frozenDiff: 0.1,
  frozenSeconds: 0.45,
  blurLapVar: 30,
  blurMinLuma: 20,
  blurFrames: 5,
  /** Flags shorter than this are dropped (a few dark frames inside a transition are not a black stretch). */
  minFlagSeconds: 0.2,
  /** Fade: at least this many frames stepping monotonically towards black... */
  fadeMinFrames: 3,
  /** ...each by this much mean luma... */
  fadeStep: 0.5,
  /** ...explaining at least this share of the frame difference (every pixel moves the same way). */
  fadeShare: 0.5,
  /** A black run up to this long between a fade-out and a fade-in makes one fade-through-black. */
  fadeThroughBlackSeconds: 0.6,
  /** Dissolve/wipe: frames t-H and t+H differ this much... */
  dissolveSpan: 0.3,
  /** ...the frames around t keep changing colour (median histDist)... */
  dissolveCore: 0.03,
  /** ...while the shots on both sides are steadier (their median below this share of the core's). */
  dissolveFlank: 0.5,
  /** The transition's extent: frames whose histDist stays above this share of the core median. */
  dissolveExtent: 0.35,
  dissolveExtentFloor: 0.025,
} as const

export type ShotRules = { [K in keyof typeof SHOT_RULES]: number }

export function detectShots(series: FrameSeries, duration: number, rules: ShotRules = SHOT_RULES): ShotAnalysis {
  const n = series.time.length
  if (n === 0) return { cuts: [], transitions: [], flags: [], shots: duration > 0 ? [{ start: 0, end: duration, startsWith: 'start', endsWith: 'end' }] : [] }
  const end = (frame: number) => (frame + 1 < n ? series.time[frame + 1]! : Math.max(duration, series.time[n - 1]!))

  const black = series.meanLuma.map((m, i) => m < rules.blackLuma && series.stdLuma[i]! < rules.blackStd)
  const fades = findFades(series, black, rules, end)
  const inFade = frameMask(n, fades.map((f) => [f.first, f.last]))
  const candidates = cutCandidates(series, rules).filter((i) => !inFade[i])
  const cuts = enforceMinShot(dropGlitches(candidates, series, rules), series, rules)
  const dissolves = findDissolves(series, cuts, inFade, rules, end)
  const transitions = [...fades.map((f) => f.transition), ...dissolves].sort((a, b) => a.start - b.start)
  const flags = findFlags(series, black, rules, end).filter((f) => !insideAny(f, transitions))
  const cutList: Cut[] = cuts.map((i) => ({ kind: 'hard', time: series.time[i]!, frame: i, strength: series.histDist[i]! }))
  return { cuts: cutList, transitions, flags, shots: buildShots(cutList, transitions, duration) }
}

// ---- hard cuts ----

function cutCandidates(s: FrameSeries, r: ShotRules): number[] {
  const out: number[] = []
  for (let t = 1; t < s.time.length; t++) {
    const hist = s.histDist[t]!
    const diff = s.frameDiff[t]!
    if (hist > r.cutHist && diff > r.cutDiff) {
      out.push(t)
      continue
    }
    if (diff > r.cutDiffAlone && diff > r.cutMedianRatio * localMedian(s.frameDiff, t, r.cutMedianFrames, r.cutMedianFloor)) out.push(t)
  }
  return out
}

/** Median of the values above `floor` in [t-w, t+w] without t (0 if none): stills and repeats do not count. */
function localMedian(values: number[], t: number, w: number, floor: number): number {
  const window: number[] = []
  for (let i = Math.max(1, t - w); i <= Math.min(values.length - 1, t + w); i++) {
    if (i !== t && values[i]! > floor) window.push(values[i]!)
  }
  return median(window)
}

function dropGlitches(cands: number[], s: FrameSeries, r: ShotRules): number[] {
  const drop = new Set<number>()
  for (let k = 0; k + 1 < cands.length; k++) {
    const t = cands[k]!
    if (cands[k + 1] === t + 1 && s.flashDist[t]! < r.glitchFlash) {
      drop.add(t)
      drop.add(t + 1)
    }
  }
  return cands.filter((t) => !drop.has(t))
}

function enforceMinShot(cuts: number[], s: FrameSeries, r: ShotRules): number[] {
  const kept: number[] = []
  for (const t of cuts) {
    const last = kept[kept.length - 1]
    if (last !== undefined && s.time[t]! - s.time[last]! < r.minShotSeconds) {
      if (s.histDist[t]! > s.histDist[last]!) kept[kept.length - 1] = t
    } else {
      kept.push(t)
    }
  }
  return kept
}

// ---- fades (anchored on black frames) ----

interface Fade {
  transition: Transition
  first: number
  last: number
}

function findFades(s: FrameSeries, black: boolean[], r: ShotRules, end: (f: number) => number): Fade[] {
  const n = s.time.length
  const fadeStep = (from: number, to: number) => {
    // One frame step from `from` to `to` (adjacent, either direction) that darkens towards black.
    const later = Math.max(from, to)
    const drop = s.meanLuma[from]! - s.meanLuma[to]!
    return drop >= r.fadeStep && drop >= r.fadeShare * s.frameDiff[later]!
  }
  const fades: Fade[] = []
  for (const [a, b] of runs(black)) {
    let first = a
    while (first > 0 && fadeStep(first - 1, first)) first--
    let last = b
    while (last + 1 < n && fadeStep(last + 1, last)) last++
    const hasOut = a - first >= r.fadeMinFrames
    const hasIn = last - b >= r.fadeMinFrames
    const blackSeconds = end(b) - s.time[a]!
    if (hasOut && hasIn && blackSeconds <= r.fadeThroughBlackSeconds) {
      fades.push({ first, last, transition: { kind: 'fade-through-black', start: s.time[first]!, end: end(last) } })
      continue
    }
    if (hasOut) fades.push({ first, last: a - 1, transition: { kind: 'fade-out', start: s.time[first]!, end: s.time[a]! } })
    if (hasIn) fades.push({ first: b + 1, last, transition: { kind: 'fade-in', start: end(b), end: end(last) } })
  }
  return fades
}

// ---- dissolves and wipes ----

function findDissolves(s: FrameSeries, cuts: number[], inFade: boolean[], r: ShotRules, end: (f: number) => number): Transition[] {
  const n = s.time.length
  const h = s.spanFrames
  const nearCut = frameMask(n, cuts.map((c) => [c - h, c + h - 1]))
  const nearFade = inFade.map((_, i) => inFade.slice(Math.max(0, i - h), Math.min(n, i + h + 1)).some(Boolean))
  const isCentre = (t: number) => {
    if (s.spanDist[t]! < r.dissolveSpan || nearCut[t] || nearFade[t]) return false
    const core = median(s.histDist.slice(Math.max(1, t - (h >> 1)), t + (h >> 1) + 1))
    if (core < r.dissolveCore) return false
    const before = s.histDist.slice(Math.max(1, t - 2 * h), Math.max(1, t - h))
    const after = s.histDist.slice(t + h + 1, t + 2 * h + 1)
    return (before.length === 0 || median(before) < r.dissolveFlank * core) && (after.length === 0 || median(after) < r.dissolveFlank * core)
  }
  const centres = s.time.map((_, t) => t >= h && t < n - h && isCentre(t))
  const out: Transition[] = []
  for (const [a, b] of runs(centres)) {
    let peak = a
    for (let t = a; t <= b; t++) if (s.spanDist[t]! > s.spanDist[peak]!) peak = t
    const core = median(s.histDist.slice(Math.max(1, peak - (h >> 1)), peak + (h >> 1) + 1))
    const floor = Math.max(r.dissolveExtentFloor, r.dissolveExtent * core)
    const changing = (t: number) => s.histDist[t]! >= floor || (s.histDist[t - 1] ?? 0) >= floor && (s.histDist[t + 1] ?? 0) >= floor
    let first = peak
    while (first - 1 > 0 && changing(first - 1) && !nearFade[first - 1]) first--
    let last = peak
    while (last + 1 < n && changing(last + 1) && !nearFade[last + 1]) last++
    const t: Transition = { kind: 'dissolve', start: s.time[first]!, end: end(last) }
    const previous = out[out.length - 1]
    if (previous && t.start <= previous.end) previous.end = Math.max(previous.end, t.end)
    else out.push(t)
  }
  return out
}

// ---- black, frozen, blurred ----

function findFlags(s: FrameSeries, black: boolean[], r: ShotRules, end: (f: number) => number): Flag[] {
  const still = s.frameDiff.map((d, i) => i > 0 && d < r.frozenDiff && !black[i])
  const blurred = s.lapVar.map((v, i) => v < r.blurLapVar && s.meanLuma[i]! >= r.blurMinLuma)
  // A frozen run also covers the frame it repeats (the one before the first still frame).
  const masks: [FlagKind, boolean[], number, number][] = [
    ['black', black, r.minFlagSeconds, 0],
    ['frozen', still, r.frozenSeconds, 1],
    ['blurred', blurred, r.minFlagSeconds, 0],
  ]
  const flags: Flag[] = []
  for (const [kind, mask, minSeconds, back] of masks) {
    for (const [a, b] of runs(mask)) {
      const start = s.time[Math.max(0, a - back)]!
      const stop = end(b)
      if (stop - start < minSeconds) continue
      if (kind === 'blurred' && b - a + 1 < r.blurFrames) continue
      const previous = flags[flags.length - 1]
      // A one-frame blip (an encoder refresh inside a held picture) does not split a stretch.
      if (previous?.kind === kind && start - previous.end < 0.1) previous.end = stop
      else flags.push({ kind, start, end: stop })
    }
  }
  return flags.sort((x, y) => x.start - y.start)
}

// ---- shots ----

function buildShots(cuts: Cut[], transitions: Transition[], duration: number): Shot[] {
  type Edge = { at: number; until: number; kind: 'cut' | 'transition' }
  const edges: Edge[] = [
    ...cuts.map((c): Edge => ({ at: c.time, until: c.time, kind: 'cut' })),
    ...transitions.map((t): Edge => ({ at: t.start, until: t.end, kind: 'transition' })),
  ].sort((a, b) => a.at - b.at)
  const shots: Shot[] = []
  let start = 0
  let startsWith: Shot['startsWith'] = 'start'
  for (const edge of edges) {
    if (edge.at > start) shots.push({ start, end: edge.at, startsWith, endsWith: edge.kind })
    start = Math.max(start, edge.until)
    startsWith = edge.kind
  }
  if (duration > start) shots.push({ start, end: duration, startsWith, endsWith: 'end' })
  return shots
}

// ---- helpers ----

/** Inclusive [first, last] index runs where mask is true. */
export function runs(mask: boolean[]): [number, number][] {
  const out: [number, number][] = []
  let first = -1
  for (let i = 0; i <= mask.length; i++) {
    if (i < mask.length && mask[i]) {
      if (first < 0) first = i
    } else if (first >= 0) {
      out.push([first, i - 1])
      first = -1
    }
  }
  return out
}

function frameMask(n: number, ranges: [number, number][]): boolean[] {
  const mask = new Array<boolean>(n).fill(false)
  for (const [a, b] of ranges) for (let i = Math.max(0, a); i <= Math.min(n - 1, b); i++) mask[i] = true
  return mask
}

function insideAny(f: Flag, transitions: Transition[]): boolean {
  return transitions.some((t) => f.start >= t.start - 1e-6 && f.end <= t.end + 1e-6)
}

export function median(values: number[]): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
