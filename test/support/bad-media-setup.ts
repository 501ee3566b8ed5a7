/**
 * Global setup (browser project): writes the bad-media corpus (test/fixtures/bad-media/make.sh, native ffmpeg)
 * into test/fixtures/bad-media/out/ before the browser tests start. Browser tests cannot spawn processes; they
 * fetch the files from the dev server. The corpus is made again only when make.sh changes (a stamp holds its hash).
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

export const BAD_MEDIA_DIR = resolve(import.meta.dirname, '../fixtures/bad-media')

export default function setup(): void {
  const script = join(BAD_MEDIA_DIR, 'make.sh')
  const out = join(BAD_MEDIA_DIR, 'out')
  const stamp = join(out, '.stamp')
  const hash = createHash('sha256').update(readFileSync(script)).digest('hex')
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return
  execFileSync('bash', [script, out], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 120_000 })
  writeFileSync(stamp, hash)
}
