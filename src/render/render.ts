/**
 * Renders an edit decision list with ffmpeg.wasm: mounts the inputs (WORKERFS, no copies), runs the
 * commands from buildRenderCommands, reports progress on the output timeline, hands every written file
 * to the sink and commits it, or aborts the sink so a failed render leaves nothing behind.
 *
 * Failure handling: an abort terminates the ffmpeg worker (memory freed) and rejects with TaskCancelled;
 * a crash or a stall (no progress for `stallSeconds`) is WorkerCrashed. With the multi-thread core, a
 * crash or stall reloads the single-thread core and retries once.
 */
import type { FFmpeg } from '@ffmpeg/ffmpeg'
import { HighlightError, type OutputFile } from '../contract/index.ts'
import { assertBrowserRenderable } from '../edit/capabilities.ts'
import type { EditDecisionList } from '../edit/edl.ts'
import { buildRenderCommands, mainOutputName, outputUri, type RenderCommand } from '../edit/ffmpeg-args.ts'
import type { OutputSink } from '../io/outputs.ts'
import { sharedRunner, type CoreKind, type FfmpegRunner } from './ffmpeg-runner.ts'

export interface RenderIo {
  /** One File per plan source, same order. */
  inputs: File[]
  music?: File
  sink: OutputSink
}

export interface RenderOptions {
  signal?: AbortSignal
  /** 0..1 on the output timeline. */
  onProgress?: (fraction: number) => void
  core?: CoreKind
  coreBaseURL?: string
  /** No progress for this long = hung (default 60 s). */
  stallSeconds?: number
  /** Use this runner instead of the page's shared one. */
  runner?: FfmpegRunner
}

let renderCount = 0

export async function renderPlan(plan: EditDecisionList, io: RenderIo, options: RenderOptions = {}): Promise<OutputFile[]> {
  const runner = options.runner ?? sharedRunner({
    ...(options.core ? { core: options.core } : {}),
    ...(options.coreBaseURL ? { coreBaseURL: options.coreBaseURL } : {}),
  })
  assertBrowserRenderable(plan)
  if (io.inputs.length < plan.sources.length) {
    throw new HighlightError('InternalError', `renderPlan needs ${plan.sources.length} input files, got ${io.inputs.length}`)
  }
  await io.sink.prepare([plan.output.uri])
  // One monotonic progress across attempts: a retry starts again from 0 but must not move the bar back.
  let reported = 0
  const attempt: RenderOptions = {
    ...options,
    onProgress: (f) => {
      if (f > reported) options.onProgress?.((reported = f))
    },
  }
  try {
    const outputs = await renderOnce(plan, io, attempt, runner).catch(async (err: unknown) => {
      // The multi-thread core is less stable (toolchain.md §4): retry once on the single-thread core.
      if (runner.core === 'mt' && err instanceof HighlightError && err.Code === 'WorkerCrashed') {
        await io.sink.abort()
        runner.fallBackToSingleThread()
        return renderOnce(plan, io, attempt, runner)
      }
      throw err
    })
    return outputs
  } catch (err) {
    await io.sink.abort()
    throw HighlightError.from(err)
  }
}

async function renderOnce(plan: EditDecisionList, io: RenderIo, options: RenderOptions, runner: FfmpegRunner): Promise<OutputFile[]> {
  const id = renderCount++
  const root = `/r${id}`
  const inputNames = io.inputs.map((f, i) => `s${i}.${safeExtension(f.name)}`)
  const musicName = io.music ? `music.${safeExtension(io.music.name)}` : undefined
  const files = {
    inputs: inputNames.map((n) => `${root}/in/${n}`),
    ...(musicName ? { music: `${root}/in/${musicName}` } : {}),
    outputDir: `${root}/out`,
    workDir: root,
  }
  const commands = buildRenderCommands(plan, files)
  const total = commands.reduce((s, c) => s + c.outputDuration, 0) || 1
  let done = 0
  let reported = 0
  const report = (fraction: number) => {
    const clamped = Math.min(1, Math.max(reported, fraction))
    if (clamped > reported) {
      reported = clamped
      options.onProgress?.(clamped)
    }
  }

  return runner.use(async (ff) => {
    await ff.createDir(root)
    await ff.createDir(files.outputDir)
    await runner.mount(ff, `${root}/in`, [
      ...io.inputs.map((data, i) => ({ name: inputNames[i]!, data })),
      ...(io.music && musicName ? [{ name: musicName, data: io.music }] : []),
    ])
    try {
      for (const command of commands) {
        await runCommand(ff, runner, command, options, (seconds) => report((done + Math.min(seconds, command.outputDuration)) / total))
        done += command.outputDuration
      }
      await collectOutputs(ff, plan, files.outputDir, io.sink)
      report(1)
    } finally {
      await cleanUp(ff, root, files.outputDir).catch(() => undefined)
    }
    return io.sink.commit()
  })
}

