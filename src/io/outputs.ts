/**
 * Output sinks: where a render's files go. A render stages every file, then commits them all at the end,
 * or aborts: a failed or cancelled render leaves nothing under the output names.
 *
 * - memorySink(): keeps Blobs; the result hands them back (`OutputFile.Blob`).
 * - opfsSink(): writes `opfs://path` into the origin-private file system. Each file is written to a hidden
 *   temporary name (`.name.partial-<taskId>-<random>`) and renamed on commit. The task id in the name lets
 *   `removePartials` clean up after a page that died mid-write without touching any other task's files. An existing file is never replaced unless
 *   `overwrite: true`: the render fails with ResourceAlreadyExists before it starts (prepare) and again at
 *   commit if the file appeared meanwhile.
 * - callbackSink(fn): hands each finished file to the app (e.g. an uploader for `oss://`), at commit only.
 * - sinkForUri(): picks one of these by the Output.URI scheme.
 */
import { HighlightError, type OutputFile } from '../contract/index.ts'
import { OPFS_SCHEME, opfsDirectory, opfsExists, opfsParts } from './opfs-path.ts'

export interface StagedFile {
  uri: string
  data: Blob
  /** Seconds, for media files. */
  duration?: number
}

export interface OutputSink {
  /** Fails early when an output cannot be written (e.g. it exists and may not be replaced). */
  prepare(uris: string[]): Promise<void>
  stage(file: StagedFile): Promise<void>
  /** Makes every staged file visible under its URI and reports them. */
  commit(): Promise<OutputFile[]>
  /** Drops every staged file. Safe to call more than once. */
  abort(): Promise<void>
}

const describe = (f: StagedFile, blob?: Blob): OutputFile => ({
  URI: f.uri,
  Size: f.data.size,
  ...(f.duration !== undefined ? { Duration: f.duration } : {}),
  ...(blob ? { Blob: blob } : {}),
})

/** A sink that keeps staged files in memory and hands them to `deliver` at commit (or drops them on abort). */
function stagingSink(deliver: (files: StagedFile[]) => Promise<OutputFile[]>): OutputSink {
  let staged: StagedFile[] = []
  return {
    async prepare() {},
    async stage(file) {
      staged.push(file)
    },
    async commit() {
      const files = staged
      staged = []
      return deliver(files)
    },
    async abort() {
      staged = []
    },
  }
}

export function memorySink(): OutputSink {
  return stagingSink(async (files) => files.map((f) => describe(f, f.data)))
}

/** Receives each finished file at commit time. */
export type OutputCallback = (file: { uri: string; data: Blob; duration?: number }) => Promise<void>

export function callbackSink(callback: OutputCallback): OutputSink {
  return stagingSink(async (files) => {
    for (const f of files) {
      try {
        await callback({ uri: f.uri, data: f.data, ...(f.duration !== undefined ? { duration: f.duration } : {}) })
      } catch (err) {
        throw new HighlightError('InternalError', `Writing ${f.uri} failed: ${(err as Error).message}`, { cause: err })
      }
    }
    return files.map((f) => describe(f))
  })
}

interface OpfsStaged {
  file: StagedFile
  dir: FileSystemDirectoryHandle
  name: string
  temp: string
}

/** The hidden name a file is staged under before commit. */
export function partialName(name: string, taskId: string | undefined): string {
  return `.${name}.partial-${taskId ? `${taskId}-` : ''}${Math.random().toString(36).slice(2, 10)}`
}

/**
 * Removes the staged files a task left beside `opfs://` output URIs (a page that died between staging and
 * commit). Only names of the form `.<name>.partial-<taskId>-…` in the outputs' folders are touched.
 * Returns the names removed.
 */
