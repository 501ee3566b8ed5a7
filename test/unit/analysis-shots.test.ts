import { beforeAll, describe, expect, it } from 'vitest'
import { analyseNative } from '../fixtures/analysis/native-decode.ts'
import { flagCoverage, LABELS, scoreBoundaries } from '../fixtures/analysis/evaluate.ts'
import type { SourceAnalysis } from '../../src/analysis/types.ts'

// Shot structure from natively decoded frames (the browser test checks the same on WebCodecs frames).
const CLIPS = ['shots.mp4', 'content.mp4', 'vfr.mp4', 'hevc.mp4', 'rank-face.mp4', 'rank-blurred.mp4', 'rank-frozen.mp4', 'rank-black.mp4', 'rank-empty.mp4']
const analyses = new Map<string, SourceAnalysis>()
beforeAll(async () => {
  for (const clip of CLIPS) analyses.set(clip, await analyseNative(clip))
})

describe('shot boundaries on the labelled fixtures', () => {
  it.each(CLIPS)('%s: cuts within one frame, gradual transitions within 0.5 s', (clip) => {
    const a = analyses.get(clip)!
    const frame = 1 / (LABELS[clip]!.fps ?? 30)
    const score = scoreBoundaries(a, LABELS[clip]!, frame)
    expect({ misses: score.misses, extras: score.extras }).toEqual({ misses: [], extras: [] })
  })

  it('precision and recall over the whole fixture set are at least 0.9', () => {
    let tp = 0, fp = 0, fn = 0
    for (const clip of CLIPS) {
      const s = scoreBoundaries(analyses.get(clip)!, LABELS[clip]!, 1 / (LABELS[clip]!.fps ?? 30))
      tp += s.truePositives; fp += s.falsePositives; fn += s.falseNegatives
    }
    expect(tp).toBeGreaterThanOrEqual(9)
    expect(tp / (tp + fp)).toBeGreaterThanOrEqual(0.9)
    expect(tp / (tp + fn)).toBeGreaterThanOrEqual(0.9)
  })

  it('names the transition kinds: dissolve, fade-out, fade-through-black', () => {
    expect(analyses.get('shots.mp4')!.transitions.map((t) => t.kind)).toEqual(['dissolve', 'fade-out'])
    expect(analyses.get('content.mp4')!.transitions.map((t) => t.kind)).toEqual(['dissolve', 'fade-through-black'])
  })

  it('uses the real timestamps of a variable-frame-rate file', () => {
    const a = analyses.get('vfr.mp4')!
    expect(a.frames.time).toHaveLength(80)
    expect(a.frames.time[1]).toBeCloseTo(0.1, 3)
    expect(a.frames.time[21]! - a.frames.time[20]!).toBeCloseTo(1 / 30, 3)
    expect(a.cuts.map((c) => c.time)).toEqual([2])
  })
})

describe('black, frozen and blurred stretches', () => {
  const labelled = CLIPS.flatMap((clip) => (LABELS[clip]!.flags ?? []).map((flag) => [clip, flag] as const))
  it.each(labelled)('%s: %o is found (at least 90 %% covered)', (clip, flag) => {
    expect(flagCoverage(analyses.get(clip)!.flags, flag)).toBeGreaterThanOrEqual(0.9)
  })

  it('nothing is flagged where the labels have no flag (except the flat, detail-free empty clip)', () => {
    for (const clip of ['content.mp4', 'vfr.mp4', 'hevc.mp4', 'rank-face.mp4']) expect(analyses.get(clip)!.flags).toEqual([])
  })

  it('shots.mp4 flags match native ffmpeg (blackdetect 9.88-11, freezedetect 11.96-13)', () => {
    const flags = analyses.get('shots.mp4')!.flags
    expect(flags.find((f) => f.kind === 'black')).toMatchObject({ start: expect.closeTo(9.88, 1), end: expect.closeTo(11, 1) })
    expect(flags.find((f) => f.kind === 'frozen')).toMatchObject({ start: expect.closeTo(11.96, 1), end: expect.closeTo(13, 1) })
  })
})

describe('shots', () => {
  it('cover the timeline between boundaries, never across a cut or inside a transition', () => {
    for (const clip of CLIPS) {
      const a = analyses.get(clip)!
      for (const shot of a.shots) {
        for (const cut of a.cuts) expect(cut.time <= shot.start + 1e-9 || cut.time >= shot.end - 1e-9).toBe(true)
        for (const t of a.transitions) expect(t.end <= shot.start + 1e-9 || t.start >= shot.end - 1e-9).toBe(true)
      }
    }
  })
})
