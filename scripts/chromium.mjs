// One place that knows where Debian's Chromium lives and how to start it here. CHROMIUM_PATH overrides the path.
import { existsSync } from 'node:fs'

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']

/** @returns {string | undefined} */
export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined
  return CANDIDATES.find((p) => existsSync(p))
}

/** Flags that keep Chromium quiet on a machine with no internet (toolchain.md). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
]

export const MISSING_CHROMIUM =
  'No Chromium found: run `apt-get install -y chromium` (or `bash scripts/setup`), or set CHROMIUM_PATH to a Chromium binary.'
