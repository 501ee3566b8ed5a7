/**
 * Where task records live. The browser default is IndexedDB (store-indexeddb.ts), so a task listed before
 * a page reload is listed after it; Node and tests use the memory store.
 */
import type { TaskRecord } from './record.ts'

export interface TaskStore {
  get(taskId: string): Promise<TaskRecord | undefined>
  put(record: TaskRecord): Promise<void>
  /** Every record (filtering and paging happen in list.ts). */
  all(): Promise<TaskRecord[]>
  delete(taskId: string): Promise<void>
  close(): Promise<void>
}

/** Records are stored without Blobs: in-memory outputs do not survive a reload (README "Decisions"). */
export function persistable(record: TaskRecord): TaskRecord {
  if (!record.Result) return record
  return {
    ...record,
    Result: { ...record.Result, Outputs: record.Result.Outputs.map(({ Blob: _blob, ...rest }) => rest) },
  }
}

export class MemoryTaskStore implements TaskStore {
  readonly #records = new Map<string, TaskRecord>()

  async get(taskId: string) {
    const r = this.#records.get(taskId)
    return r ? structuredClone(r) : undefined
  }

  async put(record: TaskRecord) {
    this.#records.set(record.TaskId, structuredClone(persistable(record)))
  }

  async all() {
    return [...this.#records.values()].map((r) => structuredClone(r))
  }

  async delete(taskId: string) {
    this.#records.delete(taskId)
  }

  async close() {}
}
