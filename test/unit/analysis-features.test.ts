import { describe, expect, it } from 'vitest'
import { frameFeatures, histDistance, frameDifference, laplacianVariance, LUMA_BINS, HS_BINS } from '../../src/analysis/features.ts'
import { FrameSeriesBuilder } from '../../src/analysis/frame-series.ts'
import { decodeFrames } from '../fixtures/analysis/native-decode.ts'

const W = 128
const H = 72
function solid(r: number, g: number, b: number): Uint8ClampedArray {
  const px = new Uint8ClampedArray(W * H * 4)
  for (let i = 0; i < W * H; i++) px.set([r, g, b, 255], i * 4)
  return px
}
const sum = (a: Float32Array) => a.reduce((x, y) => x + y, 0)

describe('frameFeatures', () => {
  it.each([
    ['black', 0, 0, 0, 0],
    ['white', 255, 255, 255, 255],
    ['mid grey', 128, 128, 128, 128],
    ['pure red', 255, 0, 0, 0.299 * 255],
  ])('%s: luma, flat frame statistics and normalised histograms', (_name, r, g, b, luma) => {
    const f = frameFeatures(solid(r, g, b), W, H)
    expect(f.meanLuma).toBeCloseTo(luma, 3)
    expect(f.stdLuma).toBeCloseTo(0, 3)
    expect(f.lapVar).toBeCloseTo(0, 3)
    expect(f.lumaHist).toHaveLength(LUMA_BINS)
    expect(f.hsHist).toHaveLength(HS_BINS)
    expect(sum(f.lumaHist)).toBeCloseTo(1, 5)
    expect(sum(f.hsHist)).toBeCloseTo(1, 5)
  })

  it('soft binning splits a value between its two nearest bins', () => {
    // v = 12: position 12 * 32 / 256 = 1.5 -> exactly the centre of bin 1.
    expect(frameFeatures(solid(12, 12, 12), W, H).lumaHist[1]).toBeCloseTo(1, 5)
    // v = 16: position 2.0 -> halfway between bins 1 and 2.
    const h = frameFeatures(solid(16, 16, 16), W, H).lumaHist
    expect(h[1]).toBeCloseTo(0.5, 5)
    expect(h[2]).toBeCloseTo(0.5, 5)
  })

  it('hue is circular: a red just below 360 degrees shares a bin with red', () => {
    const red = frameFeatures(solid(255, 0, 0), W, H)
    const nearRed = frameFeatures(solid(255, 0, 8), W, H)
    const green = frameFeatures(solid(0, 255, 0), W, H)
    expect(histDistance(red, nearRed)).toBeLessThan(0.1)
    expect(histDistance(red, green)).toBeGreaterThan(0.45)
  })

  it('histogram distance is 0 for the same frame and 1 for black against white', () => {
    const black = frameFeatures(solid(0, 0, 0), W, H)
    const white = frameFeatures(solid(255, 255, 255), W, H)
    expect(histDistance(black, black)).toBe(0)
    // Both grey (same hue/sat bin), so only the luma half differs: 0.25 * 2 = 0.5.
    expect(histDistance(black, white)).toBeCloseTo(0.5, 5)
    expect(frameDifference(black.luma, white.luma)).toBeCloseTo(255, 3)
  })

  it('Laplacian variance grows with detail: checkerboard >> smooth gradient', () => {
    const check = new Float32Array(W * H).map((_, i) => (((i % W) + Math.floor(i / W)) % 2 ? 255 : 0))
    const ramp = new Float32Array(W * H).map((_, i) => (i % W) * 2)
    expect(laplacianVariance(check, W, H)).toBeGreaterThan(1e5)
    expect(laplacianVariance(ramp, W, H)).toBeCloseTo(0, 3)
  })

  it('rejects a buffer too small for its size', () => {
    expect(() => frameFeatures(new Uint8ClampedArray(10), W, H)).toThrow(RangeError)
  })
})

describe('FrameSeriesBuilder on real frames (shots.mp4, native decode)', () => {
  const clip = decodeFrames('shots.mp4')
  const b = new FrameSeriesBuilder(12)
  clip.frames.forEach((f, i) => b.push(f, clip.width, clip.height, clip.times[i]!))
  const s = b.series

  it('keeps one row per frame with real timestamps', () => {
    expect(s.time).toHaveLength(375)
    expect(s.time[75]).toBeCloseTo(3, 6)
  })

  it('the hard cuts stand out in histogram distance and frame difference (models.md §1)', () => {
    for (const frame of [75, 125, 275, 325]) {
      expect(s.histDist[frame]).toBeGreaterThan(0.5)
      expect(s.frameDiff[frame]).toBeGreaterThan(20)
    }
    // Dissolve frames stay well below the cut threshold thanks to soft binning.
    const dissolve = s.histDist.slice(176, 200)
    expect(Math.max(...dissolve)).toBeLessThan(0.3)
  })

  it('black, repeated and blurred frames have the expected statistics', () => {
    expect(s.meanLuma[260]).toBeLessThan(1)
    expect(s.frameDiff[310]).toBeLessThan(0.1)
    expect(s.lapVar[350]).toBeLessThan(30)
    expect(s.lapVar[20]).toBeGreaterThan(400)
  })

  it('spanDist is high across the dissolve and flashDist low inside a steady shot', () => {
    expect(s.spanDist[187]).toBeGreaterThan(0.5)
    expect(s.flashDist[40]).toBeLessThan(0.05)
  })
})
