/**
 * A dedicated worker standing for a page that dies mid-task: it runs the public engine over IndexedDB and renders
 * to an `opfs://` output. Its OPFS writes are frozen right after the first staged file is closed (the page "hangs"
 * between staging and commit); it then tells the test, which terminates it. The next engine must mark the task
 * Failed (TaskInterrupted) and remove that task's staged file, and nothing else.
 */
import { createHighlightEngine } from '../../src/runtime/create-engine.ts'
import { IndexedDbTaskStore } from '../../src/tasks/store-indexeddb.ts'
import type { HighlightRequestInput } from '../../src/contract/schema.ts'

interface Job {
  db: string
  media: Blob
  request: HighlightRequestInput
}

self.onmessage = async (e: MessageEvent<Job>) => {
  const { db, media, request } = e.data
  let taskId = ''
  const proto = FileSystemWritableFileStream.prototype
  const close = proto.close
  proto.close = async function (this: FileSystemWritableFileStream) {
    await close.call(this)
    self.postMessage({ staged: true, TaskId: taskId })
    return new Promise<void>(() => {}) // frozen: the commit never comes
  }
  const engine = createHighlightEngine({ store: new IndexedDbTaskStore(db), files: { 'local://good.mp4': media }, detectors: false })
  taskId = (await engine.createHighlightTask(request)).TaskId
  self.postMessage({ started: true, TaskId: taskId })
}
