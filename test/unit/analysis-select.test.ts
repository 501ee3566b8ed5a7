import { beforeAll, describe, expect, it } from 'vitest'
import { parseRequest, type HighlightRequest, type HighlightRequestInput } from '../../src/contract/index.ts'
import { selectHighlights } from '../../src/analysis/select.ts'
import { lengthPlan } from '../../src/analysis/length.ts'
import { contentWeights } from '../../src/analysis/score.ts'
import { seededRng as seededRandom } from '../../src/edit/rng.ts'
import { emptySeries } from '../../src/analysis/frame-series.ts'
import type { Flag, Shot, SourceAnalysis, Transition, WindowSummary } from '../../src/analysis/types.ts'
import type { SelectedSegment } from '../../src/contract/task.ts'
import { analyseNative } from '../fixtures/analysis/native-decode.ts'

// ---- a synthetic source: cuts, transitions, flags and per-window signals given directly ----

type Signals = Partial<Omit<WindowSummary, 'start' | 'end' | 'flags' | 'inTransition'>>
interface Synthetic {
  duration: number
  cuts?: number[]
  transitions?: Transition[]
  flags?: Flag[]
  signals?: (t: number) => Signals
  fps?: number
}

function synthetic(index: number, s: Synthetic): SourceAnalysis {
  const cuts = (s.cuts ?? []).map((time) => ({ kind: 'hard' as const, time, frame: Math.round(time * 25), strength: 1 }))
  const transitions = s.transitions ?? []
  const flags = s.flags ?? []
  const edges = [...cuts.map((c) => ({ at: c.time, until: c.time })), ...transitions.map((t) => ({ at: t.start, until: t.end }))].sort((a, b) => a.at - b.at)
  const shots: Shot[] = []
  let start = 0
  for (const e of edges) {
    if (e.at > start) shots.push({ start, end: e.at, startsWith: start === 0 ? 'start' : 'cut', endsWith: 'cut' })
    start = e.until
  }
  shots.push({ start, end: s.duration, startsWith: 'cut', endsWith: 'end' })
  const windows: WindowSummary[] = []
  for (let t = 0; t < s.duration - 1e-9; t += 0.5) {
    const end = Math.min(s.duration, t + 0.5)
    const over = (x: { start: number; end: number }) => x.start < end && x.end > t
    windows.push({
      start: t, end, quality: 0.5, sharpness: 0.5, exposure: 0.5, motion: 0.2, steady: 0.5, face: 0, person: 0, pet: 0, ball: 0,
      speech: 0, loudness: 0.3, onset: 0, ...s.signals?.(t),
      flags: [...new Set(flags.filter(over).map((f) => f.kind))], inTransition: transitions.some(over),
    })
  }
  return {
    index, uri: `oss://bucket/v${index}.mp4`, duration: s.duration, fps: s.fps ?? 25, width: 640, height: 360,
    decodePath: 'webcodecs', decodeMode: 'full', frames: emptySeries(), cuts, transitions, flags, shots,
    audio: null, speech: null, detections: [], quality: [], windows, windowSeconds: 0.5,
    signals: { detections: true, speech: true, audio: true, sceneModel: false }, timings: {},
  }
}

function request(sources: number, patch: Partial<HighlightRequestInput> & { Output?: Partial<HighlightRequestInput['Output']> } = {}): HighlightRequest {
  return parseRequest({
    ProjectName: 'p', Type: 'Retrieval',
    ...patch,
    Sources: Array.from({ length: sources }, (_, i) => ({ URI: `oss://bucket/v${i}.mp4` })),
    Output: { URI: 'oss://bucket/out.mp4', ...patch.Output },
  })
}

const total = (segs: SelectedSegment[]) => segs.reduce((a, s) => a + s.EndTime - s.StartTime, 0)