export async function removePartials(uris: string[], taskId: string): Promise<string[]> {
  const removed: string[] = []
  const marker = `.partial-${taskId}-`
  const seen = new Set<string>()
  for (const uri of uris) {
    let parts: string[]
    try {
      parts = opfsParts(uri)
    } catch {
      continue // not an opfs:// URI (or not a valid one): nothing was staged for it
    }
    const folder = parts.slice(0, -1).join('/')
    if (seen.has(folder)) continue
    seen.add(folder)
    let dir: FileSystemDirectoryHandle
    try {
      dir = await opfsDirectory(parts, false)
    } catch {
      continue // no folder, nothing staged in it
    }
    for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) {
      if (name.startsWith('.') && name.includes(marker)) {
        await dir.removeEntry(name).catch(() => undefined)
        removed.push(name)
      }
    }
  }
  return removed
}

export function opfsSink(options: { overwrite?: boolean; taskId?: string } = {}): OutputSink {
  let staged: OpfsStaged[] = []
  const refuse = (uri: string) =>
    new HighlightError('ResourceAlreadyExists', `${uri} already exists; pass overwrite: true to replace it`)
  return {
    async prepare(uris) {
      if (options.overwrite) return
      for (const uri of uris) {
        const parts = opfsParts(uri)
        let dir: FileSystemDirectoryHandle
        try {
          dir = await opfsDirectory(parts, false)
        } catch {
          continue // the folder does not exist, so neither does the file
        }
        if (await opfsExists(dir, parts[parts.length - 1]!)) throw refuse(uri)
      }
    },
    async stage(file) {
      const parts = opfsParts(file.uri)
      const dir = await opfsDirectory(parts, true)
      const name = parts[parts.length - 1]!
      const temp = partialName(name, options.taskId)
      const handle = await dir.getFileHandle(temp, { create: true })
      staged.push({ file, dir, name, temp })
      let writable: FileSystemWritableFileStream | undefined
      try {
        writable = await handle.createWritable()
        await writable.write(file.data)
        await writable.close()
      } catch (err) {
        // An open writable keeps the file (and its swap file) locked: abort it so abort() can remove the temp file.
        await writable?.abort().catch(() => undefined)
        throw new HighlightError('QuotaExceeded', `Writing ${file.uri} to the origin-private file system failed: ${(err as Error).message}`, { cause: err })
      }
    },
    async commit() {
      const files = staged
      if (!options.overwrite) {
        for (const s of files) if (await opfsExists(s.dir, s.name)) throw refuse(s.file.uri)
      }
      for (const s of files) {
        if (await opfsExists(s.dir, s.name)) await s.dir.removeEntry(s.name)
        const handle = await s.dir.getFileHandle(s.temp)
        await renameHandle(handle, s.dir, s.temp, s.name)
      }
      staged = []
      return files.map((s) => describe(s.file))
    },
    async abort() {
      const files = staged
      staged = []
      await Promise.all(files.map((s) => s.dir.removeEntry(s.temp).catch(() => undefined)))
    },
  }
}

/** Renames within a folder: `move()` where the browser has it, else copy and delete. */
async function renameHandle(handle: FileSystemFileHandle, dir: FileSystemDirectoryHandle, from: string, to: string): Promise<void> {
  const movable = handle as FileSystemFileHandle & { move?: (dir: FileSystemDirectoryHandle, name: string) => Promise<void> }
  if (typeof movable.move === 'function') {
    await movable.move(dir, to)
    return
  }
  const target = await dir.getFileHandle(to, { create: true })
  const writable = await target.createWritable()
  await writable.write(await handle.getFile())
  await writable.close()
  await dir.removeEntry(from)
}

/** The sink for an Output.URI: OPFS for opfs://, the callback for anything else when given, else memory. */
export function sinkForUri(uri: string, options: { callback?: OutputCallback; overwrite?: boolean; taskId?: string } = {}): OutputSink {
  if (uri.startsWith(OPFS_SCHEME)) return opfsSink({ overwrite: options.overwrite ?? false, ...(options.taskId ? { taskId: options.taskId } : {}) })
  if (options.callback) return callbackSink(options.callback)
  return memorySink()
}
