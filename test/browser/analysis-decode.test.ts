import { describe, expect, it } from 'vitest'
import { analyseSources } from '../../src/analysis/analyse.ts'
import { createMediaDecoder } from '../../src/analysis/media-decoder.ts'
import { selectHighlights } from '../../src/analysis/select.ts'
import { parseRequest } from '../../src/contract/index.ts'
import type { SourceAnalysis } from '../../src/analysis/types.ts'
import { flagCoverage, LABELS, scoreBoundaries } from '../fixtures/analysis/evaluate.ts'
import shotsUrl from '../fixtures/analysis/shots.mp4?url'
import contentUrl from '../fixtures/analysis/content.mp4?url'
import vfrUrl from '../fixtures/analysis/vfr.mp4?url'
import rankFaceUrl from '../fixtures/analysis/rank-face.mp4?url'
import rankBlurredUrl from '../fixtures/analysis/rank-blurred.mp4?url'
import rankFrozenUrl from '../fixtures/analysis/rank-frozen.mp4?url'
import rankBlackUrl from '../fixtures/analysis/rank-black.mp4?url'
import rankEmptyUrl from '../fixtures/analysis/rank-empty.mp4?url'
import hevcUrl from '../fixtures/analysis/hevc.mp4?url'

const URLS: Record<string, string> = {
  'shots.mp4': shotsUrl, 'content.mp4': contentUrl, 'vfr.mp4': vfrUrl, 'rank-face.mp4': rankFaceUrl, 'rank-blurred.mp4': rankBlurredUrl,
  'rank-frozen.mp4': rankFrozenUrl, 'rank-black.mp4': rankBlackUrl, 'rank-empty.mp4': rankEmptyUrl, 'hevc.mp4': hevcUrl,
}

async function file(name: string): Promise<File> {
  const blob = await (await fetch(URLS[name]!)).blob()
  return new File([blob], name, { type: 'video/mp4' })
}

function request(sources: number, patch: Record<string, unknown> = {}) {
  return parseRequest({
    ProjectName: 'p', Type: 'Retrieval', Sources: Array.from({ length: sources }, (_, i) => ({ URI: `oss://b/${i}.mp4` })),
    Output: { URI: 'oss://b/out.mp4' }, ...patch,
  })
}

async function analyse(names: string[], decode = {}): Promise<SourceAnalysis[]> {
  const files = await Promise.all(names.map(file))
  return analyseSources(files.map((f, i) => ({ file: f, uri: `oss://b/${i}.mp4` })), { request: request(names.length), decode })
}

describe('analysis on WebCodecs frames (headless Chromium)', () => {
  const clips = ['shots.mp4', 'content.mp4', 'vfr.mp4']
  let analyses: SourceAnalysis[]

  it('decodes with WebCodecs, real timestamps, progress to 1', async () => {
    const progress: number[] = []
    const files = await Promise.all(clips.map(file))
    analyses = await analyseSources(files.map((f, i) => ({ file: f, uri: `oss://b/${i}.mp4` })), { request: request(3), onProgress: (p) => progress.push(p) })
    expect(analyses.map((a) => a.decodePath)).toEqual(['webcodecs', 'webcodecs', 'webcodecs'])
    expect(analyses[0]!.frames.time).toHaveLength(375)
    expect(analyses[0]!.duration).toBeCloseTo(15, 1)
    expect(analyses[2]!.frames.time).toHaveLength(80)
    expect(analyses[2]!.frames.time[1]).toBeCloseTo(0.1, 3)
    expect(progress.at(-1)).toBe(1)
    for (let i = 1; i < progress.length; i++) expect(progress[i]!).toBeGreaterThanOrEqual(progress[i - 1]! - 1e-9)
    // JSON-serialisable, for the demo's score curves.
    expect(JSON.parse(JSON.stringify(analyses[0]))).toEqual(analyses[0])
  })

  it('shot boundaries: cuts within one frame, gradual within 0.5 s, precision and recall >= 0.9', () => {
    let tp = 0, fp = 0, fn = 0
    const report: Record<string, unknown> = {}
    clips.forEach((clip, i) => {
      const s = scoreBoundaries(analyses[i]!, LABELS[clip]!, 1 / (LABELS[clip]!.fps ?? 30))
      tp += s.truePositives; fp += s.falsePositives; fn += s.falseNegatives
      report[clip] = { misses: s.misses, extras: s.extras }
    })
    expect(tp / (tp + fp), JSON.stringify(report)).toBeGreaterThanOrEqual(0.9)
    expect(tp / (tp + fn), JSON.stringify(report)).toBeGreaterThanOrEqual(0.9)
  })

  it('black, frozen and blurred stretches of shots.mp4 are found', () => {
    for (const flag of LABELS['shots.mp4']!.flags!) expect(flagCoverage(analyses[0]!.flags, flag), flag.kind).toBeGreaterThanOrEqual(0.9)
    expect(analyses[1]!.flags).toEqual([])
  })

  it('loudness: the speech and the cheering are louder than the quiet noise in content.mp4', () => {
    const a = analyses[1]!
    const at = (t: number) => a.windows[Math.floor(t / a.windowSeconds)]!
    expect(a.audio).not.toBeNull()
    expect(at(8).loudness).toBeGreaterThan(at(1).loudness)
    expect(at(8).onset).toBeGreaterThan(at(12).onset)
    expect(analyses[2]!.audio).toBeNull()
  })
})

