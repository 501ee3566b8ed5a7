/**
 * One ffmpeg.wasm instance behind a small API: load a core, mount inputs, run a command with progress,
 * read the outputs, and die cleanly. The instance is reused between runs; after a cancel, a crash or a
 * stall it is terminated (its worker and memory are gone) and the next run loads a fresh one.
 *
 * Cores: the single-thread core (default) from `/vendor/ffmpeg-core/`; the multi-thread core from
 * `/vendor/ffmpeg-core-mt/` when asked for and the page is crossOriginIsolated (needs @ffmpeg/core-mt and a
 * vendor prefix for it, see docs/render.md).
 */
import { FFmpeg } from '@ffmpeg/ffmpeg'
import type { FFFSType } from '@ffmpeg/ffmpeg'
import { HighlightError } from '../contract/index.ts'

export type CoreKind = 'st' | 'mt'

export interface RunnerOptions {
  core?: CoreKind
  /** Folder of ffmpeg-core.js / .wasm (/ .worker.js for mt). Default /vendor/ffmpeg-core/ or /vendor/ffmpeg-core-mt/. */
  coreBaseURL?: string
}

export interface ExecOptions {
  signal?: AbortSignal
  /** Output seconds written so far (from the core's progress events and the -stats lines). */
  onTime?: (seconds: number) => void
  /** No progress or log for this long = stalled (WorkerCrashed). Default 60 s. */
  stallSeconds?: number
}

export interface ExecResult {
  code: number
  /** The log lines of the run (errors only with -loglevel error, plus -stats lines). */
  log: string[]
}

const DEFAULT_BASE: Record<CoreKind, string> = { st: '/vendor/ffmpeg-core/', mt: '/vendor/ffmpeg-core-mt/' }

/** `time=00:01:02.50` in a -stats line, in seconds. */
export function parseStatsTime(line: string): number | undefined {
  const m = /time=\s*(-?)(\d+):(\d\d):(\d\d(?:\.\d+)?)/.exec(line)
  if (!m || m[1] === '-') return undefined
  return Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4])
}

/**
 * The multi-thread core has a fixed pool of 32 pthread workers. A command that wants more threads at once
 * waits for a worker that can only start once ffmpeg returns to the event loop, so `exec` hangs for ever
 * (measured: one decoder with `-threads 31` hangs, 30 runs; a 3-clip plan with default threads hangs).
 * Decoders and filter graphs take several threads each by default, per input, so for the multi-thread
 * core they get one thread each and the encoder keeps its own threads. Each input still has
 * its own demuxer thread, so very many inputs can still exhaust the pool; the stall watchdog and the
 * single-thread retry cover that case.
 */
export function withMtThreadLimits(args: string[]): string[] {
  return ['-filter_complex_threads', '1', ...args.flatMap((a) => (a === '-i' ? ['-threads', '1', a] : [a]))]
}

/** Loaded cores can only run one command at a time: calls queue behind each other. */
export class FfmpegRunner {
  #ff: FFmpeg | null = null
  #loading: Promise<FFmpeg> | null = null
  #kind: CoreKind
  #base: string
  #queue: Promise<unknown> = Promise.resolve()
  #log: string[] = []
  /** When the output time last moved forward (the stall watchdog reads it). */
  #lastActivity = 0
  #lastTime = -1
  #onTime: ((seconds: number) => void) | undefined

  constructor(options: RunnerOptions = {}) {
    this.#kind = options.core === 'mt' && globalThis.crossOriginIsolated ? 'mt' : 'st'
    this.#base = options.coreBaseURL ?? DEFAULT_BASE[this.#kind]
  }

  get core(): CoreKind {
    return this.#kind
  }

  /** Runs `task` with the loaded instance, after any task already running. */
  use<T>(task: (ff: FFmpeg) => Promise<T>): Promise<T> {
    const run = this.#queue.then(async () => task(await this.#instance()))
    this.#queue = run.catch(() => undefined)
    return run
  }

