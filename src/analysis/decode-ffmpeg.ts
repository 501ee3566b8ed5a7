/**
 * The fallback decode path (runs in the media worker) for what WebCodecs cannot decode: the
 * ffmpeg.wasm core, loaded straight into this worker, reads the File lazily through WORKERFS and
 * writes small raw frames (scale + rawvideo) and 16 kHz mono float audio, one time chunk at a time
 * so memory stays bounded. Frame times come from `showinfo` (with -copyts they are the source's).
 */
import { AudioFeatureBuilder } from './audio-features.ts'
import { FrameSink, scaledHeight } from './frame-sink.ts'
import { spanFramesFor } from './frame-series.ts'
import type { DecodedMedia, DecodeOptions, DecodeSinks } from './media-types.ts'
import { DecodeCancelled, type MediaInfo } from './decode-webcodecs.ts'

/** The parts of the emscripten ffmpeg core this path uses. */
interface FFmpegCore {
  FS: {
    mkdir(path: string): void
    mount(type: unknown, options: { blobs?: { name: string; data: Blob }[] }, mountPoint: string): void
    unmount(mountPoint: string): void
    readFile(path: string): Uint8Array
    unlink(path: string): void
    analyzePath(path: string): { exists: boolean }
    filesystems: Record<string, unknown>
  }
  setLogger(logger: (data: { type: string; message: string }) => void): void
  exec(...args: string[]): number
  reset(): void
  ret: number
}

let corePromise: Promise<FFmpegCore> | null = null

async function loadCore(baseURL: string): Promise<FFmpegCore> {
  corePromise ??= (async () => {
    const base = new URL(baseURL, self.location.href).href
    const coreURL = base + 'ffmpeg-core.js'
    const module = (await import(/* @vite-ignore */ coreURL)) as { default: (o: object) => Promise<FFmpegCore> }
    // The core finds its .wasm from this hash (the same trick @ffmpeg/ffmpeg's worker uses).
    return module.default({ mainScriptUrlOrBlob: `${coreURL}#${btoa(JSON.stringify({ wasmURL: base + 'ffmpeg-core.wasm' }))}` })
  })()
  return corePromise
}

const SHOWINFO = /showinfo@(feat|model).*?pts_time:\s*(-?[\d.]+)/

export async function decodeWithFfmpeg(
  file: Blob, info: MediaInfo, options: Required<DecodeOptions>, sinks: DecodeSinks, cancelled: () => boolean,
): Promise<Omit<DecodedMedia, 'scan'>> {
  const t0 = performance.now()
  const core = await loadCore(options.ffmpegCoreURL)
  const timings: Record<string, number> = { ffmpegLoad: performance.now() - t0 }
  const aw = options.analysisWidth
  const ah = scaledHeight(aw, info.width, info.height)
  const mw = options.modelWidth
  const mh = scaledHeight(mw, info.width, info.height)
  const sink = new FrameSink(spanFramesFor(info.fps), options.modelInterval, (frames) => sinks.onModelFrames(frames))
  const audio = info.hasAudio && options.audio ? new AudioFeatureBuilder() : null
  const mount = '/analysis-in'
  if (!core.FS.analyzePath(mount).exists) core.FS.mkdir(mount)
  core.FS.mount(core.FS.filesystems.WORKERFS, { blobs: [{ name: 'source', data: file }] }, mount)
  const t1 = performance.now()
  try {
    const chunk = options.ffmpegChunkSeconds
    for (let start = 0; start < Math.max(info.duration, 1e-3); start += chunk) {
      if (cancelled()) throw new DecodeCancelled()
      const logs: string[] = []
      core.setLogger(({ message }) => { if (message.includes('showinfo@')) logs.push(message) })
      const interval = options.modelInterval > 0 ? options.modelInterval : 1e9
      const graph = `[0:v:0]split=2[a][b];[a]scale=${aw}:${ah}:flags=area,showinfo@feat[f];` +
        `[b]select='isnan(prev_selected_t)+gte(t-prev_selected_t\\,${interval})',scale=${mw}:${mh}:flags=area,showinfo@model[m]`
      const args = ['-loglevel', 'info', '-nostats', '-ss', String(start), '-t', String(chunk), '-copyts', '-i', `${mount}/source`,
        '-filter_complex', graph,
        '-map', '[f]', '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgba', '/feat.raw',
        '-map', '[m]', '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgba', '/model.raw',
        ...(audio ? ['-map', '0:a:0', '-ac', '1', '-ar', '16000', '-f', 'f32le', '/audio.raw'] : [])]
      core.exec(...args)
      const ret = core.ret
      core.reset()
      if (ret !== 0) throw new Error(`ffmpeg.wasm exited with ${ret} decoding ${start}s to ${start + chunk}s`)
      const featTimes = logs.map((l) => SHOWINFO.exec(l)).filter((m) => m?.[1] === 'feat').map((m) => Number(m![2]))
      const modelTimes = logs.map((l) => SHOWINFO.exec(l)).filter((m) => m?.[1] === 'model').map((m) => Number(m![2]))
      const feat = takeFile(core, '/feat.raw')
      const model = takeFile(core, '/model.raw')
      const frameBytes = aw * ah * 4
      for (let i = 0; i < featTimes.length && (i + 1) * frameBytes <= feat.length; i++) {
        sink.addAnalysisFrame(feat.subarray(i * frameBytes, (i + 1) * frameBytes), aw, ah, featTimes[i]!)
      }
      const modelBytes = mw * mh * 4
      for (let i = 0; i < modelTimes.length && (i + 1) * modelBytes <= model.length; i++) {
        sink.addModelFrame({ width: mw, height: mh, data: new Uint8ClampedArray(model.slice(i * modelBytes, (i + 1) * modelBytes).buffer), time: modelTimes[i]! })
      }
      await sink.flush(true)
      if (audio) {
        const raw = takeFile(core, '/audio.raw')
        const pcm = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + (raw.length - (raw.length % 4))))
        audio.push(pcm)
        await sinks.onAudio(pcm)
      }
      sinks.onProgress(Math.min(1, (start + chunk) / Math.max(info.duration, 1e-3)))
    }
  } finally {
    core.FS.unmount(mount)
  }
  timings.videoDecode = performance.now() - t1
  return {
    duration: info.duration, width: info.width, height: info.height, codec: info.codec,
    decodePath: 'ffmpeg.wasm', decodeMode: 'full', frames: sink.features.series, audio: audio?.finish() ?? null, timings,
  }
}

function takeFile(core: FFmpegCore, path: string): Uint8Array {
  if (!core.FS.analyzePath(path).exists) return new Uint8Array(0)
  const data = core.FS.readFile(path)
  core.FS.unlink(path)
  return data
}
