// Shared by the demo e2e tests: a `vite preview` of the built app on a free port, Debian's Chromium through
// playwright-core with a fresh profile, a guard that records (and blocks) requests to any other origin,
// and screenshots kept under test/.artifacts/.
import { after, before } from 'node:test'
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { CHROMIUM_ARGS, findChromium, MISSING_CHROMIUM } from '../../scripts/chromium.mjs'

export const ROOT = new URL('../../', import.meta.url).pathname
export const ARTIFACTS = join(ROOT, 'test/.artifacts')
export const DEMO_PATH = '/demo/index.html'

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/** Builds once per process when dist/ lacks the demo (`npm run test:e2e` builds first anyway). */
export async function ensureBuild() {
  if (existsSync(join(ROOT, 'dist', DEMO_PATH)) && !process.env.E2E_REBUILD) return
  await run(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'])
}

function run(cmd, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: 'inherit' })
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}`))))
  })
}

/** `vite preview` (COOP/COEP on, as configured) on a free port; resolves with its origin and a stop(). */
export async function startPreview() {
  await ensureBuild()
  const port = await freePort()
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  const origin = `http://127.0.0.1:${port}`
  let log = ''
  child.stdout.on('data', (d) => (log += d))
  child.stderr.on('data', (d) => (log += d))
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`vite preview exited: ${log}`)
    const ok = await fetch(origin + DEMO_PATH).then((r) => r.ok, () => false)
    if (ok) break
    if (i > 100) throw new Error(`vite preview did not answer on ${origin}: ${log}`)
    await new Promise((r) => setTimeout(r, 200))
  }
  return { origin, stop: () => child.kill() }
}

/**
 * Chromium with a fresh profile. Every request is checked: same origin, blob: and data: pass; anything else
 * is recorded in `foreign` and aborted, so a test can assert that nothing left the machine.
 * `guard: false` leaves requests alone: Playwright's interception bypasses service workers, which the
 * offline test needs.
 */
export async function openBrowser(origin, { guard = true } = {}) {
  const executablePath = findChromium()
  if (!executablePath) throw new Error(MISSING_CHROMIUM)
  const profile = mkdtempSync(join(tmpdir(), 'demo-e2e-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1300, height: 1000 },
  })
  const foreign = []
  const errors = []
  if (guard) await context.route('**/*', (route) => {
    const url = route.request().url()
    if (url.startsWith(origin + '/') || url.startsWith('blob:') || url.startsWith('data:')) return route.continue()
    foreign.push(url)
    return route.abort('blockedbyclient')
  })
  const page = context.pages()[0] ?? (await context.newPage())
  page.on('pageerror', (e) => errors.push(e.message))
  return {
    context, page, foreign, errors,
    close: async () => {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}

/**
 * One preview server and one browser for a test file: registers the file's before/after hooks and returns an
 * object whose `server` and `browser` are set once `before` has run.
 */
export function demoSession(options = {}) {
  const session = { server: undefined, browser: undefined }
  before(async () => {
    session.server = await startPreview()
    session.browser = await openBrowser(session.server.origin, options)
  })
  after(async () => {
    await session.browser?.close()
    session.server?.stop()
  })
  return session
}

/** Opens the demo and loads the bundled samples. */
export async function openWithSamples(page, origin) {
  await page.goto(origin + DEMO_PATH)
  await page.click('#use-samples')
  await page.waitForSelector('#media-list li[data-uri="local://music.m4a"]')
}

export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true })
  const path = join(ARTIFACTS, name)
  await page.screenshot({ path, fullPage: true })
  return path
}

/** Waits for the task shown in the render panel to end; returns its status. */
export async function waitForTaskEnd(page, timeout = 600_000, { after } = {}) {
  // `after`: the id of an earlier task, whose final status may still be on screen right after a click.
  const handle = await page.waitForFunction((previous) => {
    const e = document.querySelector('#task-status')
    const status = e?.dataset.status ?? ''
    if (previous !== undefined && window.demo.lastTaskId === previous) return false
    return ['Succeeded', 'Failed', 'Cancelled'].includes(status) ? { status, text: e.textContent } : false
  }, after, { timeout, polling: 250 })
  return handle.jsonValue()
}

/** Waits for the plan preview to be drawn (or to fail: the message is returned). */
export async function waitForPlan(page, timeout = 300_000) {
  await page.waitForFunction(() => ['ready', 'error'].includes(document.querySelector('#plan-status')?.dataset.state ?? ''),
    null, { timeout, polling: 250 })
  return page.$eval('#plan-status', (e) => ({ state: e.dataset.state, text: e.textContent, clips: Number(e.dataset.clips) }))
}

/** Plays the result video muted and resolves with its currentTime once it has moved past `seconds`. */
export async function playResult(page, seconds = 0.5) {
  await page.waitForSelector('#result-video', { timeout: 30_000 })
  await page.$eval('#result-video', (v) => {
    v.muted = true
    return v.play()
  })
  await page.waitForFunction((s) => document.querySelector('#result-video').currentTime > s, seconds, { timeout: 30_000 })
  return page.$eval('#result-video', (v) => v.currentTime)
}
