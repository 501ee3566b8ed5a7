// Writes one still per effect (and the untouched frame) into docs/render-stills/, rendered by native ffmpeg
// with the engine's own effect recipes (src/edit/effects.ts), so docs/render.md shows what each name does.
//   node bench/render/stills.mjs
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { PROJECT_ROOT, startViteServer } from '../../scripts/lib/browser-host.mjs'

const OUT = join(PROJECT_ROOT, 'docs/render-stills')
const W = 480
const H = 270
// A photo reads better than a test pattern; the public-domain astronaut image when present, else testsrc2.
const PHOTO = '/work/shared/data/astronaut.jpg'

const { server } = await startViteServer()
try {
  const { EFFECT_RECIPES } = await server.ssrLoadModule('/src/edit/effects.ts')
  mkdirSync(OUT, { recursive: true })
  const source = existsSync(PHOTO)
    ? ['-loop', '1', '-t', '1', '-i', PHOTO, '-f', 'lavfi', '-i', `testsrc2=size=${W}x${H}:rate=25:d=1`]
    : ['-f', 'lavfi', '-i', `testsrc2=size=${W}x${H}:rate=25:d=1`]
  // Left half photo, right half test pattern: skin tones and saturated colours in one frame.
  const base = existsSync(PHOTO)
    ? `[0:v]scale=${W / 2}:${H}:force_original_aspect_ratio=increase,crop=${W / 2}:${H},setsar=1,fps=25[p];[1:v]crop=${W / 2}:${H}:0:0[t];[p][t]hstack,format=yuv420p`
    : '[0:v]format=yuv420p'
  const still = (name, effect) => {
    const graph = effect ? `${base}[pre];${effect.graph({ width: W, height: H, input: '[pre]', output: '[fx]', tag: 'e' })};[fx]format=yuv420p[v]` : `${base}[v]`
    execFileSync('/usr/bin/ffmpeg', ['-loglevel', 'error', '-y', ...source, '-filter_complex', graph, '-map', '[v]',
      '-ss', '0.5', '-frames:v', '1', '-q:v', '4', join(OUT, `${name}.jpg`)])
  }
  still('original', null)
  for (const [name, recipe] of Object.entries(EFFECT_RECIPES)) still(name, recipe)
  console.log(`wrote ${Object.keys(EFFECT_RECIPES).length + 1} stills to ${OUT}`)
} finally {
  await server.close()
}
