/**
 * Runs a request on IMM and follows it to the end: CreateHighlightTask, then GetTask every
 * `pollIntervalMs` until Succeeded or Failed, reporting each change in the engine's own terms.
 *
 * IMM has no cancel for highlight tasks. Aborting stops the polling only: the cloud task keeps
 * running (and is billed); the final info says so, with the IMM TaskId to follow it later.
 */
import { HighlightError } from '../contract/errors.ts'
import type { HighlightRequestInput } from '../contract/schema.ts'
import { parseRequest } from '../contract/validate.ts'
import type { CallOptions, CloudTaskInfo, ImmClient } from './client.ts'
import { CLOUD_CODES } from './errors.ts'

export interface CloudRunInfo {
  /** Running, Succeeded, Failed, or Cancelled when the caller stopped following. */
  Status: 'Running' | 'Succeeded' | 'Failed' | 'Cancelled'
  /** 0..100 */
  Progress: number
  Code?: string
  Message?: string
  /** IMM's TaskId, once CreateHighlightTask has answered. */
  CloudTaskId?: string
  /** RequestId and EventId of CreateHighlightTask. */
  RequestId?: string
  EventId?: string
  StartTime?: string
  EndTime?: string
}

export interface CloudRunOptions {
  signal?: AbortSignal
  /** Time between GetTask calls (default 5 s). */
  pollIntervalMs?: number
  /** Called with every new state (not with repeats of the same one). */
  onUpdate?(info: CloudRunInfo): void
}

export const DEFAULT_POLL_INTERVAL_MS = 5000

/** The Message of a cancelled cloud run. */
export function noCancelMessage(cloudTaskId: string | undefined): string {
  return cloudTaskId
    ? `Stopped following IMM task ${cloudTaskId}. IMM has no cancel for highlight tasks: it keeps running in the cloud and is billed; follow it with GetTask or ListTasks.`
    : 'Stopped before IMM answered CreateHighlightTask. IMM has no cancel for highlight tasks: if the request reached it, the task runs in the cloud and is billed; look for it with ListTasks.'
}

type CloudClient = Pick<ImmClient, 'createHighlightTask' | 'getTask'>

export async function runCloudTask(client: CloudClient, request: HighlightRequestInput | string, opts: CloudRunOptions = {}): Promise<CloudRunInfo> {
  const { ProjectName } = parseRequest(request)
  if (opts.signal?.aborted) return cancelled({ Status: 'Running', Progress: 0 }, opts)
  let created
  try {
    created = await client.createHighlightTask(request, callOptions(opts))
  } catch (err) {
    if (isAbort(err, opts)) return cancelled({ Status: 'Running', Progress: 0 }, opts)
    throw err
  }
  const start: CloudRunInfo = {
    Status: 'Running', Progress: 0, CloudTaskId: created.TaskId, RequestId: created.RequestId,
    ...(created.EventId ? { EventId: created.EventId } : {}),
  }
  opts.onUpdate?.(start)
  return followCloudTask(client, { ProjectName, TaskId: created.TaskId }, opts, start)
}

/** Polls an existing IMM task until it ends (also for resuming a task after a reload). */
export async function followCloudTask(client: Pick<ImmClient, 'getTask'>, task: { ProjectName: string; TaskId: string },
  opts: CloudRunOptions = {}, start: CloudRunInfo = { Status: 'Running', Progress: 0, CloudTaskId: task.TaskId }): Promise<CloudRunInfo> {
  let info = start
  const interval = opts.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS
  for (;;) {
    if (!(await wait(interval, opts.signal))) return cancelled(info, opts)
    let answer: CloudTaskInfo
    try {
      answer = await client.getTask(task, callOptions(opts))
    } catch (err) {
      if (isAbort(err, opts)) return cancelled(info, opts)
      const e = HighlightError.from(err)
      throw new HighlightError(e.Code, `${e.Message} (while following IMM task ${task.TaskId})`, {
        cause: err, ...(e.RequestId ? { RequestId: e.RequestId } : {}),
      })
    }
    const next = mapCloudTask(answer, info)
    if (!sameState(next, info)) opts.onUpdate?.(next)
    info = next
    if (info.Status === 'Succeeded' || info.Status === 'Failed') return info
  }
}

/** GetTask's answer in the engine's terms, keeping what the previous state knew. */
export function mapCloudTask(task: CloudTaskInfo, previous: CloudRunInfo): CloudRunInfo {
  const status = task.Status === 'Succeeded' || task.Status === 'Failed' ? task.Status : 'Running'
  const progress = status === 'Succeeded' ? 100
    : typeof task.Progress === 'number' && Number.isFinite(task.Progress) ? Math.min(100, Math.max(0, task.Progress))
    : previous.Progress
  const failure = status === 'Failed'
    ? { Code: task.Code || 'InternalError', Message: task.Message || `IMM reported task ${task.TaskId} as Failed without a message` }
    : {}
  return {
    ...withoutOutcome(previous),
    Status: status,
    Progress: progress,
    CloudTaskId: task.TaskId || previous.CloudTaskId,
    ...(task.StartTime ? { StartTime: task.StartTime } : {}),
    ...(task.EndTime ? { EndTime: task.EndTime } : {}),
    ...failure,
  } as CloudRunInfo
}

function withoutOutcome(info: CloudRunInfo): CloudRunInfo {
  const { Code: _code, Message: _message, ...rest } = info
  return rest
}

function cancelled(info: CloudRunInfo, opts: CloudRunOptions): CloudRunInfo {
  const out: CloudRunInfo = { ...info, Status: 'Cancelled', Code: 'TaskCancelled', Message: noCancelMessage(info.CloudTaskId) }
  opts.onUpdate?.(out)
  return out
}

function sameState(a: CloudRunInfo, b: CloudRunInfo): boolean {
  return a.Status === b.Status && a.Progress === b.Progress && a.Code === b.Code && a.Message === b.Message
}

function isAbort(err: unknown, opts: CloudRunOptions): boolean {
  return opts.signal?.aborted === true || (err instanceof HighlightError && err.Code === CLOUD_CODES.aborted)
}

function callOptions(opts: CloudRunOptions): CallOptions {
  return opts.signal ? { signal: opts.signal } : {}
}

/** Resolves true after `ms`, or false as soon as the signal aborts. */
function wait(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false)
    const onAbort = () => {
      clearTimeout(timer)
      resolve(false)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve(true)
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
