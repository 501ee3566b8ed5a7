#!/usr/bin/env node
// Rebuilds every model file from node_modules (no downloads):  node models/build.mjs [--check]
// --check writes nothing and exits 1 if a rebuilt file differs from the committed one.
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { targets as face } from './face/build.mjs'
import { targets as object } from './object/build.mjs'
import { targets as speech } from './speech/build.mjs'
import { targets as scene } from './scene/build.mjs'

export const ALL_TARGETS = [...face, ...object, ...speech, ...scene]

/** Builds every target; returns [{ path, bytes, same }] where `same` compares with the file on disk. */
export async function buildAll({ write }) {
  const results = []
  for (const t of ALL_TARGETS) {
    const bytes = await t.build()
    const path = fileURLToPath(t.file)
    let same = false
    try { same = Buffer.compare(readFileSync(path), Buffer.from(bytes)) === 0 } catch { /* not built yet */ }
    if (write && !same) writeFileSync(path, bytes)
    results.push({ path, bytes, same })
  }
  return results
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = process.argv.includes('--check')
  const results = await buildAll({ write: !check })
  for (const r of results) console.log(`${r.same ? 'unchanged' : check ? 'DIFFERS  ' : 'written  '} ${r.path} (${r.bytes.length} bytes)`)
  if (check && results.some((r) => !r.same)) process.exit(1)
}
