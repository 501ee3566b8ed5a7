#!/usr/bin/env node
// npm run highlight -- <request.json> [--out DIR] [--seed N] [--engine local|cloud|auto] [--endpoint URL] [--region ID] [--proxy URL] [--poll SECONDS]
//
// Runs one CreateHighlightTask request headlessly: serves the engine on loopback, drives Debian Chromium
// with playwright-core, hands local files (relative paths and file:// URIs) to the page, writes the outputs
// under DIR, shows progress on stderr and prints the final GetTask JSON on stdout. Exit 0 on Succeeded.
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { pipeline } from 'node:stream/promises'
import { MISSING_CHROMIUM, findChromium } from './chromium.mjs'
import { startBrowserHost } from './lib/browser-host.mjs'
import { createSigningProxy } from '../examples/signing-proxy/server.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const DEFAULT_REQUEST = join(root, 'examples', 'default-request.json')

const USAGE = `usage: npm run highlight -- [request.json] [--out DIR] [--seed N] [--engine local|cloud|auto]
                                [--endpoint URL] [--region ID] [--proxy URL] [--poll SECONDS]
Without a request file it runs examples/default-request.json over the bundled samples.
Cloud credentials come from ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET and ALIBABA_CLOUD_SECURITY_TOKEN.`

function fail(code, message, exit = 2) {
  process.stdout.write(JSON.stringify({ Code: code, Message: message }, null, 2) + '\n')
  process.exit(exit)
}

const { values: flags, positionals } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        out: { type: 'string', default: 'out' },
        seed: { type: 'string' },
        engine: { type: 'string', default: 'local' },
        endpoint: { type: 'string' },
        region: { type: 'string' },
        proxy: { type: 'string' },
        poll: { type: 'string', default: '5' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (err) {
    process.stderr.write(`${err.message}\n${USAGE}\n`)
    process.exit(2)
  }
})()
if (flags.help) {
  process.stdout.write(USAGE + '\n')
  process.exit(0)
}
if (!['local', 'cloud', 'auto'].includes(flags.engine)) fail('InvalidArgument', `--engine must be local, cloud or auto, got ${flags.engine}`)
const pollSeconds = Number(flags.poll)
if (!(pollSeconds > 0)) fail('InvalidArgument', `--poll must be a number of seconds > 0, got ${flags.poll}`)
const seed = flags.seed === undefined ? undefined : Number(flags.seed)
if (seed !== undefined && !Number.isInteger(seed)) fail('InvalidArgument', `--seed must be an integer, got ${flags.seed}`)

const requestPath = resolve(positionals[0] ?? DEFAULT_REQUEST)
let requestText
try {
  requestText = readFileSync(requestPath, 'utf8')
} catch (err) {
  fail('ResourceNotFound', `cannot read the request file ${requestPath}: ${err.code ?? err.message}`)
}
let request
try {
  request = JSON.parse(requestText)
} catch (err) {
  fail('InvalidJSON', `${requestPath} is not valid JSON: ${err.message}`)
}

// ---- local files: relative paths and file:// URIs in Sources and BackgroundMusics ----
const requestDir = dirname(requestPath)
const localFiles = [] // { uri, path }
function localPathOf(uri) {
  if (typeof uri !== 'string' || uri.length === 0) return undefined
  if (uri.startsWith('file://')) return fileURLToPath(uri)
  if (/^[a-z][a-z0-9+.-]*:/i.test(uri)) return undefined // another scheme: the engine resolves it (or refuses)
  return isAbsolute(uri) ? uri : resolve(requestDir, uri)
}
const mediaUris = [
  ...(Array.isArray(request.Sources) ? request.Sources.map((s) => s?.URI) : []),
  ...(Array.isArray(request.Edit?.BackgroundMusics) ? request.Edit.BackgroundMusics.map((m) => m?.URI) : []),
]
for (const uri of mediaUris) {
  const path = localPathOf(uri)
  if (!path || localFiles.some((f) => f.uri === uri)) continue
  if (!existsSync(path) || !statSync(path).isFile()) fail('ResourceNotFound', `The media ${uri} does not exist (looked for ${path})`)
  localFiles.push({ uri, path })
}

// ---- outputs land under --out; the page POSTs each file with its Output URI ----
const outDir = resolve(flags.out)
const outputBase = (() => {
  const uri = request.Output?.URI
  const path = typeof uri === 'string' ? localPathOf(uri) : undefined
  return path ? dirname(path) : undefined
})()
const written = []
function outputPathFor(uri) {
  // Keep the URI's path relative to the main output's folder (HLS/DASH segments land beside the playlist).
  const path = localPathOf(uri) ?? uri.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*\//i, '')
  const rel = outputBase ? relative(outputBase, path) : path
  const target = resolve(outDir, rel)
  if (target !== outDir && !target.startsWith(outDir + sep)) return undefined // never write outside --out
  return target
}

