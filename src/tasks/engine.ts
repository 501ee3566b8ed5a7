/**
 * The task engine: createHighlightTask / getTask / listTasks / cancelTask over a store, a queue and a pipeline.
 * A task is a small state machine: Running -> Succeeded | Failed | Cancelled. IMM has no "queued" status, so a
 * queued task reads Running with Progress 0.
 */
import { HighlightError } from '../contract/errors.ts'
import { parseRequest } from '../contract/validate.ts'
import type { HighlightRequest, HighlightRequestInput } from '../contract/schema.ts'
import type {
  CreateHighlightTaskResponse, GetTaskRequest, HighlightResult, ListTasksRequest, ListTasksResponse, TaskInfo,
  TaskNotification, TaskPlacement,
} from '../contract/task.ts'
import type { TaskStatus } from '../contract/catalogue.ts'
import { newEventId, newRequestId, newTaskId, seedFrom } from './ids.ts'
import { isFinal, toTaskInfo, type TaskRecord } from './record.ts'
import { MemoryTaskStore, type TaskStore } from './store.ts'
import { IndexedDbTaskStore, indexedDbAvailable } from './store-indexeddb.ts'
import { claimOwnership, isOwnerAlive, type OwnerHandle } from './liveness.ts'
import { buildNotification, type NotificationOrigin } from './notifications.ts'
import { listRecords } from './list.ts'
import { ProgressMeter, type Pipeline } from './pipeline.ts'
import { Emitter, type EngineEvents, type Listener } from './events.ts'
import { noCancelMessage } from '../cloud/cloud-runner.ts'

export interface TaskEngineOptions {
  /** The work a task does. */
  pipeline: Pipeline
  /** Task records. Default: IndexedDB where it exists, memory otherwise. */
  store?: TaskStore
  /** Tasks run at once; the rest wait in order. Default 1 (one ffmpeg.wasm at a time). */
  concurrency?: number
  /** Also post every notification on a BroadcastChannel of this name (other tabs, service workers). */
  broadcastChannel?: string
  /** Region and account in notification subjects. Default `local`. */
  notificationOrigin?: Partial<NotificationOrigin>
  /** Minimum milliseconds between two progress writes to the store. Default 1000. */
  progressWriteIntervalMs?: number
}

export interface CreateTaskOptions {
  /** Seed for random choices. Default: derived from the request, so the same request gives the same plan. */
  seed?: number
  /**
   * Analyses already computed for exactly these sources, Mode and Content (e.g. by a plan preview), so the task
   * skips decoding them again. Used only when there is one per source with the same URIs.
   */
  analyses?: readonly unknown[]
}

interface LiveTask {
  record: TaskRecord
  controller: AbortController
  request: HighlightRequest
  seed: number
  analyses?: readonly unknown[]
  lastWrite: number
}

export interface HighlightEngine {
  /** Resolves once interrupted tasks of dead pages have been marked Failed. */
  readonly ready: Promise<void>
  createHighlightTask(request: HighlightRequestInput | string, options?: CreateTaskOptions): Promise<CreateHighlightTaskResponse>
  getTask(req: GetTaskRequest): Promise<TaskInfo>
  listTasks(req?: ListTasksRequest): Promise<ListTasksResponse>
  cancelTask(req: { TaskId: string; ProjectName?: string }): Promise<{ RequestId: string }>
  /** Resolves with the task once it has ended (Succeeded, Failed or Cancelled). */
  waitForTask(taskId: string): Promise<TaskInfo>
  on<K extends keyof EngineEvents>(type: K, listener: Listener<EngineEvents[K]>): () => void
  /** Stops every running task (they end Cancelled) and releases the store. */
  dispose(): Promise<void>
}

export function createTaskEngine(options: TaskEngineOptions): HighlightEngine {
  return new Engine(options)
}

const nowIso = () => new Date().toISOString()

/** How many finished tasks keep their in-memory output Blobs reachable through getTask (README "Decisions"). */
const FINISHED_KEPT = 32

class Engine implements HighlightEngine {
  readonly ready: Promise<void>
  readonly #pipeline: Pipeline
  readonly #store: TaskStore
  readonly #concurrency: number
  readonly #owner: OwnerHandle
  readonly #events = new Emitter<EngineEvents>()
  readonly #live = new Map<string, LiveTask>()
  /** Recently finished records with their in-memory output Blobs (the store keeps records without Blobs). */
  readonly #finished = new Map<string, TaskRecord>()
  readonly #queue: string[] = []
  readonly #waiters = new Map<string, ((info: TaskInfo) => void)[]>()
  readonly #origin: NotificationOrigin
  readonly #channel?: BroadcastChannel
  readonly #progressInterval: number
  #running = 0
  #disposed = false

