// The demo as a person uses it: bundled samples, a changed transition, a local render to Succeeded, the
// result playing in the page, the timeline matching the plan the engine rendered, the task list surviving
// a reload, and not one request to another origin.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { demoSession, openWithSamples, playResult, screenshot, waitForPlan, waitForTaskEnd } from './support.mjs'

const session = demoSession()

test('samples -> wipeleft -> render -> plays, timeline = rendered plan, nothing leaves the origin', { timeout: 900_000 }, async () => {
  const { server, browser } = session
  const { page, foreign, errors } = browser
  await openWithSamples(page, server.origin)
  const first = await waitForPlan(page)
  assert.equal(first.state, 'ready', first.text)

  // A validation error shows at its field with its IMM code, then goes away.
  await page.fill('input[name="Output.Speed"]', '2')
  await page.waitForSelector('label[data-path="Output.Speed"].invalid')
  const speedError = await page.textContent('label[data-path="Output.Speed"] .field-error')
  assert.match(speedError, /^LimitExceededError: Output\.Speed/)
  assert.equal(await page.isDisabled('#render-button'), true)
  await page.fill('input[name="Output.Speed"]', '')
  await page.waitForSelector('label[data-path="Output.Speed"]:not(.invalid)')

  // Change the transition in the form; the JSON editor and the plan follow.
  await page.selectOption('select[name="Edit.Transitions[0].Transition"]', 'wipeleft')
  const json = JSON.parse(await page.inputValue('#json-editor'))
  assert.equal(json.Edit.Transitions[0].Transition, 'wipeleft')
  const plan = await waitForPlan(page)
  assert.equal(plan.state, 'ready', plan.text)
  const junctions = await page.$$eval('#timeline [data-transition]', (els) => els.map((e) => e.getAttribute('data-transition')))
  assert.ok(junctions.includes('wipeleft') || plan.clips === 1, `junctions: ${junctions}`)
  assert.ok(!junctions.includes('fade'), `the old transition is gone: ${junctions}`)
  await screenshot(page, 'demo-plan.png')

  const requestsBefore = foreign.length
  await page.click('#render-button')
  await page.waitForSelector('#progress [data-stage="render"]')
  const end = await waitForTaskEnd(page)
  assert.equal(end.status, 'Succeeded', end.text)
  assert.equal(foreign.length, requestsBefore, `requests to other origins: ${foreign.join(', ')}`)

  const time = await playResult(page)
  assert.ok(time > 0.5, `currentTime ${time}`)

  // The timeline shows as many clips as the engine rendered (Result.Plan), and the status line agrees.
  const rendered = Number(await page.getAttribute('#result-view', 'data-plan-clips'))
  const drawn = await page.$$eval('#timeline [data-clip]', (els) => els.length)
  assert.ok(rendered >= 1)
  assert.equal(drawn, rendered)
  assert.equal((await waitForPlan(page)).clips, rendered)
  const taskId = await page.evaluate(() => window.demo.lastTaskId)
  const info = await page.evaluate((id) => window.demo.engine.getTask({ TaskId: id }).then((t) => ({
    clips: t.Result.Plan.clips.length, outputs: t.Result.Outputs.map((o) => o.URI), userData: t.UserData,
  })), taskId)
  assert.equal(info.clips, drawn)
  assert.deepEqual(info.outputs, ['opfs://highlights/highlight.mp4'])
  await screenshot(page, 'demo-result.png')

  // The task list shows it with its UserData, and still does after a reload (the result reopens from OPFS).
  const row = `#task-table tr[data-task-id="${taskId}"]`
  await page.waitForSelector(`${row}[data-status="Succeeded"]`)
  assert.match(await page.textContent(row), /\{"from":"demo"\}/)
  await page.reload()
  await page.waitForSelector(`${row}[data-status="Succeeded"]`)
  await page.click(`${row} button:text("Open")`)
  assert.ok((await playResult(page, 0.3)) > 0.3)

  assert.deepEqual(foreign, [], `requests to other origins: ${foreign.join(', ')}`)
  assert.deepEqual(errors, [])
})
