/**
 * The stages a task runs through. The engine owns the task's state (queue, status, progress, store,
 * notifications); a Pipeline does the work and reports progress per stage. Local and cloud runs are pipelines.
 */
import type { HighlightRequest, HighlightRequestInput } from '../contract/schema.ts'
import type { HighlightResult, TaskPlacement } from '../contract/task.ts'

/** A stage and its share of the task's progress bar (weights are relative). */
export interface StagePlan {
  name: string
  weight: number
}

export interface PipelineContext {
  taskId: string
  /** The normalised request (defaults filled). */
  request: HighlightRequest
  /** The request as the caller wrote it. */
  input: HighlightRequestInput
  signal: AbortSignal
  /** Seed for every random choice, so the same request and seed give the same plan. */
  seed: number
  /** Per-source analyses the caller already computed for these sources (CreateTaskOptions.analyses). */
  analyses?: readonly unknown[]
  /** Report progress of one stage, 0..1. The engine maps it onto the task's 0..100. */
  progress(stage: string, fraction: number): void
  /** Say where the task runs and why (the engine stores it on the record). */
  place(placement: TaskPlacement): void
}

export interface Pipeline {
  /** The stages this request will go through, in order. */
  stages(request: HighlightRequest): StagePlan[]
  run(ctx: PipelineContext): Promise<HighlightResult>
  /** Removes what an interrupted or failed task left behind (partial outputs). */
  cleanup?(task: { TaskId: string; Request: HighlightRequestInput }): Promise<void>
}

/** Maps per-stage fractions onto one 0..100 scale. */
export class ProgressMeter {
  readonly #offsets = new Map<string, { start: number; share: number }>()
  #value = 0

  constructor(stages: StagePlan[]) {
    const total = stages.reduce((sum, s) => sum + s.weight, 0) || 1
    let start = 0
    for (const s of stages) {
      this.#offsets.set(s.name, { start, share: s.weight / total })
      start += s.weight / total
    }
  }

  /** Returns the new overall progress in 0..100 (never going backwards). */
  update(stage: string, fraction: number): number {
    const slot = this.#offsets.get(stage)
    if (!slot || !Number.isFinite(fraction)) return this.value
    const f = Math.min(1, Math.max(0, fraction))
    this.#value = Math.max(this.#value, (slot.start + slot.share * f) * 100)
    return this.value
  }

  get value(): number {
    return Math.min(100, Math.floor(this.#value))
  }
}
