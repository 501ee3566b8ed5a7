/**
 * IMM visual effect names (imm-spec.md §3.2) -> an ffmpeg filter recipe that looks like the name.
 * IMM documents only the names; these recipes are this engine's reading of them (docs/render.md
 * shows a still of each). A recipe gets the clip's picture on the canvas (`input`, already scaled,
 * padded, square pixels) and must leave the same size, on `output`. Only registry text and numbers
 * reach the filtergraph: nothing from a request.
 */
import type { EffectName } from '../contract/index.ts'

export interface EffectContext {
  /** Canvas size in pixels (even numbers). */
  width: number
  height: number
  /** Filtergraph labels, e.g. `[c2pre]` and `[c2fx]`. */
  input: string
  output: string
  /** A prefix unique to this clip, for labels the recipe needs inside its own graph. */
  tag: string
}

export interface EffectRecipe {
  /** What the recipe does, in a few words (shown in docs/render.md and the demo). */
  description: string
  /** Returns a filtergraph fragment that reads `input` and writes `output`. */
  graph(ctx: EffectContext): string
}

const even = (n: number) => Math.max(2, 2 * Math.round(n / 2))

export const EFFECT_RECIPES: Readonly<Record<EffectName, EffectRecipe>> = {
  letterboxed: {
    description: 'Cinema bars: black bands over the top and bottom 12% of the picture (about 2.35:1 on a 16:9 canvas).',
    graph: ({ width, height, input, output }) => {
      const bar = even(height * 0.12)
      return `${input}drawbox=x=0:y=0:w=${width}:h=${bar}:color=black:t=fill,` +
        `drawbox=x=0:y=${height - bar}:w=${width}:h=${bar}:color=black:t=fill${output}`
    },
  },
  twolayer: {
    description: 'Two layers: a blurred, darkened copy fills the frame behind the picture shrunk to 70% in the centre.',
    graph: ({ width, height, input, output, tag }) => {
      const w = even(width * 0.7)
      const h = even(height * 0.7)
      return `${input}split=2[${tag}bg][${tag}fg];` +
        `[${tag}bg]boxblur=luma_radius=${Math.max(2, Math.round(height / 20))}:luma_power=2,eq=brightness=-0.12[${tag}bgb];` +
        `[${tag}fg]scale=${w}:${h}[${tag}fgs];` +
        `[${tag}bgb][${tag}fgs]overlay=x=${(width - w) / 2}:y=${(height - h) / 2}${output}`
    },
  },
  luminance: {
    description: 'Luminance only: the colour is removed and the brightness contrast lifted (black and white).',
    graph: ({ input, output }) => `${input}hue=s=0,eq=contrast=1.25${output}`,
  },
  invert: {
    description: 'Negative: every component is inverted (255 - value).',
    graph: ({ input, output }) => `${input}negate${output}`,
  },
  threelayer: {
    description: 'Three layers: the middle third of the picture is stacked three times; the outer two are dimmed.',
    graph: ({ width, height, input, output, tag }) => {
      const band = even(height / 3)
      const y = even((height - band) / 2)
      return `${input}crop=${width}:${band}:0:${y},split=3[${tag}t][${tag}m][${tag}b];` +
        `[${tag}t]eq=brightness=-0.2[${tag}td];[${tag}b]eq=brightness=-0.2[${tag}bd];` +
        `[${tag}td][${tag}m][${tag}bd]vstack=inputs=3,scale=${width}:${height}${output}`
    },
  },
  vignette: {
    description: 'Vignette: the corners darken towards black (lens falloff, angle PI/4).',
    graph: ({ input, output }) => `${input}vignette=angle=PI/4${output}`,
  },
  sigmoidaltransfer: {
    description: 'Sigmoidal contrast: an S-shaped tone curve that deepens shadows and lifts highlights.',
    graph: ({ input, output }) => `${input}curves=all='0/0 0.25/0.12 0.5/0.5 0.75/0.88 1/1'${output}`,
  },
  colorshift: {
    description: 'Colour shift: the red plane moves left and the blue plane right by 1.5% of the width (RGB split).',
    graph: ({ width, input, output }) => {
      const shift = Math.max(1, Math.round(width * 0.015))
      return `${input}rgbashift=rh=-${shift}:bh=${shift}:edge=smear${output}`
    },
  },
  vertigo: {
    description: 'Vertigo: the picture is zoomed 12% and sways about its centre (±3°, 2 s period).',
    graph: ({ width, height, input, output }) =>
      `${input}scale=${even(width * 1.12)}:${even(height * 1.12)},` +
      `rotate=a=0.052*sin(PI*t):ow=${width}:oh=${height}:c=black${output}`,
  },
}

/** The recipe for an effect, or undefined when the name is not in the catalogue. */
export function effectRecipe(name: string): EffectRecipe | undefined {
  return Object.hasOwn(EFFECT_RECIPES, name) ? EFFECT_RECIPES[name as EffectName] : undefined
}
