// After one online visit the demo works with the network gone: the service worker serves the page, its code,
// the samples and the ffmpeg.wasm core from its cache, and a Concat of the samples renders.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { DEMO_PATH, demoSession, playResult, waitForPlan, waitForTaskEnd } from './support.mjs'

const session = demoSession({ guard: false })

test('offline after the first load: reload and render with the network gone', { timeout: 600_000 }, async () => {
  const { server, browser } = session
  const { context, page } = browser
  const sw = await fetch(server.origin + '/sw.js')
  assert.ok(sw.ok && (sw.headers.get('content-type') ?? '').includes('javascript'),
    '/sw.js is not served: the build must copy demo/public/ (vite.config.ts `publicDir: "demo/public"`)')
  await page.goto(server.origin + DEMO_PATH)
  await page.waitForSelector('#offline-status[data-offline="ready"]', { timeout: 120_000 })
  // One online visit with the samples caches them and the page's chunks.
  await page.click('#use-samples')
  await page.waitForSelector('#media-list li[data-uri="local://music.m4a"]')

  await context.setOffline(true)
  await page.reload()
  assert.equal(await page.evaluate(() => navigator.onLine), false)
  await page.click('#use-samples')
  await page.waitForSelector('#media-list li[data-uri="local://music.m4a"]')
  await page.selectOption('select[name="Type"]', 'Concat')
  assert.equal((await waitForPlan(page)).state, 'ready')
  await page.click('#render-button')
  const end = await waitForTaskEnd(page)
  assert.equal(end.status, 'Succeeded', end.text)
  assert.ok((await playResult(page)) > 0.5)
  await context.setOffline(false)
})
