/**
 * A Compose task end to end through the public engine (real analysis, models and ffmpeg.wasm), and the same
 * request again with the analyses of the first run handed back: the second task skips decoding and plans the same.
 */
import { expect, test } from 'vitest'
import { createHighlightEngine } from '../../src/runtime/create-engine.ts'
import { MemoryTaskStore } from '../../src/tasks/store.ts'
import peopleUrl from '../../samples/people.mp4?url'
import sportsUrl from '../../samples/sports.mp4?url'

test('Compose on two samples, then again reusing the analyses: same segments, no second decode', async () => {
  const files = {
    'local://people.mp4': await (await fetch(peopleUrl)).blob(),
    'local://sports.mp4': await (await fetch(sportsUrl)).blob(),
  }
  const engine = createHighlightEngine({ store: new MemoryTaskStore(), files })
  const request = {
    ProjectName: 'p', Type: 'Compose' as const, Mode: 'Scene' as const,
    Sources: [{ URI: 'local://people.mp4' }, { URI: 'local://sports.mp4' }],
    Highlight: { Content: '人物' },
    Edit: { TransitionMode: 'Auto' as const },
    Output: { URI: 'mem://highlight.mp4', Container: 'mp4' as const, TargetDuration: 6 },
  }
  try {
    const first = await engine.waitForTask((await engine.createHighlightTask(request)).TaskId)
    expect(first.Status, first.Message).toBe('Succeeded')
    const firstFull = await engine.getTask({ TaskId: first.TaskId })
    const analyses = (firstFull.Result!.Details as { analyses: unknown[] }).analyses
    expect(analyses).toHaveLength(2)
    const out = firstFull.Result!.Outputs[0]!
    expect(out.Blob!.size).toBe(out.Size)
    expect(Math.abs(out.Duration! - (firstFull.Result!.Plan as { duration: number }).duration)).toBeLessThan(0.1)

    const second = await engine.waitForTask((await engine.createHighlightTask(request, { analyses })).TaskId)
    const secondFull = await engine.getTask({ TaskId: second.TaskId })
    expect(second.Status, second.Message).toBe('Succeeded')
    expect(secondFull.Result!.Segments).toEqual(firstFull.Result!.Segments)
    const ms = (info: typeof firstFull, stage: string) => info.Result!.Timings.find((t) => t.Stage === stage)!.Milliseconds
    expect(ms(secondFull, 'analyse')).toBeLessThan(50)
    expect(ms(firstFull, 'analyse')).toBeGreaterThan(200)

    // Analyses for other sources are not used: the task analyses again.
    const swapped = [analyses[1], analyses[0]]
    const third = await engine.getTask({ TaskId: (await engine.waitForTask((await engine.createHighlightTask(request, { analyses: swapped })).TaskId)).TaskId })
    expect(ms(third, 'analyse')).toBeGreaterThan(200)
    expect(third.Result!.Segments).toEqual(firstFull.Result!.Segments)
  } finally {
    await engine.dispose()
  }
})
