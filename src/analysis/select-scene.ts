/**
 * `Mode=Scene`: segments follow shots. Each shot's usable stretches (no flag, no transition) are
 * cut into pieces (a whole stretch when short, else its best part and then the rest); the best
 * pieces are taken until the target length. A piece never crosses a cut: at a cut it stops half a
 * frame early so a frame-exact trim cannot take the next shot's first frame.
 */
import { MIN_SEGMENT_SECONDS, type LengthPlan } from './length.ts'
import {
  bestSubSpan, bySourceThenTime, growSpans, joinTouching, rankByScore, takeWithin, usableRuns, type ScoredSource, type Span,
} from './spans.ts'

/** Longest piece taken from one shot at a time: about a third of the target, 2 to 10 s. */
export function scenePieceSeconds(target: number): number {
  return Math.min(10, Math.max(2, target / 3))
}

export function selectScene(sources: ScoredSource[], plan: LengthPlan, random: () => number): Span[] {
  const minSeconds = Math.min(MIN_SEGMENT_SECONDS, plan.target)
  const pieceSeconds = Math.max(minSeconds, scenePieceSeconds(plan.target))
  const candidates = sources.flatMap((src) => shotPieces(src, pieceSeconds, minSeconds))
  const chosen: Span[] = []
  let total = 0
  for (const piece of rankByScore(candidates, random)) {
    const room = plan.target - total
    if (room < minSeconds - 1e-9) break
    if (piece.score <= 0 && chosen.length > 0) break
    total += takeWithin(chosen, piece, room, minSeconds, sources)
  }
  growSpans(chosen, plan.target - total)
  return joinTouching(chosen.sort(bySourceThenTime))
}

/** Candidate pieces of every shot of one source. */
function shotPieces(src: ScoredSource, pieceSeconds: number, minSeconds: number): Span[] {
  const margin = 0.5 / src.fps
  const pieces: Span[] = []
  for (const shot of src.shots) {
    const end = shot.endsWith === 'cut' ? shot.end - margin : shot.end
    for (const run of usableRuns(src, shot.start, end)) {
      split(src, run, run.start, run.end, pieceSeconds, minSeconds, pieces)
    }
  }
  return pieces
}

function split(src: ScoredSource, room: { start: number; end: number }, from: number, to: number, pieceSeconds: number, minSeconds: number, out: Span[]): void {
  if (to - from < minSeconds - 1e-9) return
  const best = bestSubSpan(src, from, to, pieceSeconds)
  out.push({ source: src.index, start: best.start, end: best.end, score: best.score, room })
  split(src, room, from, best.start, pieceSeconds, minSeconds, out)
  split(src, room, best.end, to, pieceSeconds, minSeconds, out)
}
