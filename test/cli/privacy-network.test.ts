/**
 * Local mode sends nothing anywhere: real Chromium (playwright-core) runs a full Compose task (analysis with the
 * model workers, music, transitions, render) on the CLI's page, and every request the page and its workers make is
 * intercepted at the browser (context.route). All of them go to the page's own origin; the only requests that carry
 * a body are the page handing its outputs back to this same origin.
 */
import { readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createServer, type ViteDevServer } from 'vite'
import { chromium, type Browser } from 'playwright-core'
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.mjs'

const root = resolve(import.meta.dirname, '../..')
const request = JSON.parse(readFileSync(join(root, 'examples/default-request.json'), 'utf8')) as {
  Sources: { URI: string }[]
  Edit: { BackgroundMusics: { URI: string }[] }
}
/** The bundled samples, served at /__cli/in/<n> as the CLI serves local files. */
const inputs = [...request.Sources.map((s) => s.URI), ...request.Edit.BackgroundMusics.map((m) => m.URI)]
  .map((uri, i) => ({ uri, path: resolve(root, 'examples', uri), url: `/__cli/in/${i}` }))

interface Seen { url: string; method: string; bodyBytes: number }

let server: ViteDevServer
let browser: Browser
let origin = ''
const received: { uri: string; bytes: number }[] = []

beforeAll(async () => {
  server = await createServer({
    root,
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'error',
    server: { host: '127.0.0.1', port: 0, hmr: false },
    plugins: [{
      name: 'privacy-test-files',
      configureServer(s) {
        s.middlewares.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
          const url = new URL(req.url ?? '/', 'http://x')
          const input = inputs.find((f) => f.url === url.pathname)
          if (req.method === 'GET' && input) {
            res.setHeader('Content-Type', 'application/octet-stream')
            res.setHeader('Content-Length', statSync(input.path).size)
            res.end(readFileSync(input.path))
            return
          }
          if (req.method === 'POST' && url.pathname === '/__cli/out') {
            let bytes = 0
            req.on('data', (chunk: Buffer) => (bytes += chunk.length))
            req.on('end', () => {
              received.push({ uri: url.searchParams.get('uri') ?? '', bytes })
              res.end('ok')
            })
            return
          }
          next()
        })
      },
    }],
  })
  await server.listen()
  const address = server.httpServer!.address() as { port: number }
  origin = `http://127.0.0.1:${address.port}`
  browser = await chromium.launch({ executablePath: findChromium()!, headless: true, args: CHROMIUM_ARGS })
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

describe('local mode: nothing leaves the page’s origin', () => {
  test('a full Compose task (models, music, transitions): every request of the page and its workers goes to its own origin', async () => {
    const context = await browser.newContext()
    const seen: Seen[] = []
    await context.route('**/*', async (route) => {
      const r = route.request()
      seen.push({ url: r.url(), method: r.method(), bodyBytes: r.postDataBuffer()?.length ?? 0 })
      await route.continue()
    })
    // Also what bypasses routing (service worker, cached responses): every request event of the context.
    const events: string[] = []
    context.on('request', (r) => events.push(r.url()))
    const page = await context.newPage()
    await page.goto(`${origin}/scripts/cli/index.html`)
    await page.waitForFunction(() => typeof (window as { runHighlight?: unknown }).runHighlight === 'function', null, { timeout: 120_000 })

    const info = await page.evaluate((job) => window.runHighlight(job), {
      request: JSON.parse(readFileSync(join(root, 'examples/default-request.json'), 'utf8')),
      inputs: inputs.map(({ uri, url }) => ({ uri, url })),
      engine: 'local' as const,
    })
    await context.close()

    expect(info.Status, `${info.Code}: ${info.Message}`).toBe('Succeeded')
    expect(info.Placement.Engine).toBe('local')
    expect(info.Result?.Segments.length).toBeGreaterThan(0)

    // The interception saw the work of the workers too: ffmpeg.wasm's core, the ONNX runtime and the models.
    const paths = seen.map((s) => new URL(s.url).pathname)
    expect(paths.some((p) => p.endsWith('/vendor/ffmpeg-core/ffmpeg-core.wasm'))).toBe(true)
    expect(paths.some((p) => p.startsWith('/vendor/ort/') && p.endsWith('.wasm'))).toBe(true)
    expect(paths.filter((p) => p.endsWith('.onnx')).length).toBeGreaterThanOrEqual(3)

    const foreign = [...seen.map((s) => s.url), ...events].filter((u) => !u.startsWith('blob:') && !u.startsWith('data:') && new URL(u).origin !== origin)
    expect(foreign, 'requests to another origin').toEqual([])
    // Only the outputs handed back to the CLI carry bytes, and they go to this origin.
    const withBody = seen.filter((s) => s.bodyBytes > 0 || s.method !== 'GET')
    expect(withBody.map((s) => `${s.method} ${new URL(s.url).pathname}`)).toEqual(withBody.map(() => 'POST /__cli/out'))
    expect(received.map((r) => r.uri)).toEqual(['highlight.mp4'])
    expect(received[0]!.bytes).toBe(info.Result!.Outputs[0]!.Size)
    console.log(`privacy: ${seen.length} requests intercepted, all to ${origin}`)
  })

  test('control: the same interception does see a request to another origin made from inside a worker', async () => {
    const context = await browser.newContext()
    const seen: string[] = []
    await context.route('**/*', (route) => {
      seen.push(route.request().url())
      return new URL(route.request().url()).origin === origin ? route.continue() : route.abort()
    })
    const page = await context.newPage()
    await page.goto(`${origin}/scripts/cli/index.html`)
    await page.evaluate(() => new Promise<void>((done) => {
      const code = "fetch('http://localhost:9/leak', { method: 'POST', body: 'bytes' }).catch(() => {}).finally(() => postMessage('done'))"
      const worker = new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })))
      worker.onmessage = () => done()
    }))
    await context.close()
    expect(seen).toContain('http://localhost:9/leak')
  })
})
