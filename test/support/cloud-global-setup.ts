/**
 * Global setup of the browser project: the cloud side of the browser tests, as Node servers on loopback.
 *
 *  - the fake IMM (test/support/fake-imm.ts), which re-checks every V3 signature with the official SDK;
 *  - the reference signing proxy (examples/signing-proxy/) in front of it, holding the key, answering CORS
 *    only for the origin of the page Vitest serves;
 *  - a counters endpoint, so that a page can read how many requests the fake IMM and the proxy received
 *    (the strongest evidence that a local task sent nothing).
 *
 * Their URLs reach the tests through `provide` / `inject('cloudFake')`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { TestProject } from 'vitest/node'
import { createSigningProxy } from '../../examples/signing-proxy/server.mjs'
import { startFakeImm } from './fake-imm.ts'

/** What the browser tests receive from `inject('cloudFake')`. */
export interface CloudFake {
  /** The signing proxy (the only cloud URL a page needs). */
  proxyURL: string
  /** GET answers `CloudCounters` as JSON. */
  countersURL: string
  /** The one project the proxy serves. */
  projectName: string
}

/** How many requests each server has received since it started. */
export interface CloudCounters {
  imm: { requests: number; byAction: Record<string, number>; rejected: number; tasks: number }
  proxy: { requests: number; preflights: number }
}

declare module 'vitest' {
  export interface ProvidedContext {
    cloudFake: CloudFake
  }
}

const PROJECT = 'immtest'
const CREDENTIALS = { accessKeyId: 'LTAIbrowserKey', accessKeySecret: 'browser-secret-人物' }

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const imm = await startFakeImm(CREDENTIALS)

  const proxyCount = { requests: 0, preflights: 0 }
  let handler: ReturnType<typeof createSigningProxy> | undefined
  const proxy = await listen(createServer((req, res) => {
    proxyCount.requests += 1
    if (req.method === 'OPTIONS') proxyCount.preflights += 1
    try {
      // Built on first use: the page's origin is known only once Vitest's browser server is listening.
      handler ??= createSigningProxy({
        endpoint: imm.url, credentials: CREDENTIALS, projects: [PROJECT], allowedOrigins: pageOrigins(project),
      })
    } catch (err) {
      return fail(res, err)
    }
    handler(req, res).catch((err: unknown) => fail(res, err))
  }))

  const counters = await listen(createServer((_req: IncomingMessage, res: ServerResponse) => {
    const byAction: Record<string, number> = {}
    for (const r of imm.requests) byAction[r.action ?? 'unknown'] = (byAction[r.action ?? 'unknown'] ?? 0) + 1
    const body: CloudCounters = {
      imm: { requests: imm.requests.length, byAction, rejected: imm.requests.filter((r) => r.status !== 200).length, tasks: imm.tasks.size },
      proxy: { ...proxyCount },
    }
    // A CORS answer satisfies the page's Cross-Origin-Embedder-Policy.
    res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*', 'cache-control': 'no-store' })
    res.end(JSON.stringify(body))
  }))

  project.provide('cloudFake', { proxyURL: `${proxy.url}/`, countersURL: `${counters.url}/`, projectName: PROJECT })

  return async () => {
    await Promise.all([close(proxy.server), close(counters.server), imm.close()])
  }
}

/** Origins under which Vitest serves the test page (e.g. `http://localhost:63315`). */
function pageOrigins(project: TestProject): string[] {
  const urls = project.browser?.vite.resolvedUrls
  const origins = [...(urls?.local ?? []), ...(urls?.network ?? [])].map((u) => new URL(u).origin)
  if (origins.length === 0) throw new Error('cloud-global-setup: the browser server has no URL yet')
  return origins
}

async function listen(server: Server): Promise<{ server: Server; url: string }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.closeAllConnections()
    server.close((err) => (err ? reject(err) : resolve()))
  })
}

function fail(res: ServerResponse, err: unknown): void {
  if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' })
  res.end(JSON.stringify({ Code: 'InternalError', Message: err instanceof Error ? err.message : String(err) }))
}
