/** What the engine keeps about a task, in the store and in memory. */
import type { TaskStatus } from '../contract/catalogue.ts'
import type { TaskInfo } from '../contract/task.ts'
import { TASK_TYPE } from '../contract/task.ts'
import type { HighlightRequestInput } from '../contract/schema.ts'

/** GetTask's fields (RequestId excepted: each answer has its own) plus what the engine needs to run and recover a task. */
export interface TaskRecord extends Omit<TaskInfo, 'RequestId' | 'TaskType' | 'TaskRequestDefinition'> {
  /** RequestId of the CreateHighlightTask call. */
  RequestId: string
  /** The request as the caller wrote it (before defaults), for TaskRequestDefinition and cloud submission. */
  Request: HighlightRequestInput
  /** Id of the engine instance that runs the task; a Running task whose owner is gone was interrupted. */
  Owner: string
  /** Epoch ms of the last write. */
  UpdatedAt: number
}

export const FINAL_STATUSES: readonly TaskStatus[] = ['Succeeded', 'Failed', 'Cancelled']

export function isFinal(status: TaskStatus): boolean {
  return FINAL_STATUSES.includes(status)
}

/** GetTask's view of a record. */
export function toTaskInfo(record: TaskRecord, requestId: string, withDefinition: boolean): TaskInfo {
  const { Request, Owner: _owner, UpdatedAt: _updated, RequestId: _created, ...fields } = record
  return {
    ...fields,
    RequestId: requestId,
    TaskType: TASK_TYPE,
    ...(withDefinition ? { TaskRequestDefinition: JSON.stringify(Request) } : {}),
  }
}
