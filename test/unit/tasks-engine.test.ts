import { describe, expect, test } from 'vitest'
import { createTaskEngine } from '../../src/tasks/engine.ts'
import { MemoryTaskStore } from '../../src/tasks/store.ts'
import { HighlightError } from '../../src/contract/errors.ts'
import type { TaskNotification } from '../../src/contract/task.ts'
import type { TaskRecord } from '../../src/tasks/record.ts'
import { gatedPipeline } from '../support/gated-pipeline.ts'
import { concatRequest, validRequest } from '../support/requests.ts'

function setup(concurrency = 1) {
  const gate = gatedPipeline()
  const store = new MemoryTaskStore()
  const engine = createTaskEngine({ pipeline: gate.pipeline, store, concurrency, progressWriteIntervalMs: 0 })
  return { gate, store, engine }
}

describe('createHighlightTask', () => {
  test('returns IMM ids at once and runs the task through Running to Succeeded', async () => {
    const { gate, engine } = setup()
    const res = await engine.createHighlightTask({ ...validRequest(), UserData: '{"id":"7"}' })
    expect(res.TaskId).toMatch(/^Highlight-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(res.RequestId).toMatch(/^[0-9A-F-]{36}$/)
    expect(res.EventId).toMatch(/^[0-9A-F]{3}-[0-9A-Za-z]{23}$/)
    await gate.reached(res.TaskId)
    const running = await engine.getTask({ TaskId: res.TaskId })
    expect(running).toMatchObject({ TaskType: 'Highlight', Status: 'Running', UserData: '{"id":"7"}', ProjectName: 'immtest' })
    expect(running.Progress).toBe(62) // analyse (1/4) done + half of render (3/4)
    gate.open(res.TaskId)
    const done = await engine.waitForTask(res.TaskId)
    expect(done).toMatchObject({ Status: 'Succeeded', Progress: 100 })
    expect(Date.parse(done.EndTime!)).toBeGreaterThanOrEqual(Date.parse(done.StartTime))
    const info = await engine.getTask({ TaskId: res.TaskId, RequestDefinition: true })
    expect(info.Result?.Outputs[0]).toMatchObject({ URI: 'oss://bucket/out/highlight.mp4', Size: 1234 })
    expect(JSON.parse(info.TaskRequestDefinition!)).toEqual({ ...validRequest(), UserData: '{"id":"7"}' })
    expect(info.Placement).toEqual({ Engine: 'local', Reason: 'gated test pipeline' })
  })

  test('an invalid request is refused before any task exists', async () => {
    const { engine, store } = setup()
    await expect(engine.createHighlightTask({ ...concatRequest(), Type: 'Nope' } as never)).rejects.toMatchObject({ Code: 'InvalidArgument' })
    await expect(engine.createHighlightTask('{"broken"')).rejects.toMatchObject({ Code: 'InvalidJSON' })
    expect(await store.all()).toEqual([])
  })

  test('the caller keeps its request object untouched', async () => {
    const { engine } = setup()
    const req = concatRequest()
    const copy = structuredClone(req)
    await engine.createHighlightTask(req)
    expect(req).toEqual(copy)
  })
})

describe('failure, cancel and queue', () => {
  test('a pipeline error ends Failed with its Code and Message, and cleans up', async () => {
    const { gate, engine } = setup()
    const { TaskId } = await engine.createHighlightTask(concatRequest())
    await gate.reached(TaskId)
    gate.fail(TaskId, new HighlightError('InvalidMedia', 'Sources[1] (b.mp4) is not a video'))
    const info = await engine.waitForTask(TaskId)
    expect(info).toMatchObject({ Status: 'Failed', Code: 'InvalidMedia', Message: 'Sources[1] (b.mp4) is not a video' })
    expect(gate.cleaned).toEqual([TaskId])
  })

  test('a plain Error becomes InternalError, not a crash', async () => {
    const { gate, engine } = setup()
    const { TaskId } = await engine.createHighlightTask(concatRequest())
    await gate.reached(TaskId)
    gate.fail(TaskId, new TypeError('boom'))
    expect(await engine.waitForTask(TaskId)).toMatchObject({ Status: 'Failed', Code: 'InternalError', Message: 'boom' })
  })

  test('cancel stops a running task and a queued one; the next task runs', async () => {
    const { gate, engine } = setup()
    const a = await engine.createHighlightTask(concatRequest())
    const b = await engine.createHighlightTask(concatRequest())
    await gate.reached(a.TaskId)
    expect(gate.started).toEqual([a.TaskId]) // concurrency 1: b waits
    await engine.cancelTask({ TaskId: b.TaskId })
    await engine.cancelTask({ TaskId: a.TaskId })
    expect(await engine.getTask({ TaskId: a.TaskId })).toMatchObject({ Status: 'Cancelled', Code: 'TaskCancelled' })
    expect(await engine.getTask({ TaskId: b.TaskId })).toMatchObject({ Status: 'Cancelled' })
    await expect(engine.cancelTask({ TaskId: a.TaskId })).rejects.toMatchObject({ Code: 'InvalidArgument' })
    const c = await engine.createHighlightTask(concatRequest())
    await gate.reached(c.TaskId)
    gate.open(c.TaskId)
    expect((await engine.waitForTask(c.TaskId)).Status).toBe('Succeeded')
    expect(gate.started).toEqual([a.TaskId, c.TaskId])
  })

  test('tasks queue in order and respect concurrency', async () => {
    const { gate, engine } = setup(2)
    const ids = []
    for (let i = 0; i < 5; i++) ids.push((await engine.createHighlightTask(concatRequest())).TaskId)
    await gate.reached(ids[1]!)
    expect(gate.started).toEqual(ids.slice(0, 2))
    for (const id of ids) {
      await gate.reached(id)
      gate.open(id)
      await engine.waitForTask(id)
    }
    expect(gate.started).toEqual(ids)
  })

  test('unknown task ids are ResourceNotFound', async () => {
    const { engine } = setup()
    await expect(engine.getTask({ TaskId: 'Highlight-nope' })).rejects.toMatchObject({ Code: 'ResourceNotFound' })
    await expect(engine.cancelTask({ TaskId: 'Highlight-nope' })).rejects.toMatchObject({ Code: 'ResourceNotFound' })
  })
})

describe('events and notifications', () => {
  test('progress and status events per task; the notification uses the IMM envelope with UserData', async () => {
    const { gate, engine } = setup()
    const progress: number[] = []
    const statuses: string[] = []
    const notes: TaskNotification[] = []
    engine.on('progress', (e) => progress.push(e.Progress))
    engine.on('status', (e) => statuses.push(e.Status))
    engine.on('notification', (n) => notes.push(n))
    engine.on('status', () => {
      throw new Error('a broken listener must not break the engine')
    })
    const { TaskId } = await engine.createHighlightTask({ ...validRequest(), UserData: 'user-42' })
    await gate.reached(TaskId)
    gate.open(TaskId)
    await engine.waitForTask(TaskId)
    expect(progress).toEqual([25, 62, 100])
    expect(statuses).toEqual(['Succeeded'])
    expect(notes).toHaveLength(1)
    const n = notes[0]!
    expect(n).toMatchObject({ source: 'acs.imm', type: 'imm:Task:Highlight', subject: 'acs:imm:local:local:immtest/imm:Task:Highlight' })
    expect(Number(n.time)).toBeGreaterThan(1.7e12)
    expect(JSON.parse(n.content)).toMatchObject({ ProjectName: 'immtest', TaskId, TaskType: 'Highlight', Status: 'Succeeded', UserData: 'user-42', Code: '', Message: '' })
  })
})

describe('listTasks', () => {
  test('filters by tag and status, sorts and pages with NextToken', async () => {
    const { gate, engine } = setup(3)
    const ids: string[] = []
    for (let i = 0; i < 7; i++) {
      const { TaskId } = await engine.createHighlightTask({ ...concatRequest(), Tags: { batch: i < 5 ? 'a' : 'b', n: i } })
      ids.push(TaskId)
    }
    for (const id of ids.slice(0, 4)) {
      await gate.reached(id)
      gate.open(id)
      await engine.waitForTask(id)
    }
    const byTag = await engine.listTasks({ TagSelector: 'batch=a' })
    expect(byTag.Tasks.map((t) => t.TaskId).sort()).toEqual(ids.slice(0, 5).sort())
    expect(byTag.MaxResults).toBe('100')
    const both = await engine.listTasks({ TagSelector: 'batch=a,n=4' })
    expect(both.Tasks.map((t) => t.TaskId)).toEqual([ids[4]])
    const succeeded = await engine.listTasks({ Status: 'Succeeded' })
    expect(succeeded.Tasks.map((t) => t.TaskId).sort()).toEqual(ids.slice(0, 4).sort())
    const running = await engine.listTasks({ Status: 'Running', TagSelector: 'batch' })
    expect(running.Tasks).toHaveLength(3)

    const seen: string[] = []
    let token = ''
    let pages = 0
    do {
      const page = await engine.listTasks({ MaxResults: 3, NextToken: token, Sort: 'StartTime', Order: 'desc' })
      seen.push(...page.Tasks.map((t) => t.TaskId))
      token = page.NextToken
      pages++
    } while (token)
    expect(pages).toBe(3)
    expect(new Set(seen).size).toBe(7)
    await expect(engine.listTasks({ MaxResults: 101 })).rejects.toMatchObject({ Code: 'InvalidArgument' })
    await expect(engine.listTasks({ NextToken: 'garbage!' })).rejects.toMatchObject({ Code: 'InvalidArgument' })
    expect((await engine.listTasks({ TaskTypes: ['MediaConvert'] })).Tasks).toEqual([])
  })
})

describe('persistence and interrupted tasks', () => {
  test('a new engine over the same store lists finished tasks and fails a Running task whose owner is gone', async () => {
    const { gate, store, engine } = setup()
    const done = await engine.createHighlightTask(concatRequest())
    await gate.reached(done.TaskId)
    gate.open(done.TaskId)
    await engine.waitForTask(done.TaskId)
    // A record left Running by an engine instance that no longer exists (a page that died).
    const orphan: TaskRecord = {
      ...(await store.get(done.TaskId))!, TaskId: 'Highlight-00000000-0000-4000-8000-000000000001', Status: 'Running',
      Progress: 40, Owner: 'dead-owner', EndTime: undefined, Result: undefined,
    }
    await store.put(orphan)
    const gate2 = gatedPipeline()
    const engine2 = createTaskEngine({ pipeline: gate2.pipeline, store })
    await engine2.ready
    expect(await engine2.getTask({ TaskId: done.TaskId })).toMatchObject({ Status: 'Succeeded' })
    expect(await engine2.getTask({ TaskId: orphan.TaskId })).toMatchObject({ Status: 'Failed', Code: 'TaskInterrupted' })
    expect(gate2.cleaned).toEqual([orphan.TaskId])
    // A Running task of a live engine is left alone.
    const live = await engine.createHighlightTask(concatRequest())
    await gate.reached(live.TaskId)
    const engine3 = createTaskEngine({ pipeline: gatedPipeline().pipeline, store })
    await engine3.ready
    expect((await engine3.getTask({ TaskId: live.TaskId })).Status).toBe('Running')
    await engine.dispose()
    expect((await store.get(live.TaskId))!.Status).toBe('Cancelled')
  })
})
