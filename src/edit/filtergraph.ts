/**
 * The -filter_complex graph of an encoded render: every clip normalised onto one canvas and one audio
 * format, effects applied, clips joined by xfade/acrossfade (or concat for a cut), music mixed under,
 * rotation last. Only numbers and registry text are written here; nothing from a request reaches the
 * graph as text.
 *
 * Per clip (input i = the clip cut with -ss/-t):
 *   video: setpts (speed) -> fps -> scale/pad (ScaleType) -> setsar=1 -> format -> effect -> format
 *          -> trim to `duration` (the input is read a little longer, see READ_AHEAD, so the cut is exact)
 *   audio: aresample -> aformat (rate, layout) -> atempo (speed, pitch kept) -> apad+atrim (exact length)
 *   A source without video becomes black frames; one without audio becomes silence.
 */
import { num } from './codecs.ts'
import { effectRecipe } from './effects.ts'
import type { EditDecisionList, EdlSource, EdlVideoOutput } from './edl.ts'
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
function fitToCanvas(v: EdlVideoOutput, source: EdlSource): string {
  const { width: w, height: h } = v
  // Same size: nothing to pad (pad would still copy every frame, which costs in wasm).
  if (source.width === w && source.height === h) return `scale=${w}:${h}`
  switch (v.scaleType) {
    case 'stretch':
      return `scale=${w}:${h}`
    case 'crop':
      return `scale=${w}:${h}:force_original_aspect_ratio=increase,crop=${w}:${h}`
    default:
      return `scale=${w}:${h}:force_original_aspect_ratio=decrease:force_divisible_by=2,pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2:color=black`
  }
}

/** xfade in ffmpeg 5.1 takes 4:4:4 and RGB formats only. */
const XFADE_FORMAT = 'yuv444p'

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
      // No tpad here: tpad behind split/overlay (twolayer) deadlocks ffmpeg 5.1 once the pieces are trimmed.
      const exact = `trim=duration=${d},setpts=PTS-STARTPTS,settb=AVTB`
      if (!source.hasVideo) {
        parts.push(`color=c=black:s=${v.width}x${v.height}:r=${fps}:d=${d},setsar=1,${pix}[n${i}]`)
      } else {
        const recipe = clip.effect ? effectRecipe(clip.effect) : undefined
        if (clip.effect && !recipe) throw new Error(`unknown effect ${JSON.stringify(clip.effect)}`)
        const base = `[${input}:v:0]${setpts},fps=${fps},${fitToCanvas(v, source)},setsar=1,${pix}`
        if (recipe) {
          parts.push(`${base}[c${i}pre]`)
          parts.push(recipe.graph({ width: v.width, height: v.height, input: `[c${i}pre]`, output: `[c${i}fx]`, tag: `c${i}` }))
          parts.push(`[c${i}fx]${pix},setsar=1,${exact}[n${i}]`)
        } else {
          parts.push(`${base},${exact}[n${i}]`)
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

  /** Audio: acrossfade on the whole clips (it only ever holds `d` seconds), concat for a cut. */
  const joinAudio = (): string => {
    let current = '[a0]'
    plan.clips.slice(1).forEach((_clip, k) => {
      const next = `[a${k + 1}]`
      const t = plan.transitions[k]
      const label = `[aj${k + 1}]`
      parts.push(t ? `${current}${next}acrossfade=d=${num(t.duration)}:c1=tri:c2=tri${label}` : `${current}${next}concat=n=2:v=0:a=1${label}`)
      current = label
    })
    return current
  }

  /**
   * Video: xfade only on the overlapping pieces. Each clip is split into head (overlap with the previous
   * clip), body and tail; xfade(tail k, head k+1) runs on `d` seconds and everything is concatenated.
   * Why: xfade works in 4:4:4 only, so feeding it whole clips converts every frame twice; and only the
   * overlap needs both decoders at once.
   */
  const joinVideo = (v: EdlVideoOutput): string => {
    const segments: string[] = []
    plan.clips.forEach((clip, i) => {
      const head = i > 0 ? plan.transitions[i - 1]?.duration ?? 0 : 0
      const tail = plan.transitions[i]?.duration ?? 0
      const pieces = [head > 0 ? `[n${i}h]` : '', `[n${i}b]`, tail > 0 ? `[n${i}t]` : ''].filter(Boolean)
      if (pieces.length === 1) {
        segments.push(`[n${i}]`)
      } else {
        const toXfade = `setpts=PTS-STARTPTS,scale,format=${XFADE_FORMAT}`
        parts.push(`[n${i}]split=${pieces.length}${pieces.join('')}`)
        if (head > 0) parts.push(`[n${i}h]trim=end=${num(head)},${toXfade}[h${i}]`)
        parts.push(`[n${i}b]trim=start=${num(head)}:end=${num(clip.duration - tail)},setpts=PTS-STARTPTS[b${i}]`)
        if (tail > 0) parts.push(`[n${i}t]trim=start=${num(clip.duration - tail)},${toXfade}[t${i}]`)
        if (head > 0) {
          const t = plan.transitions[i - 1]!
          parts.push(`[t${i - 1}][h${i}]xfade=transition=${t.xfade}:duration=${num(t.duration)}:offset=0,scale,format=${v.pixelFormat}[x${i}]`)
          segments.push(`[x${i}]`)
        }
        segments.push(`[b${i}]`)
      }
    })
    if (segments.length === 1) return segments[0]!
    parts.push(`${segments.join('')}concat=n=${segments.length}:v=1:a=0[vj]`)
    return '[vj]'
  }

  const result: FilterGraph = { graph: '' }
  const total = timeline(plan.clips, plan.transitions).duration
  if (v) {
    const joined = joinVideo(v)
    const rotate = ROTATE[v.rotation]
    parts.push(`${joined}${rotate ?? 'null'}[vout]`)
    result.video = '[vout]'
  }
  if (a) {
    const joined = joinAudio()
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
