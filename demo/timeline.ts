/**
 * Draws a plan as SVG: the output track (clips with thumbnails, the transition at each junction, the effect
 * on each clip) and one row per source (the chosen stretches, the score curves, flagged stretches).
 */
import { timeline } from '../src/edit/edl.ts'
import { scoreSource } from '../src/analysis/spans.ts'
import type { SourceAnalysis } from '../src/analysis/types.ts'
import type { PlanPreview } from './plan-preview.ts'
import type { Thumbnails } from './thumbnails.ts'

export const SOURCE_COLOURS = ['#2563eb', '#d97706', '#059669', '#db2777', '#7c3aed', '#0891b2', '#65a30d', '#dc2626', '#4b5563', '#ca8a04']
const CURVES = [
  { name: 'scene (quality)', colour: '#111827', value: (a: SourceAnalysis, i: number) => a.windows[i]!.quality },
  { name: 'character (face/person/pet)', colour: '#e11d48', value: (a: SourceAnalysis, i: number) => Math.max(a.windows[i]!.face, a.windows[i]!.person, a.windows[i]!.pet) },
] as const

const W = 1000
const LEFT = 110
const TRACK = W - LEFT - 10
const OUT_Y = 28
const OUT_H = 54
const ROW_H = 74

export interface TimelineInput {
  preview: PlanPreview
  /** File per source index, for thumbnails. */
  files: File[]
  content: string | undefined
}

