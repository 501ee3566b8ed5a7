/**
 * A small seeded random number generator (mulberry32) so that Random modes give the same plan for
 * the same seed, in Node and in every browser.
 */
export type Rng = () => number

export function seededRng(seed: number): Rng {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** An independent stream for one purpose (transitions, effects, music), so one list does not shift another. */
export function forkRng(seed: number, purpose: string): Rng {
  let h = seed >>> 0
  for (const ch of purpose) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0
  return seededRng(h)
}

/** Picks one item with probability proportional to its weight. */
export function pickWeighted<T>(items: readonly T[], weight: (item: T) => number, rng: Rng): T {
  const total = items.reduce((sum, item) => sum + weight(item), 0)
  let r = rng() * total
  for (const item of items) {
    r -= weight(item)
    if (r < 0) return item
  }
  return items[items.length - 1]!
}
