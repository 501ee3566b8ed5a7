/**
 * EDL + file paths -> ffmpeg argument lists. Pure: the same lists run in ffmpeg.wasm and in native
 * ffmpeg (bench/render runs both). Two shapes:
 *  - stream copy (plain Concat of compatible sources): the concat demuxer over a generated list, `-c copy`;
 *  - encode: one input per clip (`-ss in -t len -i source`), the music, one -filter_complex (filtergraph.ts).
 * Paths come from the caller (engine-chosen names); request strings never reach an argument.
 */
import { HighlightError } from '../contract/index.ts'
import { AUDIO_ENCODERS, VIDEO_ENCODERS, audioEncoderFor, num } from './codecs.ts'
import { CONTAINER_FORMATS } from './containers.ts'
import type { EditDecisionList, EdlAudioOutput, EdlVideoOutput } from './edl.ts'
import { buildFilterGraph } from './filtergraph.ts'
import { effectRecipe } from './effects.ts'
import { xfadeFor } from './transitions.ts'

export interface RenderFiles {
  /** Path of each source (by source index) where ffmpeg can read it. */
  inputs: string[]
  /** Path of the background music, when the plan has music. */
  music?: string
  /** Directory the outputs are written into. */
  outputDir: string
  /** Directory for helper files (the concat list of a stream copy). */
  workDir: string
}

export interface RenderCommand {
  args: string[]
  /** Paths of the files whose names are known up front (the media file, or the playlist/manifest). */
  outputs: string[]
  /** Seconds of output the command writes: the scale for progress. */
  outputDuration: number
  /** Helper files to write before running. */
  files: { path: string; text: string }[]
  /** Segment files (HLS/DASH) land here too; collect the whole directory after the run. */
  outputDir: string
}

/** Paths the builder accepts: engine-chosen names only, so nothing needs quoting anywhere. */
const SAFE_PATH = /^[A-Za-z0-9_./-]+$/

const LOG_ARGS = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y']

/** Seconds of source read past a clip's out point, so the clip is cut by the filtergraph to the frame. */
export const READ_AHEAD = 0.5

export function buildRenderCommands(plan: EditDecisionList, files: RenderFiles): RenderCommand[] {
  checkPlanNames(plan)
  for (const p of [...files.inputs, files.music ?? '/', files.outputDir, files.workDir]) {
    if (!SAFE_PATH.test(p)) throw new HighlightError('InternalError', `Unsafe file path for ffmpeg: ${JSON.stringify(p)}`)
  }
  const copy = plan.output.video ? plan.output.video.codec === 'copy' : plan.output.audio?.codec === 'copy'
  return [copy ? copyCommand(plan, files) : encodeCommand(plan, files)]
}

/** Names in the plan must be registry rows: a plan that did not come from buildEditPlan is checked again. */
function checkPlanNames(plan: EditDecisionList): void {
  plan.transitions.forEach((t, k) => {
    if (t && xfadeFor(t.name) !== t.xfade) throw new HighlightError('InvalidArgument', `Plan transition ${k} ${JSON.stringify(t.name)} is not in the catalogue`)
  })
  plan.clips.forEach((c, i) => {
    if (c.effect !== null && !effectRecipe(c.effect)) throw new HighlightError('InvalidArgument', `Plan clip ${i} effect ${JSON.stringify(c.effect)} is not in the catalogue`)
  })
  if (!Object.hasOwn(CONTAINER_FORMATS, plan.output.container)) {
    throw new HighlightError('InvalidArgument', `Plan container ${JSON.stringify(plan.output.container)} is not in the catalogue`)
  }
}

/** The file-name stem of the output inside ffmpeg: the URI's last part, reduced to safe characters. */
export function outputStem(uri: string): string {
  const base = uri.slice(uri.lastIndexOf('/') + 1).replace(/\.[A-Za-z0-9]{1,5}$/, '')
  const safe = base.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64)
  return safe.length > 0 ? safe : 'output'
}

