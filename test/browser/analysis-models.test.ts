import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyseSources } from '../../src/analysis/analyse.ts'
import { createAnalysisDetectors, type AnalysisDetectors } from '../../src/analysis/analysis-detectors.ts'
import { selectHighlights } from '../../src/analysis/select.ts'
import { parseRequest } from '../../src/contract/index.ts'
import type { SourceAnalysis } from '../../src/analysis/types.ts'
import contentUrl from '../fixtures/analysis/content.mp4?url'
import shotsUrl from '../fixtures/analysis/shots.mp4?url'

const request = (patch: Record<string, unknown> = {}) => parseRequest({
  ProjectName: 'p', Type: 'Retrieval', Sources: [{ URI: 'oss://b/content.mp4' }, { URI: 'oss://b/shots.mp4' }],
  Output: { URI: 'oss://b/out.mp4' }, ...patch,
})

let detectors: AnalysisDetectors
let analyses: SourceAnalysis[]
beforeAll(async () => {
  detectors = await createAnalysisDetectors({ character: true, scene: true, speech: true })
  expect(detectors.unavailable).toEqual({})
  const files = await Promise.all([contentUrl, shotsUrl].map(async (u, i) => new File([await (await fetch(u)).blob()], `${i}.mp4`)))
  analyses = await analyseSources(files.map((file, i) => ({ file, uri: `oss://b/${i}.mp4` })), { request: request(), detectors })
}, 240_000)
afterAll(async () => { await detectors?.dispose() })

const windowsIn = (a: SourceAnalysis, from: number, to: number) => a.windows.filter((w) => w.start >= from && w.end <= to)
const max = (xs: number[]) => Math.max(0, ...xs)
const mean = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / xs.length

describe('model detectors on the labelled fixtures (content.mp4, shots.mp4)', () => {
  it('all signals were measured, with model timings', () => {
    for (const a of analyses) {
      expect(a.signals).toEqual({ detections: true, speech: true, audio: true, sceneModel: true })
      expect(a.timings.character).toBeGreaterThan(0)
      expect(a.detections.length).toBeGreaterThanOrEqual(15)
    }
  })

  it('faces where the labels put them, none elsewhere', () => {
    const [content, shots] = analyses as [SourceAnalysis, SourceAnalysis]
    expect(max(windowsIn(content, 3, 6).map((w) => w.face))).toBeGreaterThan(0.75)
    expect(max(windowsIn(content, 0, 2.5).map((w) => w.face))).toBeLessThan(0.5)
    expect(max(windowsIn(shots, 5, 7).map((w) => w.face))).toBeGreaterThan(0.75)
    expect(max(windowsIn(shots, 0, 4.5).map((w) => w.face))).toBeLessThan(0.5)
  })

  it('a cat in content.mp4 0-3 s, persons where labelled', () => {
    const [content, shots] = analyses as [SourceAnalysis, SourceAnalysis]
    expect(max(windowsIn(content, 0, 3).map((w) => w.pet))).toBeGreaterThan(0.3)
    expect(max(windowsIn(content, 7, 9).map((w) => w.person))).toBeGreaterThan(0.5)
    expect(max(windowsIn(shots, 8, 9).map((w) => w.person))).toBeGreaterThan(0.5)
  })

  it('speech where the labels put it', () => {
    const [content, shots] = analyses as [SourceAnalysis, SourceAnalysis]
    expect(mean(windowsIn(content, 3, 7).map((w) => w.speech))).toBeGreaterThan(0.5)
    expect(max(windowsIn(content, 10, 16).map((w) => w.speech))).toBeLessThan(0.2)
    expect(mean(windowsIn(shots, 5, 8).map((w) => w.speech))).toBeGreaterThan(0.5)
    expect(max(windowsIn(shots, 0, 3).map((w) => w.speech))).toBeLessThan(0.2)
  })
})

describe('Content steers the choice', () => {
  const pick = (Content: string) => selectHighlights(request({ Mode: 'Scene', Highlight: { Content }, Output: { URI: 'oss://b/o.mp4', TargetDuration: 3 } }), analyses, { seed: 1 })
  const overlaps = (segs: ReturnType<typeof pick>, source: number, from: number, to: number) =>
    segs.some((s) => s.SourceIndex === source && s.StartTime < to && s.EndTime > from)

  it('人物 and 会议 choose differently on the same sources', () => {
    const person = pick('人物')
    const meeting = pick('会议')
    expect(person).not.toEqual(meeting)
  })

  it('会议 takes the steady talking face (content.mp4 3-6 s)', () => {
    expect(overlaps(pick('会议'), 0, 3, 6)).toBe(true)
  })

  it('宠物 takes the cat (content.mp4 0-3 s)', () => {
    expect(overlaps(pick('宠物'), 0, 0, 3)).toBe(true)
  })

  it('运动 takes the running person with the ball and cheering (content.mp4 7-9 s)', () => {
    expect(overlaps(pick('运动'), 0, 7, 9)).toBe(true)
  })
})