/** Random sources with cuts, transitions, flags and noisy signals (seeded). */
function randomSources(seed: number): SourceAnalysis[] {
  const rnd = seededRandom(seed)
  const count = 1 + Math.floor(rnd() * 4)
  return Array.from({ length: count }, (_, i) => {
    const duration = 5 + Math.round(rnd() * 60 * 25) / 25
    const cuts: number[] = []
    const transitions: Transition[] = []
    const flags: Flag[] = []
    for (let t = 1 + rnd() * 6; t < duration - 1; t += 0.5 + rnd() * 8) {
      const r = rnd()
      if (r < 0.6) cuts.push(Math.round(t * 25) / 25)
      else if (r < 0.8) { transitions.push({ kind: 'dissolve', start: t, end: Math.min(duration, t + 1) }); t += 1 }
      else { const kind = (['black', 'frozen', 'blurred'] as const)[Math.floor(rnd() * 3)]!; flags.push({ kind, start: t, end: Math.min(duration, t + 0.3 + rnd() * 3) }) }
    }
    const noise = Array.from({ length: Math.ceil(duration * 2) + 1 }, () => rnd())
    return synthetic(i, { duration, cuts, transitions, flags, signals: (t) => ({ quality: noise[Math.floor(t * 2)]!, face: noise[Math.floor(t * 2)]! > 0.7 ? 0.9 : 0 }) })
  })
}

describe('selection invariants over random sources and requests', () => {
  const cases = Array.from({ length: 60 }, (_, seed) => seed)

  it.each(cases)('seed %i: never over MaxDuration, never across a cut (Scene), never on a flag or transition, >= 1 s, source order', (seed) => {
    const rnd = seededRandom(1000 + seed)
    const analyses = randomSources(seed)
    const mode = rnd() < 0.5 ? 'Scene' : 'Average'
    const speed = rnd() < 0.3 ? 0.5 + Math.round(rnd() * 5) / 10 : 1
    const max = 2 + Math.round(rnd() * 40)
    const target = rnd() < 0.5 ? Math.min(max, 1 + Math.round(rnd() * 60)) : undefined
    const req = request(analyses.length, { Mode: mode, Output: { URI: 'oss://b/o.mp4', MaxDuration: max, TargetDuration: target, Speed: speed } })
    const segs = selectHighlights(req, analyses, { seed })
    expect(total(segs)).toBeLessThanOrEqual(max * speed + 1e-9)
    for (const [i, seg] of segs.entries()) {
      const a = analyses[seg.SourceIndex]!
      expect(seg.URI).toBe(req.Sources[seg.SourceIndex]!.URI)
      expect(seg.EndTime - seg.StartTime).toBeGreaterThanOrEqual(Math.min(1, lengthPlan(req.Output, 1e9).target) - 1e-3)
      expect(seg.StartTime).toBeGreaterThanOrEqual(0)
      expect(seg.EndTime).toBeLessThanOrEqual(a.duration + 1e-9)
      expect(seg.Score).toBeGreaterThanOrEqual(0)
      expect(seg.Score).toBeLessThanOrEqual(1)
      for (const f of [...a.flags, ...a.transitions]) expect(f.end <= seg.StartTime + 1e-9 || f.start >= seg.EndTime - 1e-9).toBe(true)
      if (mode === 'Scene') for (const c of a.cuts) expect(c.time <= seg.StartTime + 1e-9 || c.time >= seg.EndTime).toBe(true)
      const next = segs[i + 1]
      if (next) expect(next.SourceIndex > seg.SourceIndex || (next.SourceIndex === seg.SourceIndex && next.StartTime >= seg.EndTime)).toBe(true)
    }
  })

  it.each(cases)('seed %i: the same seed gives the same plan', (seed) => {
    const analyses = randomSources(seed)
    for (const Mode of ['Scene', 'Average'] as const) {
      const req = request(analyses.length, { Mode, Highlight: { Content: '人物' } })
      expect(selectHighlights(req, analyses, { seed })).toEqual(selectHighlights(req, structuredClone(analyses), { seed }))
    }
  })
})

