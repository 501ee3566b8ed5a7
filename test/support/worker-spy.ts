/**
 * Test-side handle on every Worker the page starts (ffmpeg.wasm's, the media worker, the model workers): the
 * global Worker constructor is replaced by a subclass that records each instance with its name and URL, so a
 * fault test can crash or kill one mid-task. Nothing in the engine knows about it.
 */

export interface SpiedWorker {
  /** The `name` option (media, character, scene, speech) or '' for unnamed workers such as ffmpeg.wasm's. */
  name: string
  url: string
  worker: Worker
  /** Set once the page (or the engine) called terminate() on it. */
  terminated: boolean
}

export function spyOnWorkers(): { spawned: SpiedWorker[]; onSpawn(fn: ((w: SpiedWorker) => void) | undefined): void; restore(): void } {
  const Real = globalThis.Worker
  const spawned: SpiedWorker[] = []
  let hook: ((w: SpiedWorker) => void) | undefined
  class SpyWorker extends Real {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options)
      const entry: SpiedWorker = { name: options?.name ?? '', url: String(url), worker: this, terminated: false }
      spawned.push(entry)
      hook?.(entry)
    }

    override terminate(): void {
      const entry = spawned.find((w) => w.worker === this)
      if (entry) entry.terminated = true
      super.terminate()
    }
  }
  globalThis.Worker = SpyWorker
  return {
    spawned,
    onSpawn: (fn) => (hook = fn),
    restore: () => {
      globalThis.Worker = Real
    },
  }
}

/**
 * An uncaught error inside a comlink worker: comlink's message listener reads `argumentList.map` outside its
 * try block, so this message throws in the worker's event loop, as a crash would (the page gets an `error` event).
 */
export function crashComlinkWorker(worker: Worker): void {
  worker.postMessage({ argumentList: 1 })
}

/** Crashes the worker right after the page sends it a call to `method` (so the call is in flight). */
export function crashOnCall(worker: Worker, method: string): Promise<void> {
  return new Promise((crashed) => {
    const post = worker.postMessage.bind(worker) as (message: unknown, transfer?: Transferable[]) => void
    worker.postMessage = ((message: { type?: string; path?: string[] }, transfer?: Transferable[]) => {
      post(message, transfer)
      if (message?.type === 'APPLY' && message.path?.[0] === method) {
        worker.postMessage = post as Worker['postMessage']
        crashComlinkWorker(worker)
        crashed()
      }
    }) as Worker['postMessage']
  })
}
