// Where the model sources live inside node_modules (dev dependencies; nothing is downloaded).
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)

/** Absolute path of `file` inside the installed npm package `pkg`. */
export const packageFile = (pkg, file) => join(dirname(require.resolve(`${pkg}/package.json`)), file)

/** The installed version of `pkg` (recorded in each model's metadata). */
export const packageVersion = (pkg) => require(`${pkg}/package.json`).version
