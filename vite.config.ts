import { defineConfig } from 'vitest/config'
import { playwright } from '@vitest/browser-playwright'
import { rawVendor, ISOLATION_HEADERS } from './scripts/vite-raw-vendor.ts'
import { findChromium, CHROMIUM_ARGS } from './scripts/chromium.mjs'

// Runtime files served untouched (see scripts/vite-raw-vendor.ts).
const vendor = rawVendor({
  'ffmpeg-core': 'node_modules/@ffmpeg/core/dist/esm',
  'ffmpeg-core-mt': 'node_modules/@ffmpeg/core-mt/dist/esm',
  ort: 'node_modules/onnxruntime-web/dist',
})

export default defineConfig({
  plugins: [vendor],
  // demo/public/sw.js is served at /sw.js and copied into dist/ (the demo works offline after one visit).
  publicDir: 'demo/public',
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
  // mediabunny is pre-bundled up front so the first browser run does not reload mid-test.
  optimizeDeps: { exclude: ['@ffmpeg/ffmpeg', '@ffmpeg/util', 'onnxruntime-web'], include: ['mediabunny'] },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    rollupOptions: { input: { demo: 'demo/index.html' } },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          // The CLI run as a user runs it (child processes driving Chromium).
          name: 'cli',
          environment: 'node',
          include: ['test/cli/**/*.test.ts'],
          testTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          globalSetup: ['test/support/cloud-global-setup.ts', 'test/support/bad-media-setup.ts'],
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({
              launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
})
