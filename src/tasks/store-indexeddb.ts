/** Task records in IndexedDB (through `idb`): they survive page reloads and are shared by the tabs of an origin. */
import { openDB, type IDBPDatabase } from 'idb'
import { persistable, type TaskStore } from './store.ts'
import type { TaskRecord } from './record.ts'

const STORE = 'tasks'

export class IndexedDbTaskStore implements TaskStore {
  readonly #db: Promise<IDBPDatabase>

  constructor(readonly name = 'imm-highlight-engine') {
    this.#db = openDB(name, 1, {
      upgrade(db) {
        db.createObjectStore(STORE, { keyPath: 'TaskId' })
      },
    })
  }

  async get(taskId: string): Promise<TaskRecord | undefined> {
    return (await this.#db).get(STORE, taskId)
  }

  async put(record: TaskRecord): Promise<void> {
    await (await this.#db).put(STORE, persistable(record))
  }

  async all(): Promise<TaskRecord[]> {
    return (await this.#db).getAll(STORE)
  }

  async delete(taskId: string): Promise<void> {
    await (await this.#db).delete(STORE, taskId)
  }

  async close(): Promise<void> {
    ;(await this.#db).close()
  }
}

export function indexedDbAvailable(): boolean {
  return typeof indexedDB !== 'undefined'
}
