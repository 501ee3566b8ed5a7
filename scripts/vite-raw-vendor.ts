// Serves third-party runtime files (ffmpeg.wasm cores, onnxruntime-web wasm) byte for byte under
// /vendor/<name>/ and emits them into dist/vendor/<name>/ on build.
// Why: Vite transforms every .js it serves from node_modules, which breaks the classic workers that
// these runtimes spawn (see toolchain.md §3). Serving untouched files keeps them working offline.
import { createReadStream, readFileSync, readdirSync, statSync } from 'node:fs'
import { join, resolve, sep } from 'node:path'
import type { Plugin } from 'vite'

const MIME: Record<string, string> = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.json': 'application/json',
}

export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const

export function rawVendor(map: Record<string, string>): Plugin {
  const dirs = Object.entries(map).map(([name, dir]) => [name, resolve(dir)] as const)
  return {
    name: 'raw-vendor',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = decodeURIComponent((req.url ?? '').split('?')[0]!)
        for (const [name, dir] of dirs) {
          const prefix = `/vendor/${name}/`
          if (!url.startsWith(prefix)) continue
          const file = resolve(join(dir, url.slice(prefix.length)))
          if (!file.startsWith(dir + sep) || !statSync(file, { throwIfNoEntry: false })?.isFile()) break
          const ext = file.slice(file.lastIndexOf('.'))
          res.setHeader('Content-Type', MIME[ext] ?? 'application/octet-stream')
          for (const [k, v] of Object.entries(ISOLATION_HEADERS)) res.setHeader(k, v)
          res.setHeader('Cross-Origin-Resource-Policy', 'same-origin')
          createReadStream(file).pipe(res)
          return
        }
        next()
      })
    },
    configurePreviewServer(server) {
      server.middlewares.use((_req, res, next) => {
        res.setHeader('Cross-Origin-Resource-Policy', 'same-origin')
        next()
      })
    },
    generateBundle() {
      for (const [name, dir] of dirs) {
        for (const f of readdirSync(dir)) {
          if (statSync(join(dir, f)).isFile() && /\.(m?js|wasm|onnx|json)$/.test(f)) {
            this.emitFile({ type: 'asset', fileName: `vendor/${name}/${f}`, source: readFileSync(join(dir, f)) })
          }
        }
      }
    },
  }
}
