// Analysis benchmark: a 60 s 720p30 H.264 + AAC source analysed in headless Chromium on the WebCodecs path,
// the WebCodecs keyframes-only path and the ffmpeg.wasm path (features only), and once with the model
// workers, next to native `ffmpeg -i in.mp4 -f null -` on the same file in the same run.
//   node bench/analysis/run.mjs [--no-models]   -> prints a table and writes bench/analysis/results.json
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { PROJECT_ROOT, startBrowserHost } from '../../scripts/lib/browser-host.mjs'
import { FFMPEG, timeNative } from '../lib/native.mjs'

const MEDIA_DIR = join(PROJECT_ROOT, 'bench/.out/analysis')
const SOURCE = join(MEDIA_DIR, 'in-720p30-60s.mp4')
const SECONDS = 60
const REPEAT = 3

/** Six 10 s shots (hard cuts at 10, 20, ... s) of moving lavfi patterns with a tone, x264 defaults. */
function makeSource() {
  if (existsSync(SOURCE)) return
  mkdirSync(MEDIA_DIR, { recursive: true })
  const shots = ['testsrc2', 'life=mold=10:ratio=0.2:death_color=#203040:life_color=#e0c040', 'testsrc', 'rgbtestsrc', 'cellauto=rule=110', 'smptehdbars']
  const inputs = shots.flatMap((s) => ['-f', 'lavfi', '-t', '10', '-i', `${s.split('=')[0]}=${s.includes('=') ? s.slice(s.indexOf('=') + 1) + ':' : ''}s=1280x720:r=30`])
  const graph = shots.map((_, i) => `[${i}]format=yuv420p,setsar=1[v${i}]`).join(';') + ';' + shots.map((_, i) => `[v${i}]`).join('') + `concat=n=${shots.length}:v=1:a=0[v]`
  execFileSync(FFMPEG, ['-loglevel', 'error', '-y', ...inputs, '-f', 'lavfi', '-t', String(SECONDS), '-i', 'sine=f=330:r=48000',
    '-filter_complex', graph, '-map', '[v]', '-map', `${shots.length}:a`, '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-ac', '2', '-t', String(SECONDS), SOURCE])
}


const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

async function main() {
  makeSource()
  const withModels = !process.argv.includes('--no-models')
  const nativeFull = timeNative(['-nostats', '-i', SOURCE, '-f', 'null', '-'], REPEAT)
  const nativeFull1 = timeNative(['-nostats', '-threads', '1', '-i', SOURCE, '-f', 'null', '-'], REPEAT)
  const host = await startBrowserHost({ path: '/bench/analysis/index.html', onConsole: (t, m) => (t === 'error' || t === 'pageerror') && console.error(`[page] ${m}`) })
  let browser
  try {
    await host.page.waitForFunction(() => typeof window.runAnalysisBench === 'function', null, { timeout: 60_000 })
    browser = await host.page.evaluate((input) => window.runAnalysisBench(input), {
      source: '/bench/.out/analysis/in-720p30-60s.mp4', repeat: REPEAT, withModels,
    })
  } finally {
    await host.close()
  }
  // Native again after the browser runs, so a change in machine load shows up as a spread.
  nativeFull.push(...timeNative(['-nostats', '-i', SOURCE, '-f', 'null', '-'], REPEAT))
  const native = median(nativeFull)
  const rows = [
    { case: 'native ffmpeg -f null (full decode, default threads)', ms: Math.round(native), realtime: +(SECONDS / (native / 1000)).toFixed(1), ratioToNative: 1 },
    { case: 'native ffmpeg -threads 1 -f null', ms: Math.round(median(nativeFull1)), realtime: +(SECONDS / (median(nativeFull1) / 1000)).toFixed(1), ratioToNative: +(median(nativeFull1) / native).toFixed(2) },
    ...Object.entries(browser.cases).map(([name, c]) => ({
      case: `analysis: ${name}`,
      ms: Math.round(median(c.ms)),
      realtime: +(SECONDS / (median(c.ms) / 1000)).toFixed(1),
      ratioToNative: +(median(c.ms) / native).toFixed(2),
      frames: c.frames,
      cuts: c.cuts,
      path: c.decodePath,
    })),
  ]
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, node: process.version, load: (await import('node:os')).loadavg().map((x) => +x.toFixed(2)) },
    source: { file: 'bench/.out/analysis/in-720p30-60s.mp4', seconds: SECONDS, video: '1280x720 30 fps H.264 (x264 veryfast, default GOP)', audio: 'AAC stereo 48 kHz', cuts: [10, 20, 30, 40, 50] },
    nativeVersion: execFileSync(FFMPEG, ['-version']).toString().split('\n')[0],
    nativeRunsMs: nativeFull.map(Math.round),
    browser: { userAgent: browser.userAgent, cores: browser.cores, crossOriginIsolated: browser.crossOriginIsolated, packetScanMs: browser.scanMs.map(Math.round) },
    rows,
    cases: browser.cases,
  }
  writeFileSync(join(PROJECT_ROOT, 'bench/analysis/results.json'), JSON.stringify(result, null, 2))
  console.table(rows)
  console.log(`packet scan: ${result.browser.packetScanMs.join(', ')} ms; ${result.nativeVersion}; load ${result.machine.load.join(' ')}`)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