/** Name of the main output file (media file, playlist or manifest) inside the output directory. */
export function mainOutputName(plan: EditDecisionList): string {
  const stem = outputStem(plan.output.uri)
  const seg = plan.output.segment
  if (seg?.format === 'hls') return `${stem}.m3u8`
  if (seg?.format === 'dash') return `${stem}.mpd`
  return `${stem}.${CONTAINER_FORMATS[plan.output.container].extension}`
}

/** The URI a written file gets: the main file is Output.URI itself; segments land beside it. */
export function outputUri(plan: EditDecisionList, fileName: string): string {
  if (fileName === mainOutputName(plan)) return plan.output.uri
  const dir = plan.output.uri.slice(0, plan.output.uri.lastIndexOf('/') + 1)
  return dir + fileName
}

function encodeCommand(plan: EditDecisionList, files: RenderFiles): RenderCommand {
  const inputs: string[] = []
  plan.clips.forEach((clip) => {
    const path = files.inputs[clip.sourceIndex]
    if (!path) throw new HighlightError('InternalError', `No input path for source ${clip.sourceIndex}`)
    // Read a little past the out point (when the source has it) so the filter's trim, not the demuxer, makes the cut.
    const toEnd = plan.sources[clip.sourceIndex]!.duration - clip.in
    const length = clip.out - clip.in + READ_AHEAD
    inputs.push('-ss', num(clip.in), ...(length < toEnd ? ['-t', num(length)] : []), '-i', path)
  })
  let musicInput: number | undefined
  if (plan.music && plan.output.audio) {
    if (!files.music) throw new HighlightError('InternalError', 'The plan has music but no music file was given')
    musicInput = plan.clips.length
    inputs.push(...(plan.music.loop ? ['-stream_loop', '-1'] : []), '-i', files.music)
  }
  const graph = buildFilterGraph(plan, plan.clips.map((_, i) => i), musicInput)
  const maps = [...(graph.video ? ['-map', graph.video] : []), ...(graph.audio ? ['-map', graph.audio] : [])]
  const args = [
    ...LOG_ARGS, '-stats',
    ...inputs,
    '-filter_complex', graph.graph,
    ...maps,
    ...(plan.output.video ? videoArgs(plan.output.video, plan) : []),
    ...(plan.output.audio ? audioArgs(plan.output.audio) : []),
    '-t', num(plan.duration),
    ...muxArgs(plan, files.outputDir),
  ]
  return { args, outputs: [`${files.outputDir}/${mainOutputName(plan)}`], outputDuration: plan.duration, files: [], outputDir: files.outputDir }
}

function copyCommand(plan: EditDecisionList, files: RenderFiles): RenderCommand {
  const list = [
    'ffconcat version 1.0',
    ...plan.clips.flatMap((clip) => {
      const source = plan.sources[clip.sourceIndex]!
      const path = files.inputs[clip.sourceIndex]
      if (!path) throw new HighlightError('InternalError', `No input path for source ${clip.sourceIndex}`)
      return [
        `file ${concatQuote(path)}`,
        ...(clip.in > 0 ? [`inpoint ${num(clip.in)}`] : []),
        ...(clip.out < source.duration - 1e-3 ? [`outpoint ${num(clip.out)}`] : []),
      ]
    }),
  ].join('\n') + '\n'
  const listPath = `${files.workDir}/concat.ffconcat`
  const v = plan.output.video
  const a = plan.output.audio
  const args = [
    ...LOG_ARGS, '-stats',
    '-f', 'concat', '-safe', '0', '-i', listPath,
    ...(v ? ['-map', '0:v:0'] : []),
    ...(a ? ['-map', '0:a:0'] : []),
    ...(v ? ['-c:v', 'copy'] : []),
    ...(a ? (a.codec === 'copy' ? ['-c:a', 'copy'] : audioArgs(a)) : []),
    ...muxArgs(plan, files.outputDir),
  ]
  return {
    args,
    outputs: [`${files.outputDir}/${mainOutputName(plan)}`],
    outputDuration: plan.duration,
    files: [{ path: listPath, text: list }],
    outputDir: files.outputDir,
  }
}

