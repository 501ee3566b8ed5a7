/**
 * The planning half (contract, selection, edit plan, ffmpeg arguments, signing) imports nothing from the
 * browser side: this walks the real import graph of each entry and fails on a browser-only package or module.
 */
import { readFileSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'
import { expect, test } from 'vitest'

const root = resolve(import.meta.dirname, '../..')

const PURE_ENTRIES = [
  'src/contract/index.ts',
  'src/edit/plan.ts',
  'src/edit/ffmpeg-args.ts',
  'src/analysis/select.ts',
  'src/analysis/shots.ts',
  'src/cloud/index.ts',
]

/** Packages and project folders that need a browser (workers, wasm runtimes, IndexedDB, OPFS). */
const BROWSER_ONLY = [/^@ffmpeg\//, /^onnxruntime-web/, /^comlink$/, /^mediabunny$/, /^idb$/, /^src\/(render|runtime|tasks|io\/(inputs|outputs|probe|opfs-path))/, /^workers\//]

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const specs = [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm), ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)]
  return specs.map((m) => m[1]!)
}

function graph(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>()
  const stack = [resolve(root, entry)]
  while (stack.length) {
    const file = stack.pop()!
    if (seen.has(file)) continue
    const specs = importsOf(file)
    seen.set(file, specs)
    for (const spec of specs) if (spec.startsWith('.')) stack.push(resolve(dirname(file), spec))
  }
  return seen
}

test.each(PURE_ENTRIES)('%s and everything it imports stay free of browser-only code', (entry) => {
  const offenders: string[] = []
  for (const [file, specs] of graph(entry)) {
    const rel = relative(root, file)
    if (BROWSER_ONLY.some((re) => re.test(rel))) offenders.push(rel)
    for (const spec of specs) if (!spec.startsWith('.') && BROWSER_ONLY.some((re) => re.test(spec))) offenders.push(`${rel} -> ${spec}`)
  }
  expect(offenders).toEqual([])
})