  constructor(options: TaskEngineOptions) {
    this.#pipeline = options.pipeline
    this.#store = options.store ?? (indexedDbAvailable() ? new IndexedDbTaskStore() : new MemoryTaskStore())
    this.#concurrency = Math.max(1, Math.floor(options.concurrency ?? 1))
    this.#progressInterval = options.progressWriteIntervalMs ?? 1000
    this.#origin = { region: 'local', accountId: 'local', ...options.notificationOrigin }
    if (options.broadcastChannel && typeof BroadcastChannel !== 'undefined') {
      this.#channel = new BroadcastChannel(options.broadcastChannel)
    }
    this.#owner = claimOwnership(globalThis.crypto.randomUUID())
    this.ready = this.#owner.ready.then(() => this.#recoverInterrupted())
  }

  /** Running tasks whose owner page died can never finish: they read Failed, and their leftovers are removed. */
  async #recoverInterrupted(): Promise<void> {
    for (const record of await this.#store.all()) {
      if (record.Status !== 'Running' || (await isOwnerAlive(record.Owner))) continue
      const ended: TaskRecord = {
        ...record,
        Status: 'Failed',
        Code: 'TaskInterrupted',
        Message: 'The page or worker that ran this task closed before the task finished',
        EndTime: nowIso(),
        UpdatedAt: Date.now(),
      }
      await this.#store.put(ended)
      await this.#pipeline.cleanup?.(record).catch(() => {})
    }
  }

  async createHighlightTask(input: HighlightRequestInput | string, options: CreateTaskOptions = {}): Promise<CreateHighlightTaskResponse> {
    this.#assertOpen()
    const request = parseRequest(input)
    const asGiven: HighlightRequestInput = typeof input === 'string' ? JSON.parse(input) : structuredClone(input)
    await this.ready
    const record: TaskRecord = {
      TaskId: newTaskId(),
      ProjectName: request.ProjectName,
      RequestId: newRequestId(),
      EventId: newEventId(),
      Status: 'Running',
      StartTime: nowIso(),
      Progress: 0,
      ...(request.Tags ? { Tags: request.Tags } : {}),
      ...(request.UserData !== undefined ? { UserData: request.UserData } : {}),
      Request: asGiven,
      Placement: { Engine: 'local', Reason: 'queued' },
      Owner: this.#owner.id,
      UpdatedAt: Date.now(),
    }
    const seed = options.seed ?? seedFrom(JSON.stringify(request))
    this.#live.set(record.TaskId, {
      record, controller: new AbortController(), request, seed, lastWrite: 0, ...(options.analyses ? { analyses: options.analyses } : {}),
    })
    await this.#store.put(record)
    this.#queue.push(record.TaskId)
    this.#pump()
    return { RequestId: record.RequestId, EventId: record.EventId, TaskId: record.TaskId }
  }

  async getTask(req: GetTaskRequest): Promise<TaskInfo> {
    const record = await this.#find(req.TaskId, req.ProjectName)
    return toTaskInfo(record, newRequestId(), req.RequestDefinition ?? false)
  }

  async listTasks(req: ListTasksRequest = {}): Promise<ListTasksResponse> {
    await this.ready
    const stored = await this.#store.all()
    // Live records are fresher than stored ones (progress is written to the store at most once a second).
    const records = stored.map((r) => this.#live.get(r.TaskId)?.record ?? r)
    const page = listRecords(records, req)
    return {
      RequestId: newRequestId(),
      ...(req.ProjectName ? { ProjectName: req.ProjectName } : {}),
      Tasks: page.records.map((r) => {
        const { RequestId: _r, ProjectName: _p, EventId: _e, Result: _res, ...info } = toTaskInfo(r, '', req.RequestDefinition ?? false)
        return info
      }),
      NextToken: page.nextToken,
      MaxResults: String(page.maxResults),
    }
  }

  async cancelTask(req: { TaskId: string; ProjectName?: string }): Promise<{ RequestId: string }> {
    const record = await this.#find(req.TaskId, req.ProjectName)
    if (isFinal(record.Status)) {
      throw new HighlightError('InvalidArgument', `Task ${record.TaskId} has already ended (${record.Status}); only a Running task can be cancelled`)
    }
    const live = this.#live.get(record.TaskId)
    if (!live) {
      throw new HighlightError('InvalidArgument', `Task ${record.TaskId} runs in another page or engine instance; cancel it there`)
    }
    if (live.record.Placement.Engine === 'cloud') {
      // IMM has no cancel operation for highlight tasks: stop following it, and say so.
      live.controller.abort(new HighlightError('TaskCancelled', noCancelMessage(live.record.Placement.CloudTaskId)))
    } else {
      live.controller.abort(new HighlightError('TaskCancelled', 'The task was cancelled'))
    }
    const index = this.#queue.indexOf(record.TaskId)
    if (index >= 0) this.#queue.splice(index, 1)
    await this.#finish(live, 'Cancelled', { Code: 'TaskCancelled', Message: (live.controller.signal.reason as HighlightError).Message })
    return { RequestId: newRequestId() }
  }

  waitForTask(taskId: string): Promise<TaskInfo> {
    return this.#find(taskId).then((record) => {
      if (isFinal(record.Status)) return toTaskInfo(record, newRequestId(), false)
      return new Promise<TaskInfo>((resolve) => {
        const list = this.#waiters.get(taskId) ?? []
        list.push(resolve)
        this.#waiters.set(taskId, list)
      })
    })
  }

  on<K extends keyof EngineEvents>(type: K, listener: Listener<EngineEvents[K]>): () => void {
    return this.#events.on(type, listener)
  }

  async dispose(): Promise<void> {
    if (this.#disposed) return
    this.#queue.length = 0
    await Promise.all([...this.#live.values()].map((live) => this.cancelTask({ TaskId: live.record.TaskId }).catch(() => {})))
    this.#disposed = true
    this.#events.clear()
    this.#channel?.close()
    this.#owner.release()
    await this.#store.close()
  }

  // ---- internals ----

  #assertOpen() {
    if (this.#disposed) throw new HighlightError('InvalidArgument', 'This engine has been disposed; create a new one')
  }

  async #find(taskId: string, projectName?: string): Promise<TaskRecord> {
    if (typeof taskId !== 'string' || taskId.length === 0) throw new HighlightError('MissingTaskId', 'TaskId is required')
    const record = this.#live.get(taskId)?.record ?? this.#finished.get(taskId) ?? (await this.ready, await this.#store.get(taskId))
    if (!record || (projectName !== undefined && record.ProjectName !== projectName)) {
      throw new HighlightError('ResourceNotFound', `The specified task ${taskId} is not found`)
    }
    return record
  }

  #pump(): void {
    while (this.#running < this.#concurrency && this.#queue.length > 0) {
      const live = this.#live.get(this.#queue.shift()!)
      if (!live || isFinal(live.record.Status)) continue
      this.#running++
      void this.#run(live).finally(() => {
        this.#running--
        this.#pump()
      })
    }
  }

  async #run(live: LiveTask): Promise<void> {
    const { record, controller } = live
    const meter = new ProgressMeter(this.#pipeline.stages(live.request))
    try {
      const result = await this.#pipeline.run({
        taskId: record.TaskId,
        request: live.request,
        input: record.Request,
        signal: controller.signal,
        seed: live.seed,
        ...(live.analyses ? { analyses: live.analyses } : {}),
        progress: (stage, fraction) => this.#onProgress(live, meter, stage, fraction),
        place: (placement: TaskPlacement) => {
          record.Placement = placement
        },
      })
      controller.signal.throwIfAborted()
      await this.#finish(live, 'Succeeded', { Result: result })
    } catch (err) {
      if (isFinal(record.Status)) return // cancelled (or disposed) while running
      const error = controller.signal.aborted ? HighlightError.from(controller.signal.reason) : HighlightError.from(err)
      await this.#pipeline.cleanup?.(record).catch(() => {})
      await this.#finish(live, error.Code === 'TaskCancelled' ? 'Cancelled' : 'Failed', { Code: error.Code, Message: error.Message })
    }
  }

  #onProgress(live: LiveTask, meter: ProgressMeter, stage: string, fraction: number) {
    if (isFinal(live.record.Status)) return
    const before = live.record.Progress
    const progress = meter.update(stage, fraction)
    live.record.Progress = progress
    this.#events.emit('progress', { TaskId: live.record.TaskId, Progress: progress, Stage: stage, StageProgress: Math.min(1, Math.max(0, fraction)) })
    const now = Date.now()
    if (progress !== before && now - live.lastWrite >= this.#progressInterval) {
      live.lastWrite = now
      void this.#store.put({ ...live.record, UpdatedAt: now }).catch(() => {})
    }
  }

  async #finish(
    live: LiveTask,
    status: Exclude<TaskStatus, 'Running'>,
    extra: { Code?: string; Message?: string; Result?: HighlightResult },
  ): Promise<void> {
    const record = live.record
    if (isFinal(record.Status)) return
    record.Status = status
    record.EndTime = nowIso()
    record.UpdatedAt = Date.now()
    if (status === 'Succeeded') record.Progress = 100
    if (extra.Code !== undefined) record.Code = extra.Code
    if (extra.Message !== undefined) record.Message = extra.Message
    if (extra.Result !== undefined) record.Result = extra.Result
    await this.#store.put(record).catch((err) => console.error('highlight engine: could not store task', err))
    this.#live.delete(record.TaskId)
    this.#finished.set(record.TaskId, record)
    if (this.#finished.size > FINISHED_KEPT) this.#finished.delete(this.#finished.keys().next().value!)
    this.#events.emit('status', {
      TaskId: record.TaskId, Status: status,
      ...(record.Code !== undefined ? { Code: record.Code } : {}),
      ...(record.Message !== undefined ? { Message: record.Message } : {}),
    })
    this.#notify(buildNotification(record, this.#origin, newEventId()))
    const info = toTaskInfo(record, newRequestId(), false)
    for (const resolve of this.#waiters.get(record.TaskId) ?? []) resolve(info)
    this.#waiters.delete(record.TaskId)
  }

  #notify(notification: TaskNotification) {
    this.#events.emit('notification', notification)
    this.#channel?.postMessage(notification)
  }
}
