/**
 * The -filter_complex graph of an encoded render: every clip normalised onto one canvas and one audio
 * format, effects applied, clips joined by xfade/acrossfade (or concat for a cut), music mixed under,
 * rotation last. Only numbers and registry text are written here; nothing from a request reaches the
 * graph as text.
 *
 * Per clip (input i = the clip cut with -ss/-t):
 *   video: setpts (speed) -> fps -> scale/pad (ScaleType) -> setsar=1 -> format -> effect -> format
 *          -> tpad+trim (exactly `duration` seconds, so xfade offsets hold)
 *   audio: aresample -> aformat (rate, layout) -> atempo (speed, pitch kept) -> apad+atrim (exact length)
 *   A source without video becomes black frames; one without audio becomes silence.
 */
import { num } from './codecs.ts'
import { effectRecipe } from './effects.ts'
import type { EditDecisionList, EdlVideoOutput } from './edl.ts'
import { timeline } from './edl.ts'

export interface FilterGraph {
  graph: string
  /** Output labels to -map, when the stream is written. */
  video?: string
  audio?: string
}

/** ffmpeg channel layout names by channel count. */
const LAYOUTS: Record<number, string> = { 1: 'mono', 2: 'stereo', 3: '2.1', 4: 'quad', 5: '5.0', 6: '5.1', 7: '6.1', 8: '7.1' }

/** Frame rate as ffmpeg reads it; NTSC rates (29.97, 59.94, 23.976) as exact fractions. */
export function rate(fps: number): string {
  const ntsc = (fps * 1001) / 1000
  if (!Number.isInteger(fps) && Math.abs(ntsc - Math.round(ntsc)) < 0.01) return `${Math.round(ntsc) * 1000}/1001`
  return num(fps)
}

/** Scaling of one clip onto the canvas, by IMM ScaleType (`fit` also pads: a joined video needs one size). */
function fitToCanvas(v: EdlVideoOutput): string {
  const { width: w, height: h } = v
  switch (v.scaleType) {
    case 'stretch':
      return `scale=${w}:${h}`
    case 'crop':
      return `scale=${w}:${h}:force_original_aspect_ratio=increase,crop=${w}:${h}`
    default:
      return `scale=${w}:${h}:force_original_aspect_ratio=decrease:force_divisible_by=2,pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2:color=black`
  }
}

const ROTATE: Record<EdlVideoOutput['rotation'], string | null> = {
  0: null, 90: 'transpose=clock', 180: 'hflip,vflip', 270: 'transpose=cclock',
}

/**
 * @param clipInputs ffmpeg input index of each clip's cut.
 * @param musicInput ffmpeg input index of the music, when there is music.
 */
export function buildFilterGraph(plan: EditDecisionList, clipInputs: number[], musicInput?: number): FilterGraph {
  const parts: string[] = []
  const v = plan.output.video
  const a = plan.output.audio
  const speed = plan.speed
  const setpts = speed === 1 ? 'setpts=PTS-STARTPTS' : `setpts=(PTS-STARTPTS)/${num(speed)}`

  plan.clips.forEach((clip, i) => {
    const input = clipInputs[i]!
    const source = plan.sources[clip.sourceIndex]!
    const d = num(clip.duration)
    if (v) {
      const fps = rate(v.fps)
      const pix = `format=${v.pixelFormat}`
      // settb: every clip on one time base, or xfade refuses to join clips whose inputs differed.
      const exact = `tpad=stop_mode=clone:stop_duration=1,trim=duration=${d},setpts=PTS-STARTPTS,settb=AVTB`
      if (!source.hasVideo) {
        parts.push(`color=c=black:s=${v.width}x${v.height}:r=${fps}:d=${d},setsar=1,${pix}[v${i}]`)
      } else {
        const recipe = clip.effect ? effectRecipe(clip.effect) : undefined
        if (clip.effect && !recipe) throw new Error(`unknown effect ${JSON.stringify(clip.effect)}`)
        const base = `[${input}:v:0]${setpts},fps=${fps},${fitToCanvas(v)},setsar=1,${pix}`
        if (recipe) {
          parts.push(`${base}[c${i}pre]`)
          parts.push(recipe.graph({ width: v.width, height: v.height, input: `[c${i}pre]`, output: `[c${i}fx]`, tag: `c${i}` }))
          parts.push(`[c${i}fx]${pix},${exact}[v${i}]`)
        } else {
          parts.push(`${base},${exact}[v${i}]`)
        }
      }
    }
    if (a) {
      const fmt = `aformat=sample_fmts=fltp:sample_rates=${a.sampleRate}:channel_layouts=${LAYOUTS[a.channels] ?? 'stereo'}`
      const exact = `apad,atrim=duration=${d},asetpts=PTS-STARTPTS`
      if (!source.hasAudio) {
        parts.push(`anullsrc=r=${a.sampleRate}:cl=${LAYOUTS[a.channels] ?? 'stereo'},${exact}[a${i}]`)
      } else {
        const tempo = speed === 1 ? '' : `atempo=${num(speed)},`
        parts.push(`[${input}:a:0]asetpts=PTS-STARTPTS,aresample=${a.sampleRate},${fmt},${tempo}${exact}[a${i}]`)
      }
    }
  })

  const join = (kind: 'v' | 'a'): string => {
    let current = `[${kind}0]`
    let length = plan.clips[0]!.duration
    plan.clips.slice(1).forEach((clip, k) => {
      const next = `[${kind}${k + 1}]`
      const t = plan.transitions[k]
      const label = `[${kind}j${k + 1}]`
      if (!t) {
        parts.push(`${current}${next}concat=n=2:v=${kind === 'v' ? 1 : 0}:a=${kind === 'a' ? 1 : 0}${label}`)
        length += clip.duration
      } else if (kind === 'v') {
        parts.push(`${current}${next}xfade=transition=${t.xfade}:duration=${num(t.duration)}:offset=${num(length - t.duration)}${label}`)
        length += clip.duration - t.duration
      } else {
        parts.push(`${current}${next}acrossfade=d=${num(t.duration)}:c1=tri:c2=tri${label}`)
        length += clip.duration - t.duration
      }
      current = label
    })
    return current
  }

  const result: FilterGraph = { graph: '' }
  const total = timeline(plan.clips, plan.transitions).duration
  if (v) {
    const joined = join('v')
    const rotate = ROTATE[v.rotation]
    parts.push(`${joined}${rotate ?? 'null'}[vout]`)
    result.video = '[vout]'
  }
  if (a) {
    const joined = join('a')
    if (plan.music && musicInput !== undefined) {
      const m = plan.music
      const fmt = `aformat=sample_fmts=fltp:sample_rates=${a.sampleRate}:channel_layouts=${LAYOUTS[a.channels] ?? 'stereo'}`
      parts.push(`[${musicInput}:a:0]aresample=${a.sampleRate},${fmt},atrim=duration=${num(total)},asetpts=PTS-STARTPTS,` +
        `volume=${num(m.volume)},afade=t=in:st=0:d=${num(m.fadeIn)},afade=t=out:st=${num(Math.max(0, total - m.fadeOut))}:d=${num(m.fadeOut)}[music]`)
      parts.push(`${joined}[music]amix=inputs=2:duration=first:dropout_transition=0:normalize=0[aout]`)
    } else {
      parts.push(`${joined}anull[aout]`)
    }
    result.audio = '[aout]'
  }
  result.graph = parts.join(';')
  return result
}
