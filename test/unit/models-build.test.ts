// The committed model files are exactly what models/build.mjs makes from node_modules, and the converted
// BlazeFace graphs compute what tfjs computes.
import { describe, expect, test } from 'vitest'

describe('model build', () => {
  test('a rebuild from node_modules gives byte-identical files (so identical detections)', async () => {
    const { buildAll } = await import('../../models/build.mjs')
    const results = await buildAll({ write: false })
    expect(results.map((r: { path: string }) => r.path.replace(/.*\/models\//, ''))).toEqual([
      'face/blazeface-front.onnx', 'face/blazeface-back.onnx', 'object/nanodet-m-320.onnx', 'speech/silero-vad-v5.onnx', 'scene/scene-quality.onnx',
    ])
    for (const r of results) expect(r.same, r.path).toBe(true)
  }, 120_000)

  test.each([
    { index: 0, shape: [1, 128, 128, 3] },
    { index: 1, shape: [1, 256, 256, 3] },
  ])('BlazeFace $shape: ONNX vs tfjs max abs difference < 1e-4 relative to the output range', async ({ index, shape }) => {
    const { targets } = await import('../../models/face/build.mjs')
    const { compareWithTfjs } = await import('../../models/tools/compare-tfjs.mjs')
    const t = targets[index]!
    const diffs = await compareWithTfjs(t.source, await t.build(), shape, { outputNames: t.outputNames })
    expect(Object.keys(diffs)).toHaveLength(4)
    for (const { maxAbsDiff, maxAbs } of Object.values(diffs) as { maxAbsDiff: number; maxAbs: number }[]) {
      expect(maxAbs).toBeGreaterThan(1)
      expect(maxAbsDiff).toBeLessThan(1e-4 * maxAbs + 1e-5)
    }
  }, 60_000)
})
