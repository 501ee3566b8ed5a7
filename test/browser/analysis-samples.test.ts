import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyseSources } from '../../src/analysis/analyse.ts'
import { createAnalysisDetectors, type AnalysisDetectors } from '../../src/analysis/analysis-detectors.ts'
import { selectHighlights } from '../../src/analysis/select.ts'
import { parseRequest } from '../../src/contract/index.ts'
import type { SourceAnalysis } from '../../src/analysis/types.ts'
import type { SelectedSegment } from '../../src/contract/task.ts'
import peopleUrl from '../../samples/people.mp4?url'
import petsUrl from '../../samples/pets.mp4?url'
import sportsUrl from '../../samples/sports.mp4?url'

// The bundled samples (samples/README.md states their truth): what each Content picks from them.
const request = (Content: string, Mode: 'Scene' | 'Average' = 'Scene') => parseRequest({
  ProjectName: 'p', Type: 'Compose', Mode, Highlight: { Content },
  Sources: [{ URI: 'oss://b/people.mp4' }, { URI: 'oss://b/pets.mp4' }, { URI: 'oss://b/sports.mp4' }],
  Output: { URI: 'oss://b/out.mp4', Container: 'mp4', TargetDuration: 6 },
})

let detectors: AnalysisDetectors
let analyses: SourceAnalysis[]
beforeAll(async () => {
  detectors = await createAnalysisDetectors({ character: true, speech: true })
  const files = await Promise.all([peopleUrl, petsUrl, sportsUrl].map(async (u, i) => new File([await (await fetch(u)).blob()], `${i}.mp4`)))
  analyses = await analyseSources(files.map((file, i) => ({ file, uri: `oss://b/${i}.mp4` })), { request: request(''), detectors })
}, 240_000)
afterAll(async () => { await detectors?.dispose() })

const covers = (segs: SelectedSegment[], source: number, from: number, to: number) =>
  segs.some((s) => s.SourceIndex === source && s.StartTime < to && s.EndTime > from)
const bad: [number, number, number][] = [[0, 4, 5], [1, 0, 1.52], [1, 5, 6.52], [2, 5, 6]] // blurred, black, frozen, dissolve

describe('samples/', () => {
  it.each([['人物', 0, 0, 4], ['会议', 0, 0, 4], ['宠物', 1, 1.52, 5], ['运动', 2, 0, 5]] as const)('%s picks source %i %f-%f s', (content, source, from, to) => {
    expect(covers(selectHighlights(request(content), analyses, { seed: 1 }), source, from, to)).toBe(true)
  })

  it.each(['', '人物', '宠物', '运动', '会议'])('Content %j never picks the black, frozen or blurred stretch or the dissolve', (content) => {
    for (const mode of ['Scene', 'Average'] as const) {
      const segs = selectHighlights(request(content, mode), analyses, { seed: 1 })
      for (const [source, from, to] of bad) expect(covers(segs, source, from + 0.05, to - 0.05), `${mode} ${source} ${from}-${to}`).toBe(false)
    }
  })
})