describe('length', () => {
  it('TargetDuration is met within one segment slack when there is enough usable material', () => {
    const analyses = [0, 1, 2].map((i) => synthetic(i, { duration: 40, cuts: [7.3, 15.1, 22.8, 31.5], signals: (t) => ({ quality: 0.3 + 0.6 * Math.abs(Math.sin(t + i)) }) }))
    for (const Mode of ['Scene', 'Average'] as const) {
      for (const TargetDuration of [3, 7.5, 12, 20, 33, 50]) {
        const segs = selectHighlights(request(3, { Mode, Output: { URI: 'oss://b/o.mp4', TargetDuration } }), analyses, { seed: 1 })
        expect(Math.abs(total(segs) - TargetDuration)).toBeLessThanOrEqual(1)
      }
    }
  })

  it('Speed scales the source seconds: MaxDuration 10 at Speed 0.5 selects at most 5 source seconds', () => {
    const analyses = [synthetic(0, { duration: 60 })]
    const segs = selectHighlights(request(1, { Output: { URI: 'oss://b/o.mp4', MaxDuration: 10, TargetDuration: 10, Speed: 0.5 } }), analyses, { seed: 3 })
    expect(total(segs)).toBeCloseTo(5, 2)
  })

  it('default: 20 % of the input, at least 5 s, at most 60 s; MaxDuration caps it', () => {
    expect(lengthPlan({}, 100).target).toBe(20)
    expect(lengthPlan({}, 1000).target).toBe(60)
    expect(lengthPlan({}, 12).target).toBe(5)
    expect(lengthPlan({}, 3).target).toBe(3)
    expect(lengthPlan({ MaxDuration: 8 }, 100).target).toBe(8)
    expect(lengthPlan({ MaxDuration: 30 }, 100).target).toBe(20)
    expect(lengthPlan({ TargetDuration: 50, MaxDuration: 30 }, 100).target).toBe(30)
    const segs = selectHighlights(request(1), [synthetic(0, { duration: 100 })], { seed: 1 })
    expect(total(segs)).toBeCloseTo(20, 1)
  })
})

describe('Mode=Average spreads over the timeline and the sources', () => {
  it('uniform quality: picks fall in every quarter of a single source', () => {
    const segs = selectHighlights(request(1, { Mode: 'Average', Output: { URI: 'oss://b/o.mp4', TargetDuration: 24 } }), [synthetic(0, { duration: 120 })], { seed: 5 })
    const quarters = new Set(segs.map((s) => Math.floor(((s.StartTime + s.EndTime) / 2 / 120) * 4)))
    expect(quarters.size).toBe(4)
  })

  it('every source contributes when quality is equal', () => {
    const analyses = [0, 1, 2, 3].map((i) => synthetic(i, { duration: 30 }))
    const segs = selectHighlights(request(4, { Mode: 'Average', Output: { URI: 'oss://b/o.mp4', TargetDuration: 12 } }), analyses, { seed: 9 })
    expect(new Set(segs.map((s) => s.SourceIndex))).toEqual(new Set([0, 1, 2, 3]))
  })

  it('slices are equal (about 3 s) apart from the ones trimmed around flags', () => {
    const segs = selectHighlights(request(1, { Mode: 'Average', Output: { URI: 'oss://b/o.mp4', TargetDuration: 12 } }), [synthetic(0, { duration: 120 })], { seed: 2 })
    for (const s of segs) expect(s.EndTime - s.StartTime).toBeCloseTo(3, 2)
  })
})

describe('Mode=Scene follows shots', () => {
  it('takes whole short shots or the best part of a long one', () => {
    const analyses = [synthetic(0, { duration: 30, cuts: [2, 4, 20], signals: (t) => ({ quality: t >= 10 && t < 13 ? 0.95 : 0.2 }) })]
    const segs = selectHighlights(request(1, { Mode: 'Scene', Output: { URI: 'oss://b/o.mp4', TargetDuration: 3 } }), analyses, { seed: 1 })
    expect(segs).toHaveLength(1)
    expect(segs[0]).toMatchObject({ StartTime: 10, EndTime: 13 })
    expect(segs[0]!.Reasons).toContain('sharp')
  })
})

