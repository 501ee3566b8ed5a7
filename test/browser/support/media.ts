/**
 * Helpers for browser tests: make tiny clips with ffmpeg.wasm's own lavfi sources, and check rendered
 * files with ffmpeg.wasm (ffprobe, one decoded frame, decoded audio, volumedetect). They use their own
 * ffmpeg instance so the renderer under test keeps its own.
 */
import { FfmpegRunner } from '../../../src/render/ffmpeg-runner.ts'
import { fromFfprobe, probeWithFfprobe, type MediaProbe } from '../../../src/io/probe.ts'

export const tools = new FfmpegRunner()

export interface ClipSpec {
  /** lavfi video source, e.g. `testsrc2` or `color=c=red`. Null = no video. */
  video?: string | null
  size?: string
  rate?: number
  duration?: number
  /** Sine frequency; null = no audio. */
  tone?: number | null
  sampleRate?: number
  channels?: number
  /** Output file extension and encoder choice. */
  ext?: 'mp4' | 'mkv' | 'avi' | 'm4a'
  videoCodec?: string
  audioCodec?: string
  gop?: number
}

let n = 0

/** Runs ffmpeg in the tools instance and returns the named output file. */
export async function ffmpegFile(args: string[], output: string): Promise<Uint8Array> {
  return tools.use(async (ff) => {
    const { code, log } = await tools.exec(ff, ['-hide_banner', '-loglevel', 'error', ...args, output])
    if (code !== 0) throw new Error(`ffmpeg ${args.join(' ')} failed: ${log.join('\n')}`)
    const data = (await ff.readFile(output)) as Uint8Array
    await ff.deleteFile(output)
    return data
  })
}

export async function makeClip(spec: ClipSpec = {}): Promise<File> {
  const { size = '160x90', rate = 25, duration = 2, tone = 440, sampleRate = 48000, channels = 2, ext = 'mp4' } = spec
  const video = spec.video === undefined ? 'testsrc2' : spec.video
  const args: string[] = []
  if (video) args.push('-f', 'lavfi', '-i', `${video}${video.includes('=') ? ':' : '='}size=${size}:rate=${rate}`)
  if (tone !== null) args.push('-f', 'lavfi', '-i', `sine=frequency=${tone}:sample_rate=${sampleRate}`)
  args.push('-t', String(duration))
  if (video) args.push('-c:v', spec.videoCodec ?? 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', String(spec.gop ?? rate))
  if (tone !== null) args.push('-c:a', spec.audioCodec ?? (ext === 'avi' ? 'libmp3lame' : 'aac'), '-ac', String(channels))
  const name = `clip${n++}.${ext}`
  const data = await ffmpegFile(args, name)
  return new File([data as Uint8Array<ArrayBuffer>], name)
}

/** Probes with ffprobe in the wasm build (the reference for checking outputs). */
export async function ffprobe(blob: Blob): Promise<MediaProbe> {
  return probeWithFfprobe(blob, tools)
}

/** Full ffprobe JSON of a file, for checks beyond MediaProbe (stream counts, codec tags). */
export async function ffprobeJson(blob: Blob, extra: string[] = []): Promise<Record<string, unknown>> {
  return tools.use(async (ff) => {
    await tools.mount(ff, '/pj', [{ name: 'media', data: blob }])
    try {
      await ff.ffprobe(['-v', 'error', '-show_format', '-show_streams', ...extra, '-of', 'json', '/pj/media', '-o', '/pj.json'])
      const json = JSON.parse((await ff.readFile('/pj.json', 'utf8')) as string) as Record<string, unknown>
      await ff.deleteFile('/pj.json')
      return json
    } finally {
      await ff.unmount('/pj').catch(() => undefined)
      await ff.deleteDir('/pj').catch(() => undefined)
    }
  })
}

/** Runs ffmpeg on a mounted blob (as /m/media) and returns its log and (optionally) an output file. */
export async function onBlob(blob: Blob, args: (input: string) => string[], output?: string): Promise<{ log: string[]; data?: Uint8Array }> {
  return tools.use(async (ff) => {
    await tools.mount(ff, '/m', [{ name: 'media', data: blob }])
    try {
      const { code, log } = await tools.exec(ff, ['-hide_banner', ...args('/m/media'), ...(output ? [output] : [])])
      if (code !== 0) throw new Error(`ffmpeg failed: ${log.slice(-5).join('\n')}`)
      if (!output) return { log }
      const data = (await ff.readFile(output)) as Uint8Array
      await ff.deleteFile(output)
      return { log, data }
    } finally {
      await ff.unmount('/m').catch(() => undefined)
      await ff.deleteDir('/m').catch(() => undefined)
    }
  })
}

/** One decoded frame at `time` as RGB24, plus its size. */
export async function frameAt(blob: Blob, time: number): Promise<{ width: number; height: number; rgb: Uint8Array }> {
  const probe = await ffprobe(blob)
  const { data } = await onBlob(blob, (i) => ['-loglevel', 'error', '-ss', String(time), '-i', i, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24'], 'frame.rgb')
  const width = probe.video!.width
  return { width, height: data!.length / 3 / width, rgb: data! }
}

/** Mean RGB of a rectangle given in fractions of the frame. */
export function meanRgb(frame: { width: number; height: number; rgb: Uint8Array }, x0: number, x1: number, y0 = 0.1, y1 = 0.9): [number, number, number] {
  const sum = [0, 0, 0]
  let count = 0
  for (let y = Math.floor(frame.height * y0); y < Math.floor(frame.height * y1); y++) {
    for (let x = Math.floor(frame.width * x0); x < Math.floor(frame.width * x1); x++) {
      const i = (y * frame.width + x) * 3
      sum[0]! += frame.rgb[i]!
      sum[1]! += frame.rgb[i + 1]!
      sum[2]! += frame.rgb[i + 2]!
      count++
    }
  }
  return sum.map((s) => s / count) as [number, number, number]
}

/** Mean volume (dB) from volumedetect. */
export async function meanVolume(blob: Blob): Promise<number> {
  const { log } = await onBlob(blob, (i) => ['-loglevel', 'info', '-i', i, '-vn', '-af', 'volumedetect', '-f', 'null', '-'])
  const line = log.find((l) => l.includes('mean_volume'))
  if (!line) throw new Error(`no volumedetect output: ${log.slice(-5).join('\n')}`)
  return Number(/mean_volume:\s*(-?[\d.]+)/.exec(line)![1])
}

/** Decoded mono audio as 32-bit floats at `rate` Hz. */
export async function decodeAudio(blob: Blob, rate = 48000): Promise<Float32Array> {
  const { data } = await onBlob(blob, (i) => ['-loglevel', 'error', '-i', i, '-vn', '-ac', '1', '-ar', String(rate), '-f', 'f32le'], 'audio.raw')
  return new Float32Array(data!.buffer.slice(data!.byteOffset, data!.byteOffset + data!.byteLength))
}

/** Dominant frequency of a pure tone from its zero crossings. */
export function toneFrequency(samples: Float32Array, rate = 48000): number {
  let crossings = 0
  for (let i = 1; i < samples.length; i++) if ((samples[i - 1]! < 0) !== (samples[i]! < 0)) crossings++
  return crossings / 2 / (samples.length / rate)
}

export { fromFfprobe }
