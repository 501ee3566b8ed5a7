/**
 * A dedicated worker that runs an engine over IndexedDB and starts one task that never finishes by itself.
 * The test terminates the worker to stand for a page that died mid-task.
 */
import { createTaskEngine } from '../../../src/tasks/engine.ts'
import { IndexedDbTaskStore } from '../../../src/tasks/store-indexeddb.ts'
import { gatedPipeline } from '../../support/gated-pipeline.ts'
import { concatRequest } from '../../support/requests.ts'

self.onmessage = async (e: MessageEvent<{ db: string }>) => {
  const gate = gatedPipeline()
  const engine = createTaskEngine({ pipeline: gate.pipeline, store: new IndexedDbTaskStore(e.data.db), progressWriteIntervalMs: 0 })
  const { TaskId } = await engine.createHighlightTask({ ...concatRequest(), UserData: 'from-worker' })
  await gate.reached(TaskId)
  // Let the throttled progress write land before telling the page.
  await new Promise((r) => setTimeout(r, 50))
  self.postMessage({ TaskId })
}
