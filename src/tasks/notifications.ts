/** Builds the IMM asynchronous message (imm-spec.md §5.3) for a finished task. */
import type { NotificationContent, TaskNotification } from '../contract/task.ts'
import { TASK_TYPE } from '../contract/task.ts'
import type { TaskRecord } from './record.ts'

export interface NotificationOrigin {
  /** Region in the subject; `local` for tasks that ran in the browser. */
  region: string
  /** Account id in the subject; `local` for tasks that ran in the browser. */
  accountId: string
}

export function buildNotification(record: TaskRecord, origin: NotificationOrigin, id: string): TaskNotification {
  const content: NotificationContent = {
    ProjectName: record.ProjectName,
    RequestId: record.RequestId,
    TaskType: TASK_TYPE,
    TaskId: record.TaskId,
    Status: record.Status,
    Code: record.Code ?? '',
    Message: record.Message ?? '',
    StartTime: record.StartTime,
    EndTime: record.EndTime ?? '',
    UserData: record.UserData ?? '',
    ...(record.Tags ? { Tags: record.Tags } : {}),
    ...(record.Result
      ? { Outputs: record.Result.Outputs.map(({ URI, Size, Duration }) => ({ URI, Size, ...(Duration !== undefined ? { Duration } : {}) })) }
      : {}),
  }
  return {
    id,
    source: 'acs.imm',
    type: `imm:Task:${TASK_TYPE}`,
    subject: `acs:imm:${origin.region}:${origin.accountId}:${record.ProjectName}/imm:Task:${TASK_TYPE}`,
    time: String(Date.parse(record.EndTime ?? record.StartTime)),
    content: JSON.stringify(content),
  }
}
