/**
 * Every IMM transition and effect renders in the wasm build (ffmpeg.wasm single-thread core):
 * two tiny 160x90 clips, the transition or effect between/on them, ultrafast, and the output probed.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { EFFECT_NAMES, TRANSITION_NAMES, parseRequest, type HighlightRequestInput } from '../../src/contract/index.ts'
import { buildEditPlan } from '../../src/edit/plan.ts'
import { probeMedia, type MediaProbe } from '../../src/io/probe.ts'
import { memorySink } from '../../src/io/outputs.ts'
import { renderPlan } from '../../src/render/render.ts'
import { ffprobe, frameAt, makeClip, meanRgb } from './support/media.ts'

let clips: File[] = []
let probes: MediaProbe[] = []
beforeAll(async () => {
  clips = [await makeClip({ video: 'testsrc2', duration: 1.6, tone: null }), await makeClip({ video: 'smptebars', duration: 1.6, tone: null })]
  probes = await Promise.all(clips.map((c) => probeMedia(c)))
})

async function render(edit: HighlightRequestInput['Edit'], sources = 2) {
  const plan = buildEditPlan(parseRequest({
    ProjectName: 'test', Type: 'Concat', Edit: edit,
    Sources: clips.slice(0, sources).map((_, i) => ({ URI: `local://${i}.mp4` })),
    Output: { URI: 'mem://o.mp4', Container: 'mp4' },
  }), { probes: probes.slice(0, sources) }, { seed: 1 })
  const [out] = await renderPlan(plan, { inputs: clips.slice(0, sources), sink: memorySink() })
  return { plan, blob: out!.Blob! }
}

describe('every transition renders', () => {
  it.each(TRANSITION_NAMES)('%s', async (name) => {
    const { plan, blob } = await render({ TransitionMode: 'Sequential', Transitions: [{ Transition: name, Duration: 0.6 }] })
    expect(plan.transitions[0]?.name).toBe(name)
    const probe = await ffprobe(blob)
    expect(probe.duration).toBeCloseTo(3.2 - 0.6, 1)
  })
})

describe('every effect renders and changes the picture', () => {
  let plain: [number, number, number][] = []
  beforeAll(async () => {
    const { blob } = await render({}, 1)
    const f = await frameAt(blob, 0.8)
    plain = [0, 0.25, 0.5, 0.75].map((x) => meanRgb(f, x, x + 0.25, 0, 1))
  })
  it.each(EFFECT_NAMES)('%s', async (name) => {
    const { plan, blob } = await render({ VfxEffectMode: 'Sequential', VfxEffects: [{ VfxEffect: name }] }, 1)
    expect(plan.clips[0]!.effect).toBe(name)
    const probe = await ffprobe(blob)
    expect(probe.duration).toBeCloseTo(1.6, 1)
    expect(probe.video).toMatchObject({ width: 160, height: 90 })
    const f = await frameAt(blob, 0.8)
    const withEffect = [0, 0.25, 0.5, 0.75].map((x) => meanRgb(f, x, x + 0.25, 0, 1))
    const change = Math.max(...withEffect.flatMap((c, i) => c.map((v, k) => Math.abs(v - plain[i]![k]!))))
    expect(change).toBeGreaterThan(4)
  })
})