describe('Highlight.Content weighs the signals', () => {
  // 0-10 s faces, 10-20 s a steady talking head (speech, a face, little motion), 20-30 s a pet, 30-40 s fast players.
  const signals = (t: number): Signals =>
    t < 10 ? { face: 0.95, person: 0.9, motion: 0.3, steady: 0.5 }
      : t < 20 ? { face: 0.6, person: 0.5, speech: 0.95, motion: 0.05, steady: 0.95 }
        : t < 30 ? { pet: 0.9, motion: 0.2 }
          : { person: 0.8, ball: 0.6, motion: 0.95, steady: 0, loudness: 0.9 }
  const analyses = [synthetic(0, { duration: 40, cuts: [10, 20, 30], signals })]
  const pick = (Content: string) => selectHighlights(request(1, { Mode: 'Scene', Highlight: { Content }, Output: { URI: 'oss://b/o.mp4', TargetDuration: 4 } }), analyses, { seed: 1 })
  const where = (segs: SelectedSegment[]) => Math.floor(segs[0]!.StartTime / 10)

  it.each([['人物', 0], ['person', 0], ['会议', 1], ['meeting', 1], ['宠物', 2], ['cats', 2], ['运动', 3], ['sports', 3], ['running', 3]])('%s picks stretch %i', (content, stretch) => {
    expect(where(pick(content))).toBe(stretch)
  })

  it('人物 and 会议 choose differently on the same source', () => {
    expect(pick('人物')).not.toEqual(pick('会议'))
  })

  it('unknown words fall back to the balanced default and are reported as ignored', () => {
    const w = contentWeights('sunsets over mountains')
    expect(w.kinds).toEqual([])
    expect(w.ignored).toEqual(['sunsets', 'over', 'mountains'])
    expect(w.weights.quality).toBeGreaterThan(0.3)
  })

  it('without detections, 宠物 falls back to what was measured instead of scoring everything 0', () => {
    const blind = synthetic(0, { duration: 20, cuts: [10], signals: (t) => ({ quality: t < 10 ? 0.2 : 0.9 }) })
    blind.signals = { detections: false, speech: false, audio: false, sceneModel: false }
    const segs = selectHighlights(request(1, { Highlight: { Content: '宠物' }, Mode: 'Scene', Output: { URI: 'oss://b/o.mp4', TargetDuration: 3 } }), [blind], { seed: 1 })
    expect(segs[0]!.StartTime).toBeGreaterThanOrEqual(10)
  })
})

describe('on the fixtures (features only, native decode)', () => {
  const rank = ['rank-face.mp4', 'rank-blurred.mp4', 'rank-frozen.mp4', 'rank-black.mp4', 'rank-empty.mp4']
  let shots: SourceAnalysis
  let ranked: SourceAnalysis[]
  beforeAll(async () => {
    shots = await analyseNative('shots.mp4')
    ranked = await Promise.all(rank.map((clip, i) => analyseNative(clip, i)))
  })

  it('shots.mp4: Scene and Average never take the black, frozen or blurred stretch or a transition', () => {
    for (const Mode of ['Scene', 'Average'] as const) {
      const segs = selectHighlights(request(1, { Mode, Output: { URI: 'oss://b/o.mp4', TargetDuration: 8 } }), [shots], { seed: 1 })
      expect(total(segs)).toBeGreaterThan(6)
      for (const s of segs) {
        for (const bad of [[7, 8], [9, 15]] as const) expect(s.EndTime <= bad[0] + 0.05 || s.StartTime >= bad[1]).toBe(true)
      }
    }
  })

  it('the sharp face clip ranks above the same clip blurred, frozen, black or empty', () => {
    const segs = selectHighlights(request(5, { Mode: 'Scene', Output: { URI: 'oss://b/o.mp4', TargetDuration: 2 } }), ranked, { seed: 1 })
    expect(segs.map((s) => s.SourceIndex)).toEqual([0])
  })
})
