/**
 * The browser half of the render benchmark: fetches the media, plans each request exactly as the engine
 * does, renders it with ffmpeg.wasm (single-thread core) and reports plans, timings and output sizes.
 * With `mt`, one case is also rendered on the multi-thread core: a fresh instance per round, its first
 * render (cold: the pthread pool spins up) and its second (warm).
 * run.mjs renders the same plans with native ffmpeg through the same argument builder.
 */
import { parseRequest } from '../../src/contract/index.ts'
import { buildEditPlan } from '../../src/edit/plan.ts'
import type { EditDecisionList } from '../../src/edit/edl.ts'
import { probeMedia } from '../../src/io/probe.ts'
import { memorySink } from '../../src/io/outputs.ts'
import { renderPlan } from '../../src/render/render.ts'
import { FfmpegRunner, sharedRunner } from '../../src/render/ffmpeg-runner.ts'

export interface BenchInput {
  sources: string[]
  music: string
  requests: Record<string, unknown>
  repeat: Record<string, number>
  /** Also render this case on the multi-thread core, `rounds` fresh instances. */
  mt?: { case: string; rounds: number }
}

export interface MtRound {
  loadMs: number
  coldMs: number
  warmMs: number
  outputBytes: number
  /** 'mt' unless the render fell back to the single-thread core. */
  coreAfter: string
}

export interface BenchCase {
  plan: EditDecisionList
  /** Wall time of renderPlan, each run. */
  ms: number[]
  outputBytes: number
  outputDuration: number
}

async function fetchFile(url: string): Promise<File> {
  const response = await fetch(url)
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`)
  return new File([await response.blob()], url.slice(url.lastIndexOf('/') + 1))
}

async function runBench(input: BenchInput) {
  const files = await Promise.all(input.sources.map(fetchFile))
  const music = await fetchFile(input.music)
  const probes = await Promise.all(files.map((f) => probeMedia(f)))
  const musicProbe = await probeMedia(music)
  const t0 = performance.now()
  await sharedRunner().use(async () => undefined)
  const loadMs = performance.now() - t0
  const cases: Record<string, BenchCase> = {}
  for (const [name, request] of Object.entries(input.requests)) {
    const plan = buildEditPlan(parseRequest(request), { probes, musicProbe }, { seed: 1 })
    const ms: number[] = []
    let outputBytes = 0
    for (let i = 0; i < (input.repeat[name] ?? 1); i++) {
      const start = performance.now()
      const outputs = await renderPlan(plan, { inputs: files, music, sink: memorySink() })
      ms.push(performance.now() - start)
      outputBytes = outputs.reduce((s, o) => s + o.Size, 0)
    }
    cases[name] = { plan, ms, outputBytes, outputDuration: plan.duration }
  }
  const mt: MtRound[] = []
  const mtCase = input.mt && cases[input.mt.case]
  if (input.mt && mtCase) {
    sharedRunner().terminate() // one ffmpeg instance at a time, as in the app
    for (let i = 0; i < input.mt.rounds; i++) {
      const runner = new FfmpegRunner({ core: 'mt' })
      const timed = async (run: () => Promise<unknown>) => {
        const start = performance.now()
        await run()
        return performance.now() - start
      }
      let outputBytes = 0
      const render = async () => {
        const outputs = await renderPlan(mtCase.plan, { inputs: files, music, sink: memorySink() }, { runner })
        outputBytes = outputs.reduce((s, o) => s + o.Size, 0)
      }
      const loadMs = await timed(() => runner.use(async () => undefined))
      const coldMs = await timed(render)
      const warmMs = await timed(render)
      mt.push({ loadMs, coldMs, warmMs, outputBytes, coreAfter: runner.core })
      runner.terminate()
    }
  }
  return { userAgent: navigator.userAgent, crossOriginIsolated, cores: navigator.hardwareConcurrency, loadMs, probes, cases, mt }
}

declare global {
  interface Window {
    runBench: typeof runBench
  }
}
window.runBench = runBench
