/**
 * IMM transition names (imm-spec.md §3.1) -> the ffmpeg `xfade` transition that draws them.
 * IMM spells the xfade names out in full; the table undoes that. A browser test renders every row
 * in the wasm build, so a name the build lacks fails there.
 */
import type { TransitionName } from '../contract/index.ts'

export const TRANSITION_XFADE: Readonly<Record<TransitionName, string>> = {
  fade: 'fade',
  fadeblack: 'fadeblack',
  fadewhite: 'fadewhite',
  colordistance: 'distance',
  fadegrays: 'fadegrays',
  wipeleft: 'wipeleft',
  wiperight: 'wiperight',
  wipeup: 'wipeup',
  wipedown: 'wipedown',
  wipetopleft: 'wipetl',
  wipetopright: 'wipetr',
  wipebottomleft: 'wipebl',
  wipebottomright: 'wipebr',
  slideleft: 'slideleft',
  slideright: 'slideright',
  slideup: 'slideup',
  slidedown: 'slidedown',
  smoothleft: 'smoothleft',
  smoothright: 'smoothright',
  smoothup: 'smoothup',
  smoothdown: 'smoothdown',
  circlecrop: 'circlecrop',
  rectanglecrop: 'rectcrop',
  circleclose: 'circleclose',
  circleopen: 'circleopen',
  horizontalclose: 'horzclose',
  horizontalopen: 'horzopen',
  verticalclose: 'vertclose',
  verticalopen: 'vertopen',
  diagonalbottomleft: 'diagbl',
  diagonalbottomright: 'diagbr',
  diagonaltopleft: 'diagtl',
  diagonaltopright: 'diagtr',
  horizontalsliceleft: 'hlslice',
  horizontalsliceright: 'hrslice',
  verticalsliceup: 'vuslice',
  verticalslicedown: 'vdslice',
  dissolve: 'dissolve',
  pixelize: 'pixelize',
  radial: 'radial',
  horizontalblur: 'hblur',
  squeezehorizontal: 'squeezeh',
  squeezevertical: 'squeezev',
  zoomin: 'zoomin',
}

/** The xfade name for a transition, or undefined when the name is not in the catalogue. */
export function xfadeFor(name: string): string | undefined {
  return Object.hasOwn(TRANSITION_XFADE, name) ? TRANSITION_XFADE[name as TransitionName] : undefined
}
