/**
 * What the engine leaves in the origin-private file system: the no-overwrite rule, nothing half-written under an
 * output name after a failure, a full disk (quota), and a page that dies between staging and commit (reload).
 */
import { afterEach, beforeAll, describe, expect, test } from 'vitest'
import { createHighlightEngine, type HighlightEngineOptions, type LocalHighlightEngine } from '../../src/runtime/create-engine.ts'
import { MemoryTaskStore } from '../../src/tasks/store.ts'
import { IndexedDbTaskStore } from '../../src/tasks/store-indexeddb.ts'
import { sharedRunner } from '../../src/render/ffmpeg-runner.ts'
import type { HighlightRequestInput } from '../../src/contract/schema.ts'
import { badMedia, settle } from '../support/bad-media.ts'
import { ffprobe } from './support/media.ts'
import { spyOnWorkers } from '../support/worker-spy.ts'

let files: Record<string, Blob>
const engines: LocalHighlightEngine[] = []

beforeAll(async () => {
  files = {
    'local://good.mp4': await badMedia('good.mp4'),
    'local://truncated-mdat.mp4': await badMedia('truncated-mdat.mp4'),
    'local://giant-16000.mp4': await badMedia('giant-16000.mp4'),
  }
})
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.dispose()))
})

function engineWith(options: HighlightEngineOptions = {}): LocalHighlightEngine {
  const engine = createHighlightEngine({ store: new MemoryTaskStore(), files, detectors: false, ...options })
  engines.push(engine)
  return engine
}

/** A fresh OPFS folder per test, so tests never see each other's files. */
async function folder(): Promise<{ name: string; dir: FileSystemDirectoryHandle }> {
  const name = `rel-${crypto.randomUUID().slice(0, 8)}`
  const root = await navigator.storage.getDirectory()
  return { name, dir: await root.getDirectoryHandle(name, { create: true }) }
}

async function listNames(dir: FileSystemDirectoryHandle): Promise<string[]> {
  const names: string[] = []
  for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name)
  return names.sort()
}

async function writeText(dir: FileSystemDirectoryHandle, name: string, text: string): Promise<void> {
  const w = await (await dir.getFileHandle(name, { create: true })).createWritable()
  await w.write(text)
  await w.close()
}

async function readText(dir: FileSystemDirectoryHandle, name: string): Promise<string> {
  return (await (await dir.getFileHandle(name)).getFile()).text()
}

const render = (outputUri: string, extra: Partial<HighlightRequestInput> = {}): HighlightRequestInput => ({
  ProjectName: 'outputs', Type: 'Concat', Sources: [{ URI: 'local://good.mp4' }], Output: { URI: outputUri, Container: 'mp4' }, ...extra,
})

async function runTask(engine: LocalHighlightEngine, request: HighlightRequestInput, bound = 60_000) {
  const { TaskId } = await engine.createHighlightTask(request)
  return settle(engine, TaskId, bound)
}

describe('the no-overwrite rule', () => {
  test('an existing output is not replaced (ResourceAlreadyExists, file untouched) unless the engine is created with output.overwrite', async () => {
    const { name, dir } = await folder()
    await writeText(dir, 'out.mp4', 'the user’s own file')
    const refused = await runTask(engineWith(), render(`opfs://${name}/out.mp4`))
    expect(refused).toMatchObject({ Status: 'Failed', Code: 'ResourceAlreadyExists' })
    expect(refused.Message).toContain(`opfs://${name}/out.mp4 already exists`)
    expect(await readText(dir, 'out.mp4')).toBe('the user’s own file')
    expect(await listNames(dir)).toEqual(['out.mp4'])

    const replaced = await runTask(engineWith({ output: { overwrite: true } }), render(`opfs://${name}/out.mp4`))
    expect(replaced.Status, replaced.Message).toBe('Succeeded')
    const file = await (await dir.getFileHandle('out.mp4')).getFile()
    expect((await ffprobe(file)).video?.codec).toBe('h264')
    expect(await listNames(dir)).toEqual(['out.mp4'])
  })
})

describe('a failed task leaves nothing under the output name', () => {
  test('ffmpeg dies mid-render: no output, no staged file', async () => {
    const { name, dir } = await folder()
    const engine = engineWith()
    const off = engine.on('progress', (e) => {
      if (e.Stage === 'render' && e.StageProgress > 0 && e.StageProgress < 1) {
        off()
        sharedRunner().terminate()
      }
    })
    const request = render(`opfs://${name}/crash.mp4`, {
      Sources: Array.from({ length: 4 }, () => ({ URI: 'local://good.mp4' })),
      Output: { URI: `opfs://${name}/crash.mp4`, Container: 'mp4', Video: { TranscodeVideo: { Codec: 'h264', Resolution: '640x360' } } },
    })
    const failed = await runTask(engine, request)
    expect(failed).toMatchObject({ Status: 'Failed', Code: 'WorkerCrashed' })
    expect(await listNames(dir)).toEqual([])
  })

  test('the output is refused after ffmpeg wrote it (damaged source, short output): no output, no staged file', async () => {
    const { name, dir } = await folder()
    const failed = await runTask(engineWith(), render(`opfs://${name}/short.mp4`, { Sources: [{ URI: 'local://truncated-mdat.mp4' }] }))
    expect(failed).toMatchObject({ Status: 'Failed', Code: 'InvalidMedia' })
    expect(await listNames(dir)).toEqual([])
  })

  test('HLS: a failure while the segments are being staged removes every staged segment', async () => {
    const { name, dir } = await folder()
    const proto = FileSystemWritableFileStream.prototype
    const write = proto.write
    let writes = 0
    proto.write = function (this: FileSystemWritableFileStream, ...args: Parameters<typeof write>) {
      // The third file staged finds the disk full.
      if (++writes === 3) return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))
      return write.apply(this, args)
    } as typeof write
    try {
      const failed = await runTask(engineWith(), render(`opfs://${name}/hls/index.m3u8`, {
        Sources: [{ URI: 'local://good.mp4' }, { URI: 'local://good.mp4' }],
        Output: { URI: `opfs://${name}/hls/index.m3u8`, Container: 'ts', Segment: { Format: 'hls', Duration: 1 } },
      }))
      expect(failed).toMatchObject({ Status: 'Failed', Code: 'QuotaExceeded' })
      expect(failed.Message).toMatch(new RegExp(`Writing opfs://${name}/hls/.* to the origin-private file system failed`))
    } finally {
      proto.write = write
    }
    expect(writes).toBe(3)
    expect(await listNames(await dir.getDirectoryHandle('hls'))).toEqual([])
  })
})