/** Quoting for the concat demuxer's `file` lines (single quotes; a quote becomes '\''). */
export function concatQuote(path: string): string {
  return `'${path.replace(/'/g, `'\\''`)}'`
}

function videoArgs(v: EdlVideoOutput, plan: EditDecisionList): string[] {
  if (v.codec === 'copy') return ['-c:v', 'copy']
  const enc = VIDEO_ENCODERS[v.codec]
  const mp4Like = plan.output.container === 'mp4' || plan.output.container === 'mov' || plan.output.segment !== null
  const seg = plan.output.segment
  return [
    '-c:v', enc.encoder,
    ...enc.speed(v.preset),
    ...(v.bitrate !== undefined ? ['-b:v', String(v.bitrate)] : enc.crf(v.crf ?? 23)),
    ...(v.maxBitrate !== undefined ? ['-maxrate', String(v.maxBitrate)] : []),
    ...(v.bufferSize !== undefined ? ['-bufsize', String(v.bufferSize)] : []),
    ...(v.gopSize !== undefined ? ['-g', String(v.gopSize)] : []),
    ...(v.bFrames !== undefined && enc.bFrames ? ['-bf', String(v.bFrames)] : []),
    ...(v.refs !== undefined ? ['-refs', String(v.refs)] : []),
    '-pix_fmt', v.pixelFormat,
    // Key frames on the segment grid, so every segment starts with one and lasts Segment.Duration.
    ...(seg ? ['-force_key_frames', `expr:gte(t,n_forced*${num(seg.duration)})`] : []),
    ...(mp4Like ? enc.mp4Args : []),
  ]
}

function audioArgs(a: EdlAudioOutput): string[] {
  if (a.codec === 'copy') return ['-c:a', 'copy']
  const enc = AUDIO_ENCODERS[a.codec]
  const chosen = audioEncoderFor(a.codec, a.channels, a.sampleRate)
  return [
    '-c:a', chosen.encoder, ...chosen.options,
    ...(a.bitrate !== undefined ? ['-b:a', String(a.bitrate)] : a.quality !== undefined ? enc.quality(a.quality) : []),
    ...(a.bitsPerSample === 24 ? ['-sample_fmt', 's32', '-bits_per_raw_sample', '24'] : a.bitsPerSample === 16 ? ['-sample_fmt', 's16'] : []),
    '-ar', String(a.sampleRate),
    '-ac', String(a.channels),
  ]
}

function muxArgs(plan: EditDecisionList, dir: string): string[] {
  const stem = outputStem(plan.output.uri)
  const main = `${dir}/${mainOutputName(plan)}`
  const seg = plan.output.segment
  if (seg?.format === 'hls') {
    const fmp4 = plan.output.container === 'mp4'
    return [
      '-f', 'hls', '-hls_time', num(seg.duration), '-hls_playlist_type', 'vod', '-hls_list_size', '0',
      '-start_number', String(seg.startNumber),
      ...(fmp4 ? ['-hls_segment_type', 'fmp4', '-hls_fmp4_init_filename', `${stem}_init.mp4`] : []),
      '-hls_segment_filename', `${dir}/${stem}_%05d.${fmp4 ? 'm4s' : 'ts'}`,
      main,
    ]
  }
  if (seg?.format === 'dash') {
    return [
      '-f', 'dash', '-seg_duration', num(seg.duration), '-use_template', '1', '-use_timeline', '1',
      '-init_seg_name', `${stem}_init_$RepresentationID$.m4s`,
      '-media_seg_name', `${stem}_$RepresentationID$_$Number%05d$.m4s`,
      main,
    ]
  }
  const format = CONTAINER_FORMATS[plan.output.container]
  return [...format.muxerArgs, '-f', format.muxer, main]
}