export function drawTimeline(container: HTMLElement, input: TimelineInput, thumbs: Thumbnails): void {
  const { plan, analyses } = input.preview
  const { starts, duration } = timeline(plan.clips, plan.transitions)
  const sourcesY = OUT_Y + OUT_H + 46
  const height = sourcesY + plan.sources.length * ROW_H + 24
  const svg = node('svg', { viewBox: `0 0 ${W} ${height}`, role: 'img', 'aria-label': `Plan: ${plan.clips.length} clips, ${duration.toFixed(1)} s` })
  const outX = (t: number) => LEFT + (t / Math.max(duration, 0.001)) * TRACK

  // ---- output track ----
  svg.append(text(4, OUT_Y + OUT_H / 2 + 4, `Output ${duration.toFixed(1)} s`, { 'font-weight': '600' }))
  axis(svg, duration, outX, OUT_Y - 6)
  plan.clips.forEach((clip, i) => {
    const x = outX(starts[i]!)
    const w = Math.max(2, outX(starts[i]! + clip.duration) - x)
    const g = node('g', { 'data-clip': String(i), 'data-source': String(clip.sourceIndex) })
    const colour = SOURCE_COLOURS[clip.sourceIndex % SOURCE_COLOURS.length]!
    const clipId = `clip-${i}-${Math.random().toString(36).slice(2, 7)}`
    const clipPath = node('clipPath', { id: clipId })
    clipPath.append(node('rect', { x, y: OUT_Y, width: w, height: OUT_H, rx: 4 }))
    g.append(clipPath, node('rect', { x, y: OUT_Y, width: w, height: OUT_H, rx: 4, fill: colour, opacity: 0.85 }))
    const image = node('image', { x, y: OUT_Y, height: OUT_H, 'clip-path': `url(#${clipId})`, preserveAspectRatio: 'xMinYMid slice' })
    g.append(image)
    const file = input.files[clip.sourceIndex]
    if (file) void thumbs.frame(file, plan.sources[clip.sourceIndex]!.uri, (clip.in + clip.out) / 2).then((url) => url && image.setAttribute('href', url))
    g.append(text(x + 4, OUT_Y + OUT_H - 6, `${i + 1}`, { fill: '#fff', 'font-weight': '700', stroke: '#0008', 'stroke-width': '2', 'paint-order': 'stroke' }))
    if (clip.effect) g.append(text(x + 4, OUT_Y + OUT_H + 14, `fx ${clip.effect}`, { fill: '#7c3aed', 'data-effect': clip.effect }))
    g.append(title(`Clip ${i + 1}: ${plan.sources[clip.sourceIndex]!.uri} ${clip.in.toFixed(2)}–${clip.out.toFixed(2)} s` +
      ` (${clip.duration.toFixed(2)} s on the output)${clip.effect ? `, effect ${clip.effect}` : ''}`))
    svg.append(g)
  })
  plan.transitions.forEach((t, k) => {
    const at = starts[k + 1]!
    const g = node('g', { 'data-junction': String(k), 'data-transition': t?.name ?? 'cut' })
    if (t) {
      const x = outX(at)
      g.append(node('rect', { x, y: OUT_Y - 2, width: Math.max(2, outX(at + t.duration) - x), height: OUT_H + 4, fill: '#fff', opacity: 0.55, stroke: '#111', 'stroke-dasharray': '3 2' }))
      g.append(text(x, OUT_Y + OUT_H + 28, `${t.name} ${t.duration}s`, { fill: '#111' }))
    } else {
      g.append(node('line', { x1: outX(at), x2: outX(at), y1: OUT_Y - 4, y2: OUT_Y + OUT_H + 4, stroke: '#111', 'stroke-width': 2 }))
      g.append(text(outX(at) + 2, OUT_Y + OUT_H + 28, 'cut', { fill: '#555' }))
    }
    g.append(title(t ? `Junction ${k + 1}: ${t.name} (xfade ${t.xfade}), ${t.duration} s` : `Junction ${k + 1}: cut`))
    svg.append(g)
  })

  // ---- source rows ----
  const longest = Math.max(...plan.sources.map((s) => s.duration), 0.001)
  const srcX = (t: number) => LEFT + (t / longest) * TRACK
  axis(svg, longest, srcX, sourcesY - 6)
  plan.sources.forEach((source, s) => {
    const y = sourcesY + s * ROW_H
    const h = ROW_H - 18
    const colour = SOURCE_COLOURS[s % SOURCE_COLOURS.length]!
    const row = node('g', { 'data-source-row': String(s) })
    row.append(text(4, y + 14, source.uri.replace(/^local:\/\//, ''), { 'font-weight': '600', fill: colour }))
    row.append(node('rect', { x: LEFT, y, width: srcX(source.duration) - LEFT, height: h, fill: '#f3f4f6', stroke: '#d1d5db' }))
    const analysis = analyses?.find((a) => a.index === s)
    if (analysis) drawAnalysis(row, analysis, input.content, srcX, y, h)
    plan.clips.forEach((clip, i) => {
      if (clip.sourceIndex !== s) return
      const x = srcX(clip.in)
      row.append(node('rect', { x, y, width: Math.max(2, srcX(clip.out) - x), height: h, fill: colour, opacity: 0.28, stroke: colour, 'data-chosen': String(i) }))
      row.append(text(x + 3, y + h - 4, `${i + 1}`, { fill: colour, 'font-weight': '700' }))
    })
    svg.append(row)
  })

  // ---- legend ----
  const ly = height - 8
  let lx = LEFT
  if (analyses) {
    for (const curve of [...CURVES, { name: 'selection score', colour: '#9ca3af' }]) {
      svg.append(node('line', { x1: lx, x2: lx + 16, y1: ly - 4, y2: ly - 4, stroke: curve.colour, 'stroke-width': 2 }))
      svg.append(text(lx + 20, ly, curve.name))
      lx += 30 + curve.name.length * 6
    }
  }
  svg.append(text(lx, ly, 'shaded: black / frozen / blurred / in a transition', { fill: '#6b7280' }))
  container.replaceChildren(svg)
}

function drawAnalysis(row: SVGElement, analysis: SourceAnalysis, content: string | undefined, x: (t: number) => number, y: number, h: number): void {
  for (const flag of [...analysis.flags, ...analysis.transitions]) {
    row.append(node('rect', { x: x(flag.start), y, width: Math.max(1, x(flag.end) - x(flag.start)), height: h, fill: '#9ca3af', opacity: 0.35 }))
    row.append(text(x(flag.start) + 2, y + 12, flag.kind, { fill: '#4b5563', 'font-size': '10' }))
  }
  for (const cut of analysis.cuts) row.append(node('line', { x1: x(cut.time), x2: x(cut.time), y1: y, y2: y + h, stroke: '#6b7280', 'stroke-dasharray': '2 2' }))
  if (analysis.windows.length === 0) return
  const mid = (i: number) => (analysis.windows[i]!.start + analysis.windows[i]!.end) / 2
  const vy = (v: number) => y + h - Math.min(1, Math.max(0, v)) * (h - 4)
  const scores = scoreSource(analysis, content).scores
  const area = scores.map((sc, i) => `${x(mid(i)).toFixed(1)},${vy(sc.score).toFixed(1)}`)
  row.append(node('polygon', {
    points: `${x(mid(0)).toFixed(1)},${y + h} ${area.join(' ')} ${x(mid(scores.length - 1)).toFixed(1)},${y + h}`,
    fill: '#9ca3af', opacity: 0.45, 'data-curve': 'score',
  }))
  for (const curve of CURVES) {
    const points = analysis.windows.map((_, i) => `${x(mid(i)).toFixed(1)},${vy(curve.value(analysis, i)).toFixed(1)}`)
    row.append(node('polyline', { points: points.join(' '), fill: 'none', stroke: curve.colour, 'stroke-width': 1.5, 'data-curve': curve.name }))
  }
}

/** Second ticks under a track (1, 2, 5, 10 s apart, whichever gives about ten). */
function axis(svg: SVGElement, duration: number, x: (t: number) => number, y: number): void {
  const step = [1, 2, 5, 10, 30, 60].find((s) => duration / s <= 12) ?? 120
  for (let t = 0; t <= duration + 1e-6; t += step) {
    svg.append(node('line', { x1: x(t), x2: x(t), y1: y, y2: y + 4, stroke: '#9ca3af' }))
    svg.append(text(x(t) + 2, y - 1, `${t}s`, { fill: '#9ca3af', 'font-size': '9' }))
  }
}

const SVG_NS = 'http://www.w3.org/2000/svg'

function node(tag: string, attrs: Record<string, string | number>): SVGElement {
  const element = document.createElementNS(SVG_NS, tag)
  for (const [k, v] of Object.entries(attrs)) element.setAttribute(k, String(v))
  return element
}

function text(x: number, y: number, content: string, attrs: Record<string, string> = {}): SVGElement {
  const t = node('text', { x, y, ...attrs })
  t.textContent = content
  return t
}

function title(content: string): SVGElement {
  const t = node('title', {})
  t.textContent = content
  return t
}
