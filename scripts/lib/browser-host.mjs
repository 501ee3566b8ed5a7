// A small harness for Node scripts that need the engine in a real browser (the render benchmark, the CLI):
// it starts a Vite dev server from the project's vite.config.ts on a free loopback port, launches
// Debian's Chromium through playwright-core with the project's flags, opens a page, and closes it all.
// Plain .mjs on purpose: Node runs it without a TypeScript step. `host.server.ssrLoadModule()` gives the
// pure TypeScript modules (planner, argument builder) to Node through the same server.
import { createServer as createNetServer } from 'node:net'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createServer } from 'vite'
import { chromium } from 'playwright-core'
import { CHROMIUM_ARGS, findChromium, MISSING_CHROMIUM } from '../chromium.mjs'

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

/** A free TCP port on 127.0.0.1 (asked from the OS, then released for Vite). */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = createNetServer()
    probe.unref()
    probe.on('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (probe.address())
      probe.close(() => resolvePort(port))
    })
  })
}

/**
 * @typedef {object} BrowserHost
 * @property {string} url Base URL of the dev server, e.g. http://127.0.0.1:41234
 * @property {import('vite').ViteDevServer} server
 * @property {import('playwright-core').Browser} browser
 * @property {import('playwright-core').Page} page
 * @property {(path: string) => Promise<void>} open Navigates the page to a path on the server.
 * @property {() => Promise<void>} close Closes the page, the browser and the server.
 */

/**
 * A Vite dev server from the project's config on a free loopback port (no browser). Node scripts can load
 * the project's TypeScript modules through `server.ssrLoadModule('/src/...')`.
 * @param {{ root?: string, plugins?: import('vite').PluginOption[], logLevel?: import('vite').LogLevel }} [options]
 *   `plugins` are added to the project's (e.g. the CLI's own middleware).
 * @returns {Promise<{ server: import('vite').ViteDevServer, url: string }>}
 */
export async function startViteServer(options = {}) {
  const root = options.root ?? PROJECT_ROOT
  const port = await freePort()
  const server = await createServer({
    root,
    configFile: join(root, 'vite.config.ts'),
    server: { host: '127.0.0.1', port, strictPort: true, hmr: false },
    logLevel: options.logLevel ?? 'warn',
    clearScreen: false,
    ...(options.plugins ? { plugins: options.plugins } : {}),
  })
  try {
    await server.listen()
  } catch (err) {
    await server.close()
    throw err
  }
  return { server, url: `http://127.0.0.1:${port}` }
}

/**
 * @param {{ path?: string, root?: string, onConsole?: (type: string, text: string) => void, headless?: boolean,
 *   plugins?: import('vite').PluginOption[], logLevel?: import('vite').LogLevel }} [options]
 * @returns {Promise<BrowserHost>}
 */
export async function startBrowserHost(options = {}) {
  const executablePath = findChromium()
  if (!executablePath) throw new Error(MISSING_CHROMIUM)
  const { path: _path, onConsole: _onConsole, headless: _headless, ...serverOptions } = options
  const { server, url } = await startViteServer(serverOptions)
  let browser
  try {
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: options.headless ?? true })
    const page = await browser.newPage()
    if (options.onConsole) page.on('console', (msg) => options.onConsole?.(msg.type(), msg.text()))
    page.on('pageerror', (err) => options.onConsole?.('pageerror', String(err)))
    const open = async (/** @type {string} */ path) => {
      await page.goto(new URL(path, url).href, { waitUntil: 'load' })
    }
    if (options.path) await open(options.path)
    const close = async () => {
      await browser?.close().catch(() => undefined)
      await server.close()
    }
    return { url, server, browser, page, open, close }
  } catch (err) {
    await browser?.close().catch(() => undefined)
    await server.close()
    throw err
  }
}
