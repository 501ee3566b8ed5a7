/** What the engine keeps about a task, in the store and in memory. */
import type { TaskStatus } from '../contract/catalogue.ts'
import type { HighlightResult, TaskInfo, TaskPlacement } from '../contract/task.ts'
import { TASK_TYPE } from '../contract/task.ts'
import type { HighlightRequestInput } from '../contract/schema.ts'

export interface TaskRecord {
  TaskId: string
  ProjectName: string
  RequestId: string
  EventId: string
  Status: TaskStatus
  Code?: string
  Message?: string
  StartTime: string
  EndTime?: string
  Progress: number
  Tags?: Record<string, string | number | boolean>
  UserData?: string
  /** The request as the caller wrote it (before defaults), for TaskRequestDefinition and cloud submission. */
  Request: HighlightRequestInput
  Placement: TaskPlacement
  Result?: HighlightResult
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
  return {
    RequestId: requestId,
    ProjectName: record.ProjectName,
    EventId: record.EventId,
    TaskId: record.TaskId,
    TaskType: TASK_TYPE,
    Status: record.Status,
    ...(record.Code !== undefined ? { Code: record.Code } : {}),
    ...(record.Message !== undefined ? { Message: record.Message } : {}),
    StartTime: record.StartTime,
    ...(record.EndTime !== undefined ? { EndTime: record.EndTime } : {}),
    Progress: record.Progress,
    ...(record.Tags !== undefined ? { Tags: record.Tags } : {}),
    ...(record.UserData !== undefined ? { UserData: record.UserData } : {}),
    ...(withDefinition ? { TaskRequestDefinition: JSON.stringify(record.Request) } : {}),
    Placement: record.Placement,
    ...(record.Result !== undefined ? { Result: record.Result } : {}),
  }
}
