// Render benchmark: the same plans rendered by native ffmpeg (/usr/bin/ffmpeg, with the argument lists the
// engine's builder makes) and by the engine in headless Chromium (ffmpeg.wasm, single-thread core), in one run.
//   node bench/render/run.mjs            -> prints a table and writes bench/render/results.json
//   node bench/render/run.mjs --st-only  -> without the multi-thread rows
// The `highlight` case is also rendered on the multi-thread core (@ffmpeg/core-mt): MT_ROUNDS fresh
// instances, each timed on its first render (cold) and its second (warm); best of the rounds.
// Cases: `highlight` = a 30 s 720p highlight of 4 clips with 3 transitions, one effect and looped music;
// `concat` = the 4 sources joined as they are (a stream copy).
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PROJECT_ROOT, startBrowserHost } from '../../scripts/lib/browser-host.mjs'
import { FFMPEG, timeNative } from '../lib/native.mjs'

const MEDIA = join(PROJECT_ROOT, 'bench/render/.media')
const SOURCES = [
  ['a.mp4', 'testsrc2', 440],
  ['b.mp4', 'smptehdbars', 550],
  ['c.mp4', 'rgbtestsrc', 660],
  ['d.mp4', 'testsrc', 770],
]
const SOURCE_SECONDS = 12

function makeMedia() {
  mkdirSync(MEDIA, { recursive: true })
  for (const [name, video, tone] of SOURCES) {
    const out = join(MEDIA, name)
    if (existsSync(out)) continue
    execFileSync(FFMPEG, ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `${video}=size=1280x720:rate=30`,
      '-f', 'lavfi', '-i', `sine=frequency=${tone}:sample_rate=48000`, '-t', String(SOURCE_SECONDS),
      '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-g', '60', '-c:a', 'aac', '-ac', '2', out])
  }
  const music = join(MEDIA, 'music.m4a')
  if (!existsSync(music)) {
    execFileSync(FFMPEG, ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=220:sample_rate=44100:beep_factor=4',
      '-t', '20', '-c:a', 'aac', '-ac', '2', music])
  }
}

const sourceUris = SOURCES.map(([name]) => `local://${name}`)
const REQUESTS = {
  highlight: {
    ProjectName: 'bench', Type: 'Concat',
    Sources: sourceUris.map((URI) => ({ URI, StartTime: 1, Duration: 8.25 })),
    Edit: {
      TransitionMode: 'Sequential',
      Transitions: [{ Transition: 'fade', Duration: 1 }, { Transition: 'wipeleft', Duration: 1 }, { Transition: 'circleopen', Duration: 1 }],
      VfxEffectMode: 'Auto',
      BackgroundMusicMode: 'Sequential', BackgroundMusics: [{ URI: 'local://music.m4a', Volume: 0.2 }],
    },
    Output: { URI: 'mem://bench/highlight.mp4', Container: 'mp4' },
  },
  concat: {
    ProjectName: 'bench', Type: 'Concat',
    Sources: sourceUris.map((URI) => ({ URI })),
    Output: { URI: 'mem://bench/concat.mp4', Container: 'mp4' },
  },
}
const REPEAT = { highlight: 2, concat: 5 }
const MT_ROUNDS = 2
const withMt = !process.argv.includes('--st-only')

/** The builder's args with every decoder, filter graph and encoder limited to one thread. */
function singleThreaded(args) {
  const out = ['-filter_complex_threads', '1']
  args.forEach((a, i) => {
    if (a === '-i') out.push('-threads', '1')
    if (i === args.length - 1) out.push('-threads', '1')
    out.push(a)
  })
  return out
}


// Best of N for both sides: the machine is shared, so the fastest run is the least disturbed one.
const best = (xs) => Math.min(...xs)

