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
import type { CharacterDetector, SceneScorer, SpeechDetector } from '../analysis/detectors.ts'
import { createLocalPipeline } from './local-pipeline.ts'
import { createPlacingPipeline } from './placing-pipeline.ts'

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
}

type Detectors = { character?: CharacterDetector; scene?: SceneScorer; speech?: SpeechDetector }
export type DetectorFactory = () => Promise<Detectors>

/** Starts the three model workers once; later tasks reuse them. */
function lazyDefaultDetectors(): { get: DetectorFactory; dispose(): Promise<void> } {
  let started: Promise<Detectors> | undefined
  return {
    get() {
      started ??= import('../analysis/models/index.ts').then(async (m) => {
        const [character, scene, speech] = await Promise.all([m.createCharacterDetector(), m.createSceneScorer(), m.createSpeechDetector()])
        return { character, scene, speech }
      })
      // A failed start is not cached: the next task tries again.
      started.catch(() => (started = undefined))
      return started
    },
    async dispose() {
      const d = await started?.catch(() => undefined)
      started = undefined
      await Promise.all([d?.character?.dispose(), d?.scene?.dispose(), d?.speech?.dispose()])
    },
  }
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

  const defaults = options.detectors === undefined ? lazyDefaultDetectors() : undefined
  const detectors = options.detectors === false ? undefined : options.detectors ?? defaults!.get
  const local = createLocalPipeline({
    inputs,
    sinkFor: (uri) => sinkForUri(uri, options.output ?? {}),
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