async function runCommand(ff: FFmpeg, runner: FfmpegRunner, command: RenderCommand, options: RenderOptions,
  onTime: (seconds: number) => void): Promise<void> {
  for (const f of command.files) await ff.writeFile(f.path, f.text)
  const { code, log } = await runner.exec(ff, command.args, {
    onTime,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.stallSeconds !== undefined ? { stallSeconds: options.stallSeconds } : {}),
  })
  if (code !== 0) {
    const errors = log.filter((l) => !l.startsWith('Aborted') && !/^\s*frame=|size=/.test(l)).slice(-6).join(' | ')
    throw new HighlightError('InternalError', `ffmpeg failed (exit code ${code}): ${errors || 'no message'}`)
  }
}

/** Reads every file ffmpeg wrote (the media file, or playlist/manifest plus segments) into the sink. */
async function collectOutputs(ff: FFmpeg, plan: EditDecisionList, dir: string, sink: OutputSink): Promise<void> {
  const main = mainOutputName(plan)
  const names = (await ff.listDir(dir)).filter((n) => !n.isDir).map((n) => n.name).sort()
  if (!names.includes(main)) throw new HighlightError('InternalError', `ffmpeg finished but wrote no ${main}`)
  const durations = plan.output.segment?.format === 'hls' ? await hlsDurations(ff, `${dir}/${main}`) : new Map<string, number>()
  // Playlist last, so a sink that streams files out writes it after its segments.
  for (const name of [...names.filter((n) => n !== main), main]) {
    const data = (await ff.readFile(`${dir}/${name}`)) as Uint8Array
    await ff.deleteFile(`${dir}/${name}`)
    const duration = name === main ? (plan.output.segment ? undefined : plan.duration) : durations.get(name)
    await sink.stage({
      uri: outputUri(plan, name),
      data: new Blob([data as Uint8Array<ArrayBuffer>], { type: mimeType(name) }),
      ...(duration !== undefined ? { duration } : {}),
    })
  }
}

/** Segment durations from an HLS playlist (#EXTINF before each segment line). */
async function hlsDurations(ff: FFmpeg, path: string): Promise<Map<string, number>> {
  const text = (await ff.readFile(path, 'utf8')) as string
  const map = new Map<string, number>()
  let pending: number | undefined
  for (const line of text.split('\n')) {
    const inf = /^#EXTINF:([\d.]+)/.exec(line)
    if (inf) pending = Number(inf[1])
    else if (line && !line.startsWith('#') && pending !== undefined) {
      map.set(line.trim(), pending)
      pending = undefined
    }
  }
  return map
}

async function cleanUp(ff: FFmpeg, root: string, outputDir: string): Promise<void> {
  for (const n of await ff.listDir(outputDir).catch(() => [])) if (!n.isDir) await ff.deleteFile(`${outputDir}/${n.name}`).catch(() => undefined)
  await ff.deleteDir(outputDir).catch(() => undefined)
  await ff.unmount(`${root}/in`).catch(() => undefined)
  await ff.deleteDir(`${root}/in`).catch(() => undefined)
  for (const n of await ff.listDir(root).catch(() => [])) if (!n.isDir) await ff.deleteFile(`${root}/${n.name}`).catch(() => undefined)
  await ff.deleteDir(root).catch(() => undefined)
}

function safeExtension(name: string): string {
  const ext = /\.([A-Za-z0-9]{1,5})$/.exec(name)?.[1]
  return ext ? ext.toLowerCase() : 'bin'
}

const MIME: Record<string, string> = {
  mp4: 'video/mp4', mov: 'video/quicktime', mkv: 'video/x-matroska', ts: 'video/mp2t', flv: 'video/x-flv', avi: 'video/x-msvideo',
  asf: 'video/x-ms-asf', mxf: 'application/mxf', m3u8: 'application/vnd.apple.mpegurl', mpd: 'application/dash+xml', m4s: 'video/iso.segment',
}
const mimeType = (name: string) => MIME[name.slice(name.lastIndexOf('.') + 1)] ?? 'application/octet-stream'
