import { describe, expect, test } from 'vitest'
import { createTaskEngine } from '../../src/tasks/engine.ts'
import { IndexedDbTaskStore } from '../../src/tasks/store-indexeddb.ts'
import type { TaskNotification } from '../../src/contract/task.ts'
import { gatedPipeline } from '../support/gated-pipeline.ts'
import { concatRequest } from '../support/requests.ts'

const dbName = () => `test-tasks-${crypto.randomUUID()}`

describe('tasks over IndexedDB in Chromium', () => {
  test('a finished task is listed by a new engine instance over the same database', async () => {
    const db = dbName()
    const gate = gatedPipeline()
    const a = createTaskEngine({ pipeline: gate.pipeline, store: new IndexedDbTaskStore(db) })
    const { TaskId } = await a.createHighlightTask({ ...concatRequest(), Tags: { album: 'summer' }, UserData: 'u1' })
    await gate.reached(TaskId)
    gate.open(TaskId)
    await a.waitForTask(TaskId)
    await a.dispose()

    const b = createTaskEngine({ pipeline: gatedPipeline().pipeline, store: new IndexedDbTaskStore(db) })
    const listed = await b.listTasks({ TagSelector: 'album=summer', Status: 'Succeeded' })
    expect(listed.Tasks.map((t) => t.TaskId)).toEqual([TaskId])
    expect(await b.getTask({ TaskId })).toMatchObject({ Status: 'Succeeded', UserData: 'u1', Progress: 100 })
    await b.dispose()
  })

  test('a Running task of a page that died reads Failed (TaskInterrupted) in the next engine', async () => {
    const db = dbName()
    const worker = new Worker(new URL('./support/engine-worker.ts', import.meta.url), { type: 'module' })
    const started = new Promise<{ TaskId: string }>((resolve, reject) => {
      worker.onmessage = (e) => resolve(e.data)
      worker.onerror = (e) => reject(new Error(e.message))
    })
    worker.postMessage({ db })
    const { TaskId } = await started

    // While the worker lives, its task is Running and another engine leaves it alone.
    const watcher = createTaskEngine({ pipeline: gatedPipeline().pipeline, store: new IndexedDbTaskStore(db) })
    await watcher.ready
    expect(await watcher.getTask({ TaskId })).toMatchObject({ Status: 'Running', UserData: 'from-worker' })
    expect((await watcher.getTask({ TaskId })).Progress).toBeGreaterThan(0)
    await watcher.dispose()

    worker.terminate() // the "page" dies: its Web Lock is released
    await new Promise((r) => setTimeout(r, 100))

    const next = createTaskEngine({ pipeline: gatedPipeline().pipeline, store: new IndexedDbTaskStore(db) })
    await next.ready
    const info = await next.getTask({ TaskId })
    expect(info).toMatchObject({ Status: 'Failed', Code: 'TaskInterrupted' })
    expect(info.EndTime).toBeDefined()
    await next.dispose()
  })

  test('notifications reach subscribers and a BroadcastChannel, with UserData and the IMM envelope', async () => {
    const channelName = `highlight-test-${crypto.randomUUID()}`
    const listener = new BroadcastChannel(channelName)
    const broadcast = new Promise<TaskNotification>((resolve) => (listener.onmessage = (e) => resolve(e.data)))
    const gate = gatedPipeline()
    const engine = createTaskEngine({ pipeline: gate.pipeline, store: new IndexedDbTaskStore(dbName()), broadcastChannel: channelName })
    const direct: TaskNotification[] = []
    engine.on('notification', (n) => direct.push(n))
    const { TaskId } = await engine.createHighlightTask({ ...concatRequest(), UserData: '{"user":"ana"}' })
    await gate.reached(TaskId)
    gate.open(TaskId)
    await engine.waitForTask(TaskId)
    const received = await broadcast
    expect(received).toEqual(direct[0])
    expect(received.type).toBe('imm:Task:Highlight')
    expect(JSON.parse(received.content)).toMatchObject({ TaskId, Status: 'Succeeded', UserData: '{"user":"ana"}' })
    listener.close()
    await engine.dispose()
  })

  test('listTasks filters by tag and status and pages over IndexedDB', async () => {
    const gate = gatedPipeline()
    const engine = createTaskEngine({ pipeline: gate.pipeline, store: new IndexedDbTaskStore(dbName()), concurrency: 5 })
    const ids: string[] = []
    for (let i = 0; i < 5; i++) ids.push((await engine.createHighlightTask({ ...concatRequest(), Tags: { k: i % 2 ? 'odd' : 'even' } })).TaskId)
    for (const id of ids.slice(0, 2)) {
      await gate.reached(id)
      gate.open(id)
      await engine.waitForTask(id)
    }
    expect((await engine.listTasks({ TagSelector: 'k=even' })).Tasks).toHaveLength(3)
    expect((await engine.listTasks({ TagSelector: 'k=even', Status: 'Succeeded' })).Tasks.map((t) => t.TaskId)).toEqual([ids[0]])
    const first = await engine.listTasks({ MaxResults: 2 })
    const second = await engine.listTasks({ MaxResults: 2, NextToken: first.NextToken })
    const third = await engine.listTasks({ MaxResults: 2, NextToken: second.NextToken })
    expect(third.NextToken).toBe('')
    expect(new Set([...first.Tasks, ...second.Tasks, ...third.Tasks].map((t) => t.TaskId)).size).toBe(5)
    await engine.dispose()
  })
})
