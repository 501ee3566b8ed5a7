// Native ffmpeg, the reference every benchmark compares against in the same run.
import { spawnSync } from 'node:child_process'

export const FFMPEG = '/usr/bin/ffmpeg'

/** Wall milliseconds of `runs` runs of native ffmpeg with `args`; throws with ffmpeg's last words on failure. */
export function timeNative(args, runs) {
  const ms = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    const r = spawnSync(FFMPEG, args, { stdio: ['ignore', 'ignore', 'pipe'] })
    ms.push(performance.now() - t0)
    if (r.status !== 0) throw new Error(`native ffmpeg failed: ${r.stderr.toString().slice(-2000)}`)
  }
  return ms
}
