// Cancel is real: a render stopped midway ends Cancelled and writes nothing; the next render succeeds.
// The second render writes an HLS set, played through hls.js and downloaded as a zip whose entries are checked.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { demoSession, openWithSamples, playResult, screenshot, waitForPlan, waitForTaskEnd } from './support.mjs'

const session = demoSession()

test('cancel a render midway, then render an HLS set that plays and downloads as a zip', { timeout: 900_000 }, async () => {
  const { server, browser } = session
  const { page, foreign, errors } = browser
  await openWithSamples(page, server.origin)
  // Concat needs no analysis, so the render starts at once.
  await page.selectOption('select[name="Type"]', 'Concat')
  await page.fill('input[name="Highlight.Content"]', '')
  const plan = await waitForPlan(page)
  assert.equal(plan.state, 'ready', plan.text)

  await page.click('#render-button')
  await page.waitForFunction(() => Number(document.querySelector('#progress [data-stage="render"]')?.getAttribute('aria-valuenow')) >= 10,
    null, { timeout: 300_000, polling: 100 })
  await page.click('#cancel-button')
  const cancelled = await waitForTaskEnd(page, 60_000)
  assert.equal(cancelled.status, 'Cancelled', cancelled.text)
  const cancelledId = await page.evaluate(() => window.demo.lastTaskId)
  await page.waitForSelector(`#task-table tr[data-task-id="${cancelledId}"][data-status="Cancelled"]`)
  const leftovers = await page.evaluate(async () => {
    const root = await navigator.storage.getDirectory()
    const dir = await root.getDirectoryHandle('highlights').catch(() => null)
    const names = []
    if (dir) for await (const name of dir.keys()) names.push(name)
    return names
  })
  assert.deepEqual(leftovers, [], 'a cancelled render leaves no file behind')

  // Render again, as HLS in MPEG-TS segments of 4 s.
  await page.selectOption('select[name="Output.Container"]', 'ts')
  await page.selectOption('select[name="Output.Segment.Format"]', 'hls')
  await page.fill('input[name="Output.Segment.Duration"]', '4')
  await page.fill('input[name="Output.URI"]', 'opfs://highlights/hls/highlight.m3u8')
  assert.equal((await waitForPlan(page)).state, 'ready')
  await page.click('#render-button')
  const done = await waitForTaskEnd(page, 600_000, { after: cancelledId })
  assert.equal(done.status, 'Succeeded', done.text)
  assert.ok((await playResult(page)) > 0.5, 'hls.js plays the set')
  await screenshot(page, 'demo-hls-result.png')

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#result-view a[data-download$=".zip"]')])
  const dir = mkdtempSync(join(tmpdir(), 'demo-zip-'))
  try {
    const zip = join(dir, 'set.zip')
    await download.saveAs(zip)
    execFileSync('unzip', ['-tq', zip]) // CRCs and structure
    const names = execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).trim().split('\n')
    assert.ok(names.includes('highlight.m3u8'), names.join(' '))
    assert.ok(names.filter((n) => n.endsWith('.ts')).length >= 2, names.join(' '))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  assert.deepEqual(foreign, [], `requests to other origins: ${foreign.join(', ')}`)
  assert.deepEqual(errors, [])
})
