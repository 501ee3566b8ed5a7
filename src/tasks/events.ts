/** The engine's events: progress, status changes and IMM notifications. */
import type { TaskStatus } from '../contract/catalogue.ts'
import type { TaskNotification } from '../contract/task.ts'

export interface ProgressEvent {
  TaskId: string
  /** 0..100 on the whole task. */
  Progress: number
  Stage: string
  /** 0..1 within the stage. */
  StageProgress: number
}

export interface StatusEvent {
  TaskId: string
  Status: TaskStatus
  Code?: string
  Message?: string
}

export interface EngineEvents {
  progress: ProgressEvent
  status: StatusEvent
  notification: TaskNotification
}

export type Listener<T> = (event: T) => void

export class Emitter<E extends object> {
  readonly #listeners = new Map<keyof E, Set<Listener<never>>>()

  on<K extends keyof E>(type: K, listener: Listener<E[K]>): () => void {
    let set = this.#listeners.get(type)
    if (!set) this.#listeners.set(type, (set = new Set()))
    set.add(listener as Listener<never>)
    return () => set.delete(listener as Listener<never>)
  }

  emit<K extends keyof E>(type: K, event: E[K]): void {
    for (const listener of this.#listeners.get(type) ?? []) {
      // A subscriber's bug must not stop the task or the other subscribers.
      try {
        ;(listener as Listener<E[K]>)(event)
      } catch (err) {
        console.error(`highlight engine: a "${String(type)}" listener threw`, err)
      }
    }
  }

  clear(): void {
    this.#listeners.clear()
  }
}
