/**
 * createHighlightEngine: the engine most apps want. It wires the task engine to the pipelines: local
 * (inputs -> analysis -> plan -> ffmpeg.wasm -> sink), cloud (IMM), or auto (local unless the browser cannot).
 */
import { HighlightError } from '../contract/errors.ts'
import { createTaskEngine, type HighlightEngine, type TaskEngineOptions } from '../tasks/engine.ts'
import { InputResolver, type UserResolver } from '../io/inputs.ts'
import { sinkForUri, type OutputCallback } from '../io/outputs.ts'
import { createImmClient, type CloudSettings } from '../cloud/client.ts'
import type { Engine } from '../cloud/placement.ts'
import { createLocalPipeline } from './local-pipeline.ts'
import { createPlacingPipeline } from './placing-pipeline.ts'
import { guardDetectors, type Detectors } from './detector-guard.ts'
import type { CallWatchdog } from '../analysis/models/worker-host.ts'

export interface HighlightEngineOptions extends Omit<TaskEngineOptions, 'pipeline'> {
  /** Where tasks run. Default `local`: nothing leaves the machine. */
  engine?: Engine
  /** IMM settings for `cloud` and `auto` (a signing proxy URL is the safe choice in pages). */
  cloud?: CloudSettings
  /** Milliseconds between IMM GetTask calls while a cloud task runs. Default 5000. */
  pollIntervalMs?: number
  /** Files the requests name, by URI (e.g. `local://a.mp4` -> a File from an <input>). More with `registerFile`. */
  files?: Record<string, Blob>
  /** Resolver for other URI schemes (e.g. `oss://` through the app's own downloader). */
  resolve?: UserResolver
  /** Fetch http(s) sources of other origins in local mode. Default false: local mode reads only this origin. */
  allowRemoteInputs?: boolean
  /** Output settings: a callback receives files whose URI is not opfs:// (else they come back as Blobs). */
  output?: { callback?: OutputCallback; overwrite?: boolean }
  /** ffmpeg.wasm core: `st` (default) or `mt` (needs crossOriginIsolated). */
  ffmpeg?: { core?: 'st' | 'mt'; coreBaseURL?: string }
  /**
   * Model workers for analysis. Default: face/person/pet/ball, scene and speech workers, started on the first
   * task that analyses and kept for the engine's life. `false`: features alone (no models are loaded).
   */
  detectors?: DetectorFactory | false
  /** Bound on each call to the default model workers; one that does not answer in time counts as crashed. */
  modelWatchdog?: CallWatchdog
}

export type DetectorFactory = () => Promise<Detectors>

/**
 * Starts the three model workers once; later tasks reuse them. A set in which a worker crashed is disposed and
 * replaced: at once when a call rejects with WorkerCrashed, and otherwise before it is handed to the next task
 * (a round trip to each worker must answer within HEALTH_CHECK_MS, so a worker that died while idle, even
 * without an error event, is found before it can fail or hang a task).
 */
export function lazyDefaultDetectors(
  load: () => Promise<Detectors> = defaultDetectors,
): { get: DetectorFactory; dispose(): Promise<void> } {
  let started: Promise<Detectors> | undefined
  const drop = (set: Promise<Detectors>) => {
    if (started !== set) return
    started = undefined
    void set.then(disposeAll, () => undefined)
  }
  const start = (): Promise<Detectors> => {
    const set: Promise<Detectors> = load().then((d) =>
      guardDetectors(d, (e) => {
        if (e.Code === 'WorkerCrashed') drop(set)
      }))
    started = set
    // A failed start is not cached: the next task tries again.
    set.catch(() => {
      if (started === set) started = undefined
    })
    return set
  }
  return {
    async get() {
      const reused = started
      if (reused) {
        const d = await reused
        if (await answers(d)) return d
        drop(reused)
      }
      return started ?? start()
    },
    async dispose() {
      const d = await started?.catch(() => undefined)
      started = undefined
      if (d) await disposeAll(d)
    },
  }
}

