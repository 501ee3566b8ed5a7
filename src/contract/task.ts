/**
 * Response shapes of CreateHighlightTask, GetTask and ListTasks (imm-spec.md §6), the notification
 * envelope (§5.3), and the result a finished local task reports.
 */
import type { TaskStatus } from './catalogue.ts'
import type { HighlightRequest } from './schema.ts'

export const TASK_TYPE = 'Highlight'

export interface CreateHighlightTaskResponse {
  RequestId: string
  EventId: string
  /** `Highlight-<uuid>` */
  TaskId: string
}

export interface GetTaskRequest {
  TaskId: string
  ProjectName?: string
  TaskType?: typeof TASK_TYPE
  /** Also return the request (as a JSON string in TaskRequestDefinition). Default true locally. */
  RequestDefinition?: boolean
}

/** Where a task ran, and why there (README "Cloud fallback"). */
export interface TaskPlacement {
  Engine: 'local' | 'cloud'
  Reason: string
  /** The IMM TaskId of the cloud task, when it ran in the cloud. */
  CloudTaskId?: string
}

/** A highlight segment chosen by analysis: what Retrieval returns and Compose renders. */
export interface SelectedSegment {
  /** Index into Sources. */
  SourceIndex: number
  URI: string
  /** Seconds in the source. */
  StartTime: number
  EndTime: number
  /** 0..1, higher is better. */
  Score: number
  /** Short words that say why it was chosen ("face", "speech", "sharp", ...). */
  Reasons: string[]
}

/** One file the task wrote. */
export interface OutputFile {
  URI: string
  Size: number
  /** Seconds, for media files (playlists and manifests have none). */
  Duration?: number
  /** Present when the output sink keeps bytes in memory. */
  Blob?: Blob
}

export interface StageTiming {
  Stage: string
  Milliseconds: number
}

/** What a succeeded task hands back, beyond the IMM GetTask fields. */
export interface HighlightResult {
  Outputs: OutputFile[]
  /** Chosen segments (Retrieval and Compose; for Concat, the clips as given). */
  Segments: SelectedSegment[]
  /** The edit decision list that was rendered, as JSON (src/edit/edl.ts). */
  Plan?: unknown
  Timings: StageTiming[]
  /** Which decode path analysis used, model timings, and other facts worth reporting. */
  Details?: Record<string, unknown>
}

/** GetTask's response (imm-spec.md §6.2) plus the local extras `Result` and `Placement`. */
export interface TaskInfo {
  RequestId: string
  ProjectName: string
  EventId: string
  TaskId: string
  TaskType: typeof TASK_TYPE
  Status: TaskStatus
  Code?: string
  Message?: string
  /** ISO 8601 UTC. */
  StartTime: string
  EndTime?: string
  /** 0..100 */
  Progress: number
  Tags?: Record<string, string | number | boolean>
  UserData?: string
  /** The request as a JSON string, when asked for. */
  TaskRequestDefinition?: string
  Placement: TaskPlacement
  Result?: HighlightResult
}

export interface ListTasksRequest {
  ProjectName?: string
  TaskTypes?: string[]
  Status?: TaskStatus
  /** `key=value`, several joined by `,` (all must match), or `key` alone (tag present). */
  TagSelector?: string
  StartTimeRange?: { Start?: string; End?: string }
  EndTimeRange?: { Start?: string; End?: string }
  Sort?: 'TaskId' | 'StartTime' | 'EndTime'
  Order?: 'asc' | 'desc'
  /** (0, 100], default 100. */
  MaxResults?: number
  NextToken?: string
  RequestDefinition?: boolean
}

export interface ListTasksResponse {
  RequestId: string
  ProjectName?: string
  Tasks: Omit<TaskInfo, 'RequestId' | 'ProjectName' | 'EventId' | 'Result'>[]
  NextToken: string
  /** A string, as IMM returns it. */
  MaxResults: string
}

/** The IMM asynchronous message envelope (MNS / RocketMQ / EventBridge shape). */
export interface TaskNotification {
  id: string
  source: 'acs.imm'
  type: `imm:Task:${typeof TASK_TYPE}`
  subject: string
  /** Epoch milliseconds, as a string. */
  time: string
  /** JSON string of NotificationContent. */
  content: string
}

export interface NotificationContent {
  ProjectName: string
  RequestId: string
  TaskType: typeof TASK_TYPE
  TaskId: string
  Status: TaskStatus
  Code: string
  Message: string
  StartTime: string
  EndTime: string
  UserData: string
  Tags?: Record<string, string | number | boolean>
  Outputs?: { URI: string; Size: number; Duration?: number }[]
}

export type { HighlightRequest }
