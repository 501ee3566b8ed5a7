/**
 * Main-thread side of a model worker: a comlink proxy whose calls reject with HighlightError `WorkerCrashed` when
 * the worker dies (uncaught error, unreadable message), and with `InternalError` after dispose. A dead host stays
 * dead; the factories make a new worker on their next call.
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

  /** Runs one call on the worker; worker-side errors come back as HighlightError naming the worker. */
  call<R>(fn: (remote: Comlink.Remote<Api>) => Promise<R>): Promise<R> {
    if (this.failure) return Promise.reject(this.failure)
    return new Promise<R>((resolve, reject) => {
      this.pending.add(reject)
      fn(this.remote).then(resolve, (err: unknown) => {
        const message = err instanceof Error ? err.message : String(err)
        reject(err instanceof HighlightError ? err : new HighlightError('InternalError', `${this.name} worker: ${message}`, { cause: err }))
      }).finally(() => this.pending.delete(reject))
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

/** Options every model factory accepts. */
export interface WorkerOptions {
  /** onnxruntime-web threads in the worker (default 1; 2 helps only NanoDet, see models/object/MODEL.md). */
  numThreads?: number
  /** Makes the worker; for tests and custom bundling. Defaults to the module worker next to the factory. */
  spawn?: () => Worker
}