  /** Runs one command inside `use`. Rejects with TaskCancelled on abort and WorkerCrashed on a crash or stall. */
  async exec(ff: FFmpeg, args: string[], options: ExecOptions = {}): Promise<ExecResult> {
    const { signal } = options
    if (signal?.aborted) throw cancelled()
    this.#log = []
    this.#onTime = options.onTime
    this.#lastActivity = performance.now()
    this.#lastTime = -1
    const stallMs = (options.stallSeconds ?? 60) * 1000
    let stop: ((err: HighlightError) => void) | undefined
    const stopped = new Promise<never>((_, reject) => (stop = reject))
    const onAbort = () => {
      stop!(cancelled())
      this.terminate()
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    const watchdog = setInterval(() => {
      if (performance.now() - this.#lastActivity > stallMs) {
        stop!(new HighlightError('WorkerCrashed', `ffmpeg made no progress for ${stallMs / 1000} s and was stopped`))
        this.terminate()
      }
    }, 1000)
    try {
      const code = await Promise.race([ff.exec(this.#kind === 'mt' ? withMtThreadLimits(args) : args), stopped])
      return { code, log: this.#log }
    } catch (err) {
      if (err instanceof HighlightError) throw err
      if (signal?.aborted) throw cancelled()
      this.terminate()
      throw new HighlightError('WorkerCrashed', `ffmpeg crashed: ${(err as Error)?.message ?? String(err)}`, { cause: err })
    } finally {
      clearInterval(watchdog)
      signal?.removeEventListener('abort', onAbort)
      this.#onTime = undefined
    }
  }

  /** Mounts files read-only (WORKERFS: read lazily from the Blob, never copied whole). */
  async mount(ff: FFmpeg, dir: string, files: { name: string; data: Blob }[]): Promise<void> {
    await ff.createDir(dir)
    await ff.mount('WORKERFS' as FFFSType, { blobs: files }, dir)
  }

  /** Kills the worker and frees its memory; the next `use` loads a fresh instance. */
  terminate(): void {
    const ff = this.#ff
    this.#ff = null
    this.#loading = null
    try {
      ff?.terminate()
    } catch {
      // already gone
    }
  }

  /** Switches to the single-thread core (after a failure of the multi-thread one). */
  fallBackToSingleThread(): void {
    this.terminate()
    this.#kind = 'st'
    this.#base = DEFAULT_BASE.st
  }

  /** Output time moved: that is progress (log lines without it are not). */
  #advance(seconds: number): void {
    if (seconds <= this.#lastTime) return
    this.#lastTime = seconds
    this.#lastActivity = performance.now()
    this.#onTime?.(seconds)
  }

  #instance(): Promise<FFmpeg> {
    if (this.#ff) return Promise.resolve(this.#ff)
    this.#loading ??= this.#load()
    return this.#loading
  }

  async #load(): Promise<FFmpeg> {
    const ff = new FFmpeg()
    ff.on('log', ({ message }) => {
      if (this.#log.length < 2000) this.#log.push(message)
      // -stats lines end in \r and may arrive several to a message.
      for (const part of message.split('\r')) {
        const t = parseStatsTime(part)
        if (t !== undefined) this.#advance(t)
      }
    })
    // `time` is the output timestamp in microseconds; ffmpeg's own `progress` is relative to the input.
    // Before the first packet it can be INT64_MAX (no timestamp yet): ignore anything beyond a day.
    ff.on('progress', ({ time }) => {
      if (Number.isFinite(time) && time > 0 && time < 86_400e6) this.#advance(time / 1e6)
    })
    const base = new URL(this.#base, globalThis.location?.href).href
    try {
      await ff.load({
        coreURL: `${base}ffmpeg-core.js`,
        wasmURL: `${base}ffmpeg-core.wasm`,
        ...(this.#kind === 'mt' ? { workerURL: `${base}ffmpeg-core.worker.js` } : {}),
      })
    } catch (err) {
      ff.terminate()
      this.#loading = null
      throw new HighlightError('WorkerCrashed', `ffmpeg.wasm (${this.#kind} core) could not be loaded from ${base}: ${(err as Error).message}`, { cause: err })
    }
    this.#ff = ff
    return ff
  }
}

const cancelled = () => new HighlightError('TaskCancelled', 'The render was cancelled')

let shared: FfmpegRunner | null = null

/** The page's shared runner (one ffmpeg.wasm instance), created on first use with these options. */
export function sharedRunner(options: RunnerOptions = {}): FfmpegRunner {
  const wanted: CoreKind = options.core === 'mt' && globalThis.crossOriginIsolated ? 'mt' : 'st'
  if (!shared || shared.core !== wanted) {
    shared?.terminate()
    shared = new FfmpegRunner(options)
  }
  return shared
}
