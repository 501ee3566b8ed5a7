/**
 * What the in-browser render (ffmpeg.wasm) cannot do, checked on the plan before anything runs, so the
 * task fails fast with UnsupportedCapability (which the placement policy may send to the cloud instead).
 */
import { HighlightError } from '../contract/index.ts'
import { VIDEO_ENCODERS, audioEncoderFor } from './codecs.ts'
import type { EditDecisionList } from './edl.ts'

/** Why this plan cannot render in ffmpeg.wasm, or null when it can. */
export function browserRenderProblem(plan: EditDecisionList): string | null {
  const v = plan.output.video
  if (v && v.codec !== 'copy' && !VIDEO_ENCODERS[v.codec].inBrowser) {
    return `Output.Video.TranscodeVideo.Codec ${v.codec}: the ${VIDEO_ENCODERS[v.codec].encoder} encoder does not run in this ffmpeg.wasm build`
  }
  const a = plan.output.audio
  if (a && a.codec !== 'copy' && !audioEncoderFor(a.codec, a.channels, a.sampleRate).inBrowser) {
    return `Output.Audio.TranscodeAudio: ${a.codec} with ${a.channels} channels at ${a.sampleRate} Hz does not run in this ffmpeg.wasm build (stereo Opus needs 48000 Hz)`
  }
  return null
}

export function assertBrowserRenderable(plan: EditDecisionList): void {
  const problem = browserRenderProblem(plan)
  if (problem) throw new HighlightError('UnsupportedCapability', problem)
}
