/**
 * Chooses the highlight segments of a request from the analyses of its sources, the way IMM's
 * `Type=Retrieval` / `Type=Compose` do: `Mode=Scene` follows shots, `Mode=Average` keeps the best
 * equal slices. Pure and deterministic: the same analyses, request and seed give the same plan.
 */
import type { HighlightRequest } from '../contract/schema.ts'
import type { SelectedSegment } from '../contract/task.ts'
import { lengthPlan, type LengthPlan } from './length.ts'
import { selectAverage } from './select-average.ts'
import { selectScene } from './select-scene.ts'
import { scoreSource, spanReasons, type ScoredSource, type Span } from './spans.ts'
import { seededRng } from '../edit/rng.ts'
import type { SourceAnalysis } from './types.ts'

export interface SelectOptions {
  seed: number
}

/** Selection strategies by `Mode` (registry: adding a mode is adding a row). */
const MODES: Record<HighlightRequest['Mode'], (sources: ScoredSource[], plan: LengthPlan, random: () => number) => Span[]> = {
  Scene: selectScene,
  Average: selectAverage,
}

export function selectHighlights(request: HighlightRequest, analyses: SourceAnalysis[], options: SelectOptions): SelectedSegment[] {
  const content = request.Highlight?.Content
  const sources = [...analyses].sort((a, b) => a.index - b.index).map((a) => scoreSource(a, content))
  const plan = planLength(request, analyses)
  if (plan.target <= 0) return []
  const spans = MODES[request.Mode](sources, plan, seededRng(options.seed))
  return toSegments(spans, sources, request, plan)
}

/** The length plan of a request over these analyses (exported for the task's report). */
export function planLength(request: HighlightRequest, analyses: SourceAnalysis[]): LengthPlan {
  return lengthPlan(request.Output, analyses.reduce((a, s) => a + s.duration, 0))
}

const MS = 1000

function toSegments(spans: Span[], sources: ScoredSource[], request: HighlightRequest, plan: LengthPlan): SelectedSegment[] {
  const segments: SelectedSegment[] = []
  let total = 0
  for (const span of spans) {
    const src = sources.find((s) => s.index === span.source)!
    // Millisecond times, rounded inwards so a segment never grows past its shot or the cap.
    const start = Math.ceil(span.start * MS - 1e-6) / MS
    let end = Math.floor(span.end * MS + 1e-6) / MS
    end = Math.min(end, Math.floor((start + plan.cap - total) * MS + 1e-6) / MS)
    if (end - start <= 0) continue
    total += end - start
    segments.push({
      SourceIndex: span.source,
      URI: request.Sources[span.source]?.URI ?? src.uri,
      StartTime: start,
      EndTime: end,
      Score: Math.round(span.score * 1000) / 1000,
      Reasons: spanReasons(src, start, end),
    })
  }
  return segments
}
