/**
 * Main-thread side of the media worker: one decode at a time per decoder, progress and cancel,
 * model frames and audio handed to the caller as they come (the worker waits for each hand-over).
 */
import * as Comlink from 'comlink'
import { HighlightError } from '../contract/errors.ts'
import { WorkerHost } from './models/worker-host.ts'
import type { RgbaFrame } from './detectors.ts'
import type { DecodedMedia, DecodeOptions, MediaWorkerApi, PacketScan } from './media-types.ts'

export interface DecodeCallbacks {
  signal?: AbortSignal
  onProgress?: (fraction: number) => void
  onModelFrames?: (frames: RgbaFrame[]) => Promise<void> | void
  onAudio?: (pcm16k: Float32Array) => Promise<void> | void
}

export interface MediaDecoder {
  decode(file: Blob, options?: DecodeOptions, callbacks?: DecodeCallbacks): Promise<DecodedMedia>
  scan(file: Blob): Promise<PacketScan | null>
  dispose(): void
}

export interface MediaDecoderOptions {
  /** Makes the worker; defaults to workers/media.worker.ts as a module worker. */
  spawn?: () => Worker
}

const spawnDefault = () => new Worker(new URL('../../workers/media.worker.ts', import.meta.url), { type: 'module', name: 'media' })

export function createMediaDecoder(options: MediaDecoderOptions = {}): MediaDecoder {
  let host = new WorkerHost<MediaWorkerApi>((options.spawn ?? spawnDefault)(), 'media')
  const live = () => {
    if (!host.alive) host = new WorkerHost<MediaWorkerApi>((options.spawn ?? spawnDefault)(), 'media')
    return host
  }
  return {
    async decode(file, decodeOptions = {}, callbacks = {}) {
      const { signal } = callbacks
      if (signal?.aborted) throw cancelledError()
      const h = live()
      const sinks = Comlink.proxy({
        onProgress: (f: number) => callbacks.onProgress?.(f),
        onModelFrames: async (frames: RgbaFrame[]) => { await callbacks.onModelFrames?.(frames) },
        onAudio: async (pcm: Float32Array) => { await callbacks.onAudio?.(pcm) },
      })
      const onAbort = () => { void h.call((r) => r.cancel()) }
      signal?.addEventListener('abort', onAbort, { once: true })
      try {
        return await h.call((r) => r.decode(file, decodeOptions, sinks))
      } catch (err) {
        if (signal?.aborted) throw cancelledError()
        // A crashed worker stays WorkerCrashed; anything the decode itself threw means the file could not be read.
        if (err instanceof HighlightError && err.Code === 'WorkerCrashed') throw err
        const message = err instanceof HighlightError ? err.Message : err instanceof Error ? err.message : String(err)
        throw new HighlightError('InvalidMedia', message.replace(/^media worker: /, ''), { cause: err })
      } finally {
        signal?.removeEventListener('abort', onAbort)
      }
    },
    scan: (file) => live().call((r) => r.scan(file)),
    dispose: () => host.dispose(),
  }
}

function cancelledError(): HighlightError {
  return new HighlightError('TaskCancelled', 'analysis was cancelled')
}
