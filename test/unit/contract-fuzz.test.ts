/**
 * Property test: random and mutated requests (seeded, reproducible). Each one either validates or is refused
 * with a HighlightError; nothing else is thrown, nothing hangs, nothing pollutes a prototype.
 */
import { expect, test } from 'vitest'
import { HighlightError, parseRequest, TRANSITION_NAMES, EFFECT_NAMES } from '../../src/contract/index.ts'
import { mulberry32, pick } from '../support/random.ts'
import { validRequest, concatRequest } from '../support/requests.ts'

const SEED = 20261125
const CASES = 10_000

type Rand = () => number

const weirdStrings = [
  '', ' ', 'a', '人物', '宠物和人物', '\u0000', '\uD800', '🎬'.repeat(60), 'x'.repeat(5000), '__proto__', 'constructor',
  "[0:v];[1:v]concat=n=2", 'a,b:c=d', '../../../etc/passwd', 'file:///etc/passwd', '$(rm -rf /)', '`id`', '\n\r\t',
  'oss://bucket/a.mp4', 'blob:http://x/1', 'NaN', '1e309', 'Compose', 'fade', 'mp4',
]

function randomValue(rand: Rand, depth = 0): unknown {
  const kind = Math.floor(rand() * 14)
  switch (kind) {
    case 0: return pick(rand, weirdStrings)
    case 1: return pick(rand, [NaN, Infinity, -Infinity, -0, 0, 1, -1, 0.5, 1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 31, 5, 10, 100, 101])
    case 2: return rand() < 0.5
    case 3: return null
    case 4: return undefined
    case 5: return depth > 3 ? [] : Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1))
    case 6: return depth > 3 ? {} : Object.fromEntries(Array.from({ length: Math.floor(rand() * 4) }, () => [pick(rand, ['URI', 'Type', '__proto__', 'constructor', 'prototype', 'x', 'Content']), randomValue(rand, depth + 1)]))
    case 7: return pick(rand, TRANSITION_NAMES)
    case 8: return pick(rand, EFFECT_NAMES)
    case 9: return Array.from({ length: pick(rand, [11, 100, 5000]) }, () => ({ URI: 'a' }))
    case 10: { let v: unknown = 1; for (let i = 0; i < pick(rand, [10, 40, 1000]); i++) v = [v]; return v }
    case 11: return JSON.stringify(randomValue(rand, depth + 1) ?? null)
    case 12: return Math.floor(rand() * 200) - 50
    default: return rand() * 20 - 5
  }
}

/** Paths of every object/array slot in a value, to pick a place to mutate. */
function slots(root: unknown): { parent: Record<string | number, unknown>; key: string | number }[] {
  const out: { parent: Record<string | number, unknown>; key: string | number }[] = []
  const stack = [root]
  while (stack.length) {
    const node = stack.pop()
    if (typeof node !== 'object' || node === null) continue
    for (const key of Object.keys(node)) {
      out.push({ parent: node as Record<string, unknown>, key: Array.isArray(node) ? Number(key) : key })
      stack.push((node as Record<string, unknown>)[key])
    }
  }
  return out
}

function mutate(rand: Rand, request: unknown): unknown {
  const n = 1 + Math.floor(rand() * 4)
  for (let i = 0; i < n; i++) {
    const all = slots(request)
    if (all.length === 0) break
    const { parent, key } = pick(rand, all)
    const op = rand()
    if (op < 0.3) delete parent[key]
    else if (op < 0.8) parent[key] = randomValue(rand)
    else if (typeof parent === 'object' && !Array.isArray(parent)) parent[pick(rand, ['__proto__', 'Extra', 'constructor', 'URI', 'Speed'])] = randomValue(rand)
    else if (Array.isArray(parent)) parent.push(...Array.from({ length: 12 }, () => structuredClone(parent[0])))
  }
  return request
}

function randomCase(rand: Rand): unknown {
  const r = rand()
  if (r < 0.05) return randomValue(rand)
  if (r < 0.1) return JSON.stringify(mutate(rand, validRequest())).slice(0, Math.floor(rand() * 400))
  const base = rand() < 0.5 ? validRequest() : concatRequest()
  const mutated = mutate(rand, base)
  return rand() < 0.1 ? JSON.stringify(mutated) : mutated
}

test(`${CASES} seeded random and mutated requests validate or fail with a HighlightError`, () => {
  const rand = mulberry32(SEED)
  let valid = 0
  const codes = new Map<string, number>()
  for (let i = 0; i < CASES; i++) {
    const input = randomCase(rand)
    try {
      const out = parseRequest(input)
      valid++
      expect(out.Sources.length).toBeGreaterThanOrEqual(1)
      expect(out.Sources.length).toBeLessThanOrEqual(10)
    } catch (err) {
      if (!(err instanceof HighlightError)) throw new Error(`case ${i} threw a non-HighlightError: ${String(err)}`)
      expect(err.Code).toMatch(/^[A-Z][A-Za-z.]+$/)
      expect(err.Message.length).toBeGreaterThan(0)
      codes.set(err.Code, (codes.get(err.Code) ?? 0) + 1)
    }
  }
  expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  expect(Object.prototype).not.toHaveProperty('URI')
  // Both outcomes occur, so the generator exercises the validator in both directions.
  expect(valid).toBeGreaterThan(100)
  expect(codes.get('InvalidArgument')).toBeGreaterThan(100)
  expect(codes.has('LimitExceededError')).toBe(true)
  expect(codes.has('InvalidJSON')).toBe(true)
}, 60_000)
