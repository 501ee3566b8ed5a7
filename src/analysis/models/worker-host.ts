/**
 * Main-thread side of a model worker: a comlink proxy whose calls reject with HighlightError `WorkerCrashed` when
 * the worker dies (uncaught error, unreadable message) or, for a call given a bound, when no answer comes within
 * it (a worker terminated without any event never answers), and with `InternalError` after dispose. A dead host
 * stays dead (a late worker is terminated); the factories make a new worker on their next call.
 */
import * as Comlink from 'comlink'
import { HighlightError } from '../../contract/errors.ts'

export class WorkerHost<Api> {
  private readonly remote: Comlink.Remote<Api>
  private failure: HighlightError | undefined
  private readonly pending = new Set<(e: HighlightError) => void>()

  constructor(private readonly worker: Worker, private readonly name: string) {
    this.remote = Comlink.wrap<Api>(worker)
    worker.addEventListener('error', (event) => {
      event.preventDefault()
      this.fail(new HighlightError('WorkerCrashed', `${name} worker crashed: ${event.message || 'uncaught error'}`))
    })
    worker.addEventListener('messageerror', () => this.fail(new HighlightError('WorkerCrashed', `${name} worker sent an unreadable message`)))
  }

  get alive(): boolean {
    return !this.failure
  }

  /**
   * Runs one call on the worker; worker-side errors come back as HighlightError naming the worker. With
   * `bound`, a call still unanswered after `bound.ms` takes the worker for dead: it is terminated and this
   * call and every other pending one reject with `WorkerCrashed` (`<name> worker stopped answering …`).
   */
  call<R>(fn: (remote: Comlink.Remote<Api>) => Promise<R>, bound?: { ms: number; what: string }): Promise<R> {
    if (this.failure) return Promise.reject(this.failure)
    return new Promise<R>((resolve, reject) => {
      this.pending.add(reject)
      const watchdog = bound && setTimeout(() => this.fail(new HighlightError('WorkerCrashed',
        `${this.name} worker stopped answering: no reply to ${bound.what} within ${formatSeconds(bound.ms)}`)), bound.ms)
      fn(this.remote).then(resolve, (err: unknown) => {
        const message = err instanceof Error ? err.message : String(err)
        reject(err instanceof HighlightError ? err : new HighlightError('InternalError', `${this.name} worker: ${message}`, { cause: err }))
      }).finally(() => {
        clearTimeout(watchdog)
        this.pending.delete(reject)
      })
    })
  }

  dispose(): void {
    this.fail(new HighlightError('InternalError', `${this.name} worker was disposed`))
  }

  private fail(error: HighlightError): void {
    if (this.failure) return
    this.failure = error
    this.worker.terminate()
    for (const reject of this.pending) reject(error)
    this.pending.clear()
  }
}

/** Rejects frames whose buffer does not hold width x height RGBA pixels (before anything is transferred). */
export function checkFrames(frames: readonly { width: number; height: number; data: ArrayBufferView }[], source: string): void {
  frames.forEach((f, i) => {
    if (f.width < 1 || f.height < 1 || f.data.byteLength !== f.width * f.height * 4) {
      throw new HighlightError('InvalidArgument', `${source}: frame ${i} is ${f.width}x${f.height} but holds ${f.data.byteLength} bytes (expected width * height * 4 RGBA)`)
    }
  })
}

/** The distinct ArrayBuffers behind some views (transfer lists must not repeat a buffer). */
export function buffersOf(views: readonly ArrayBufferView[]): ArrayBuffer[] {
  return [...new Set(views.map((v) => v.buffer as ArrayBuffer))]
}

/**
 * How long a model worker may take to answer one call before it is taken for dead: the larger of `minimumMs`
 * and `perItemMs` for every item of work (a frame, or a second of 16 kHz audio). The defaults are generous
 * (NanoDet, the slowest model, takes about 0.12 s a frame on one thread): only a worker that stopped answering
 * reaches them.
 */
export interface CallWatchdog {
  minimumMs?: number
  perItemMs?: number
}

export const DEFAULT_WATCHDOG: Required<CallWatchdog> = { minimumMs: 30_000, perItemMs: 2_000 }

/** Starting a worker (loading its models) may take longer than a call: never less than this. */
export const INIT_BOUND_MS = 120_000

/** The bound of a call over `items` items of work. */
export function callBound(items: number, watchdog: CallWatchdog = {}): number {
  const w = { ...DEFAULT_WATCHDOG, ...watchdog }
  return Math.max(w.minimumMs, Math.ceil(items) * w.perItemMs)
}

/** The bounds of the calls every model worker answers: `init`, `timings`, and its work call over `items`. */
export function workerBounds(watchdog: CallWatchdog = {}) {
  return {
    init: { ms: Math.max(INIT_BOUND_MS, callBound(0, watchdog)), what: 'init' },
    timings: { ms: callBound(0, watchdog), what: 'timings' },
    work: (what: string, items: number, unit: string) => ({ ms: callBound(items, watchdog), what: `${what} of ${items} ${unit}` }),
  }
}

function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`
}

/** Options every model factory accepts. */
export interface WorkerOptions {
  /** onnxruntime-web threads in the worker (default 1; 2 helps only NanoDet, see models/object/MODEL.md). */
  numThreads?: number
  /** Makes the worker; for tests and custom bundling. Defaults to the module worker next to the factory. */
  spawn?: () => Worker
  /** How long a call may go unanswered before the worker is taken for dead (default DEFAULT_WATCHDOG). */
  watchdog?: CallWatchdog
}