// Cloud calls from the page go to this same-origin path; the CLI signs them here, so the AccessKey from the
// environment never enters the page.
const IMM_PROXY_PATH = '/__cli/imm'

let cloud // CloudSettings, read once the server can load the TypeScript settings module
let signingProxy // made once the page's origin is known (the proxy admits only that origin)

const cliPlugin = {
  name: 'highlight-cli',
  configureServer(server) {
    server.middlewares.use(async (req, res, next) => {
      const url = new URL(req.url ?? '/', 'http://cli')
      if (signingProxy && url.pathname === IMM_PROXY_PATH) return signingProxy(req, res)
      if (req.method === 'GET' && url.pathname.startsWith('/__cli/in/')) {
        const file = localFiles[Number(url.pathname.slice('/__cli/in/'.length))]
        if (!file) return next()
        res.setHeader('Content-Type', 'application/octet-stream')
        res.setHeader('Content-Length', statSync(file.path).size)
        createReadStream(file.path).pipe(res)
        return
      }
      if (req.method === 'POST' && url.pathname === '/__cli/out') {
        const target = outputPathFor(url.searchParams.get('uri') ?? '')
        if (!target) {
          res.statusCode = 400
          res.end('output path leaves the output folder')
          return
        }
        mkdirSync(dirname(target), { recursive: true })
        await pipeline(req, createWriteStream(target))
        written.push(target)
        res.end('ok')
        return
      }
      next()
    })
  },
}

// ---- progress on stderr ----
const tty = process.stderr.isTTY
let lastLine = ''
function showProgress({ Progress, Stage }) {
  const width = 30
  const filled = Math.round((Progress / 100) * width)
  const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Progress).padStart(3)}% ${Stage}`
  if (line === lastLine) return
  lastLine = line
  process.stderr.write(tty ? `\r${line.padEnd(60)}` : `${line}\n`)
}

// ---- run ----
if (!findChromium()) fail('UnsupportedCapability', MISSING_CHROMIUM)

const host = await startBrowserHost({
  plugins: [cliPlugin],
  logLevel: 'error',
  onConsole: (type, text) => type === 'pageerror' && process.stderr.write(`page error: ${text}\n`),
})
let exitCode = 1
try {
  cloud = await cloudSettings(host.server)
  if (cloud?.credentials) {
    signingProxy = createSigningProxy({ endpoint: cloud.endpoint, credentials: cloud.credentials, allowedOrigins: [host.url] })
  }
  const pageCloud = cloud ? { proxyURL: new URL(cloud.credentials ? IMM_PROXY_PATH : cloud.proxyURL, host.url).href } : undefined
  const { page } = host
  await page.exposeFunction('cliProgress', showProgress)
  await host.open('/scripts/cli/index.html')
  await page.waitForFunction(() => typeof window.runHighlight === 'function', null, { timeout: 120_000 })
  const job = {
    request,
    ...(seed !== undefined ? { seed } : {}),
    inputs: localFiles.map((f, i) => ({ uri: f.uri, url: `/__cli/in/${i}` })),
    engine: flags.engine,
    pollIntervalMs: Math.round(pollSeconds * 1000),
    ...(pageCloud ? { cloud: pageCloud } : {}),
  }
  const info = await page.evaluate((j) => window.runHighlight(j).catch((e) => ({ Status: 'Failed', Code: e.Code ?? 'InternalError', Message: e.Message ?? e.message })), job)
  if (tty) process.stderr.write('\n')
  for (const path of written) process.stderr.write(`wrote ${relative(process.cwd(), path)}\n`)
  process.stdout.write(JSON.stringify(info, null, 2) + '\n')
  exitCode = info.Status === 'Succeeded' ? 0 : 1
} catch (err) {
  // Bad cloud settings come back as a HighlightError; anything else is the CLI's own failure.
  process.stdout.write(JSON.stringify({ Code: err.Code ?? 'InternalError', Message: err.Message ?? err.message }, null, 2) + '\n')
  exitCode = 2
} finally {
  await host.close()
}
process.exit(exitCode)

/** Cloud client settings from the environment and flags (a TypeScript module, loaded through the dev server). */
async function cloudSettings(server) {
  if (flags.engine === 'local') return undefined
  const { cloudSettingsFromEnv } = await server.ssrLoadModule('/src/cloud/settings.ts')
  return cloudSettingsFromEnv(process.env, { endpoint: flags.endpoint, region: flags.region, proxy: flags.proxy })
}