async function main() {
  makeMedia()
  const host = await startBrowserHost({ path: '/bench/render/index.html', onConsole: (t, m) => t === 'error' && console.error(`[page] ${m}`) })
  try {
    await host.page.waitForFunction(() => typeof window.runBench === 'function', null, { timeout: 60_000 })
    const browser = await host.page.evaluate((input) => window.runBench(input), {
      sources: SOURCES.map(([name]) => `/bench/render/.media/${name}`),
      music: '/bench/render/.media/music.m4a',
      requests: REQUESTS,
      repeat: REPEAT,
      ...(withMt ? { mt: { case: 'highlight', rounds: MT_ROUNDS } } : {}),
    })
    const { buildRenderCommands } = await host.server.ssrLoadModule('/src/edit/ffmpeg-args.ts')
    const rows = []
    for (const [name, c] of Object.entries(browser.cases)) {
      const dir = mkdtempSync(join(tmpdir(), `bench-${name}-`))
      const [cmd] = buildRenderCommands(c.plan, {
        inputs: SOURCES.map(([n]) => join(MEDIA, n)), music: join(MEDIA, 'music.m4a'), outputDir: dir, workDir: dir,
      })
      for (const f of cmd.files) writeFileSync(f.path, f.text)
      const native = timeNative(cmd.args, REPEAT[name])
      const native1 = timeNative(singleThreaded(cmd.args), REPEAT[name])
      const nativeBytes = statSync(cmd.outputs[0]).size
      rmSync(dir, { recursive: true, force: true })
      const row = (label, wasmRuns, wasmBytes = c.outputBytes) => {
        const wasm = best(wasmRuns)
        return {
          case: label,
          outputSeconds: Number(c.outputDuration.toFixed(2)),
          videoCodec: c.plan.output.video.codec,
          wasmMs: Math.round(wasm),
          nativeMs: Math.round(best(native)),
          native1ThreadMs: Math.round(best(native1)),
          ratioVsNative: Number((wasm / best(native)).toFixed(2)),
          ratioVsNative1Thread: Number((wasm / best(native1)).toFixed(2)),
          wasmRealtimeFactor: Number((c.outputDuration / (wasm / 1000)).toFixed(1)),
          nativeRealtimeFactor: Number((c.outputDuration / (best(native) / 1000)).toFixed(1)),
          wasmBytes,
          nativeBytes,
          wasmRunsMs: wasmRuns.map(Math.round),
          nativeRunsMs: native.map(Math.round),
        }
      }
      rows.push(row(name, c.ms))
      if (withMt && name === 'highlight' && browser.mt.length) {
        const fellBack = browser.mt.filter((r) => r.coreAfter !== 'mt').length
        if (fellBack) console.warn(`multi-thread core fell back to single-thread in ${fellBack} round(s)`)
        rows.push(row('highlight (mt, cold)', browser.mt.map((r) => r.coldMs), browser.mt[0].outputBytes))
        rows.push(row('highlight (mt, warm)', browser.mt.map((r) => r.warmMs), browser.mt[0].outputBytes))
      }
    }
    const result = {
      date: new Date().toISOString(),
      machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
      browser: { userAgent: browser.userAgent, crossOriginIsolated: browser.crossOriginIsolated, cores: browser.cores, coreLoadMs: Math.round(browser.loadMs) },
      mtRounds: browser.mt.map((r) => ({ loadMs: Math.round(r.loadMs), coldMs: Math.round(r.coldMs), warmMs: Math.round(r.warmMs), outputBytes: r.outputBytes, coreAfter: r.coreAfter })),
      loadAverage: (await import('node:os')).loadavg().map((l) => Number(l.toFixed(2))),
      nativeVersion: execFileSync(FFMPEG, ['-version']).toString().split('\n')[0],
      rows,
    }
    writeFileSync(join(PROJECT_ROOT, 'bench/render/results.json'), JSON.stringify(result, null, 2))
    console.table(rows.map(({ wasmRunsMs: _r, nativeRunsMs: _n, ...row }) => row))
    console.log(`ffmpeg.wasm core load: ${result.browser.coreLoadMs} ms; ${result.nativeVersion}`)
  } finally {
    await host.close()
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
