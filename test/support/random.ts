/** The engine's seeded PRNG (mulberry32), so property tests are reproducible. */
export { seededRng as mulberry32 } from '../../src/edit/rng.ts'

export function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)]!
}