describe('ranking on features alone', () => {
  it('the sharp face clip ranks above the same clip blurred, frozen, black or empty', async () => {
    const names = ['rank-face.mp4', 'rank-blurred.mp4', 'rank-frozen.mp4', 'rank-black.mp4', 'rank-empty.mp4']
    const analyses = await analyse(names)
    const segs = selectHighlights(request(5, { Mode: 'Scene', Output: { URI: 'oss://b/o.mp4', TargetDuration: 2 } }), analyses, { seed: 1 })
    expect(segs.map((s) => s.SourceIndex)).toEqual([0])
    const best = (a: SourceAnalysis) => Math.max(...a.windows.map((w) => (w.flags.length ? 0 : w.quality)))
    const scores = analyses.map(best)
    for (const other of scores.slice(1)) expect(scores[0]!).toBeGreaterThan(other)
  })
})

describe('ffmpeg.wasm fallback path', () => {
  it('gives the same cuts and flags as WebCodecs on shots.mp4 and records its path', async () => {
    const [a] = await analyse(['shots.mp4'], { path: 'ffmpeg.wasm' })
    expect(a!.decodePath).toBe('ffmpeg.wasm')
    expect(a!.frames.time.length).toBeGreaterThanOrEqual(374)
    const s = scoreBoundaries(a!, LABELS['shots.mp4']!, 1 / 25)
    expect({ misses: s.misses, extras: s.extras }).toEqual({ misses: [], extras: [] })
    for (const flag of LABELS['shots.mp4']!.flags!) expect(flagCoverage(a!.flags, flag), flag.kind).toBeGreaterThanOrEqual(0.9)
    expect(a!.audio?.integrated).toBeGreaterThan(-30)
  })

  it('falls back to ffmpeg.wasm by itself for H.265, which WebCodecs cannot decode here, and says why', async () => {
    const [a] = await analyse(['hevc.mp4'])
    expect(a!.decodePath).toBe('ffmpeg.wasm')
    expect(a!.fallbackReason).toMatch(/WebCodecs cannot decode/)
    expect(a!.frames.time).toHaveLength(100)
    expect(a!.frames.time[50]).toBeCloseTo(2, 3)
    const s = scoreBoundaries(a!, LABELS['hevc.mp4']!, 1 / 25)
    expect({ misses: s.misses, extras: s.extras }).toEqual({ misses: [], extras: [] })
    expect(a!.audio).not.toBeNull()
  })
})

describe('decode control', () => {
  it('packet scan lists sizes and keyframes without decoding', async () => {
    const decoder = createMediaDecoder()
    try {
      const scan = await decoder.scan(await file('shots.mp4'))
      expect(scan!.packets).toBe(375)
      expect(scan!.keyframes[0]).toBe(0)
      expect(scan!.keyframes.length).toBeGreaterThanOrEqual(8)
    } finally {
      decoder.dispose()
    }
  })

  it('keyframes mode decodes only key packets', async () => {
    const [a] = await analyse(['shots.mp4'], { mode: 'keyframes' })
    expect(a!.decodeMode).toBe('spans')
    expect(a!.frames.time.length).toBeLessThan(40)
  })

  it('a file that is not media fails with InvalidMedia naming the source', async () => {
    const junk = new File([new Uint8Array(4096).fill(7)], 'junk.mp4', { type: 'video/mp4' })
    const run = analyseSources([{ file: junk, uri: 'oss://b/junk.mp4' }], { request: request(1) })
    await expect(run).rejects.toMatchObject({ Code: 'InvalidMedia', Message: expect.stringContaining('Sources[0] (oss://b/junk.mp4)') })
  })

  it('stops on cancel with TaskCancelled', async () => {
    const controller = new AbortController()
    const files = [await file('shots.mp4')]
    const run = analyseSources([{ file: files[0]!, uri: 'oss://b/0.mp4' }], {
      request: request(1), signal: controller.signal, onProgress: (p) => { if (p > 0.1) controller.abort() },
    })
    await expect(run).rejects.toMatchObject({ Code: 'TaskCancelled' })
  })
})
