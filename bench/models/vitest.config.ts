// Model benchmarks: npx vitest run -c bench/models/vitest.config.ts   (Node: onnxruntime-web in-process; browser: the workers)
// Same server set-up as the main config (raw vendor files, COOP/COEP), separate so `npm test` does not run benchmarks.
import { fileURLToPath } from 'node:url'
import { playwright } from '@vitest/browser-playwright'
import { defineConfig } from 'vitest/config'
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.mjs'
import { ISOLATION_HEADERS, rawVendor } from '../../scripts/vite-raw-vendor.ts'

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  plugins: [rawVendor({ ort: 'node_modules/onnxruntime-web/dist' })],
  server: { headers: ISOLATION_HEADERS },
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  worker: { format: 'es' },
  test: {
    testTimeout: 600_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    projects: [
      { extends: true, test: { name: 'models-bench-node', environment: 'node', include: ['bench/models/node-*.bench.ts'] } },
      {
        extends: true,
        test: {
          name: 'models-bench-browser',
          include: ['bench/models/browser.bench.ts'],
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({ launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS } }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
})
