// Fails the test command in one clear line when no Chromium is installed: browser tests never skip silently.
import { findChromium, MISSING_CHROMIUM } from './chromium.mjs'
if (!findChromium()) {
  console.error(MISSING_CHROMIUM)
  process.exit(1)
}