/** How long a reused model worker may take to answer a round trip before it is taken for dead. */
const HEALTH_CHECK_MS = 10_000

async function answers(d: Detectors): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), HEALTH_CHECK_MS)))
  const calls = Promise.all([d.character?.timings(), d.scene?.timings(), d.speech?.timings()]).then(() => true, () => false)
  try {
    return await Promise.race([calls, late])
  } finally {
    clearTimeout(timer)
  }
}

async function defaultDetectors(watchdog?: CallWatchdog): Promise<Detectors> {
  const m = await import('../analysis/models/index.ts')
  const options = watchdog ? { watchdog } : {}
  const made = await Promise.allSettled([m.createCharacterDetector(options), m.createSceneScorer(options), m.createSpeechDetector(options)] as const)
  const [character, scene, speech] = made.map((r) => (r.status === 'fulfilled' ? r.value : undefined))
  const failed = made.find((r) => r.status === 'rejected')
  if (failed) {
    // Workers that did start are not left running behind a set that is never used.
    await disposeAll({ character, scene, speech } as Detectors)
    throw failed.reason
  }
  return { character, scene, speech } as Detectors
}

async function disposeAll(d: Detectors): Promise<void> {
  await Promise.all([d.character?.dispose(), d.scene?.dispose(), d.speech?.dispose()].map((p) => p?.catch(() => undefined)))
}

export interface LocalHighlightEngine extends HighlightEngine {
  /** Makes a File or Blob readable under a URI in later requests. */
  registerFile(uri: string, file: Blob): void
}

export function createHighlightEngine(options: HighlightEngineOptions = {}): LocalHighlightEngine {
  const engine = options.engine ?? 'local'
  const inputs = new InputResolver({
    ...(options.resolve ? { resolve: options.resolve } : {}),
    fetch: guardedFetch(engine === 'local' && !options.allowRemoteInputs),
  })
  const registered = new Set<string>()
  const registerFile = (uri: string, file: Blob) => {
    inputs.register(uri, file)
    registered.add(uri)
  }
  for (const [uri, file] of Object.entries(options.files ?? {})) registerFile(uri, file)

  const defaults = options.detectors === undefined ? lazyDefaultDetectors(() => defaultDetectors(options.modelWatchdog)) : undefined
  const detectors = options.detectors === false ? undefined : options.detectors ?? defaults!.get
  const local = createLocalPipeline({
    inputs,
    sinkFor: (uri, taskId) => sinkForUri(uri, { ...options.output, taskId }),
    ...(options.ffmpeg ? { ffmpeg: options.ffmpeg } : {}),
    ...(detectors ? { detectors } : {}),
  })
  const pipeline = createPlacingPipeline({
    engine,
    local,
    // With engine 'local' no client exists at all, so no request can reach the cloud whatever the task says.
    ...(engine !== 'local' && options.cloud ? { cloud: createImmClient(options.cloud) } : {}),
    ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
    canResolve: (uri) =>
      registered.has(uri) || /^(blob:|https?:|opfs:\/\/)/i.test(uri) || options.resolve !== undefined,
  })
  const tasks = createTaskEngine({ ...options, pipeline })
  const disposeTasks = tasks.dispose.bind(tasks)
  return Object.assign(tasks, {
    registerFile,
    async dispose() {
      await disposeTasks()
      await defaults?.dispose()
    },
  })
}

/** In local mode only same-origin and blob: URLs are fetched, so a request cannot make the page call out. */
function guardedFetch(sameOriginOnly: boolean): typeof fetch {
  return (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, globalThis.location?.href)
    const sameOrigin = url.protocol === 'blob:' || (globalThis.location !== undefined && url.origin === globalThis.location.origin)
    if (sameOriginOnly && !sameOrigin) {
      return Promise.reject(new HighlightError('UnsupportedCapability',
        `${url.href} is on another origin; engine 'local' reads only this page's origin (set allowRemoteInputs to fetch it)`))
    }
    return fetch(input, init)
  }
}