describe('quota', () => {
  test('OPFS full: Failed QuotaExceeded naming the output, the staged file removed, ffmpeg’s work files freed, and the next task succeeds', async () => {
    const { name, dir } = await folder()
    const proto = FileSystemWritableFileStream.prototype
    const write = proto.write
    proto.write = () => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))
    const engine = engineWith()
    try {
      const failed = await runTask(engine, render(`opfs://${name}/full.mp4`))
      expect(failed).toMatchObject({ Status: 'Failed', Code: 'QuotaExceeded' })
      expect(failed.Message).toContain(`Writing opfs://${name}/full.mp4 to the origin-private file system failed`)
    } finally {
      proto.write = write
    }
    expect(await listNames(dir)).toEqual([])
    // The render's folders in ffmpeg.wasm's memory file system are gone (only the core's own folders remain).
    const fsRoot = await sharedRunner().use((ff) => ff.listDir('/'))
    expect(fsRoot.map((n) => n.name).filter((n) => /^r\d+$/.test(n))).toEqual([])

    const next = await runTask(engine, render(`opfs://${name}/after.mp4`))
    expect(next.Status, next.Message).toBe('Succeeded')
    expect(await listNames(dir)).toEqual(['after.mp4'])
  })
})

describe('memory', () => {
  test('ffmpeg.wasm runs out of memory (a 16000x16000 frame re-encoded): Failed QuotaExceeded naming the output, the instance is dropped, the next task succeeds', async () => {
    const spy = spyOnWorkers()
    sharedRunner().terminate() // so that the instance this render uses is started (and watched) here
    try {
      const engine = engineWith()
      const failed = await runTask(engine, render('mem://memory/giant.mp4', {
        Sources: [{ URI: 'local://giant-16000.mp4' }],
        Output: { URI: 'mem://memory/giant.mp4', Container: 'mp4', Video: { TranscodeVideo: { Codec: 'h264' } } },
      }))
      expect(failed).toMatchObject({ Status: 'Failed', Code: 'QuotaExceeded' })
      expect(failed.Message).toMatch(/^Rendering mem:\/\/memory\/giant\.mp4 ran out of memory .*malloc of size \d+ failed/)
      // The grown instance was terminated (its heap never shrinks); the next task loads a fresh one.
      const used = spy.spawned.filter((w) => w.url.includes('@ffmpeg/ffmpeg'))
      expect(used).toHaveLength(1)
      const next = await runTask(engine, render('mem://memory/next.mp4'))
      expect(next.Status, next.Message).toBe('Succeeded')
      const after = spy.spawned.filter((w) => w.url.includes('@ffmpeg/ffmpeg'))
      expect(after.length).toBeGreaterThan(used.length)
      expect(used.every((w) => w.terminated)).toBe(true)
    } finally {
      spy.restore()
    }
  })
})

describe('a page that dies mid-task (reload)', () => {
  test('the task reads Failed (TaskInterrupted) in the next engine, its staged file is removed, and nothing else in OPFS is touched', async () => {
    const db = `reliability-reload-${crypto.randomUUID()}`
    const { name, dir } = await folder()
    // Files that must survive: the user's own, and a staged file of another task.
    await writeText(dir, 'keep.txt', 'keep me')
    const otherTask = '.out.mp4.partial-Highlight-00000000-0000-4000-8000-000000000000-abc123'
    await writeText(dir, otherTask, 'another task’s staged bytes')

    const worker = new Worker(new URL('../support/reliability-engine-worker.ts', import.meta.url), { type: 'module' })
    const staged = new Promise<{ TaskId: string }>((resolve, reject) => {
      worker.onmessage = (e: MessageEvent<{ staged?: boolean; TaskId: string }>) => {
        if (e.data.staged) resolve(e.data)
      }
      worker.onerror = (e) => reject(new Error(e.message))
    })
    worker.postMessage({ db, media: files['local://good.mp4'], request: render(`opfs://${name}/out.mp4`) })
    const { TaskId } = await staged
    const partials = (await listNames(dir)).filter((n) => n.includes(`.partial-${TaskId}-`))
    expect(partials, 'the dying page had staged its output').toHaveLength(1)
    expect(partials[0]).toMatch(new RegExp(`^\\.out\\.mp4\\.partial-${TaskId}-[a-z0-9]+$`))

    worker.terminate() // the page dies between staging and commit
    await new Promise((r) => setTimeout(r, 100))

    const next = createHighlightEngine({ store: new IndexedDbTaskStore(db), detectors: false })
    engines.push(next)
    await next.ready
    expect(await next.getTask({ TaskId })).toMatchObject({ Status: 'Failed', Code: 'TaskInterrupted' })
    expect(await listNames(dir)).toEqual([otherTask, 'keep.txt'].sort())
    expect(await readText(dir, 'keep.txt')).toBe('keep me')
  })
})
