/**
 * Injection: URIs, names, Content, UserData and Tags carrying filtergraph syntax (`;` `[` `]` `,` `:` `'`), shell
 * syntax, `../` paths and `file:` tricks. The task runs (or is refused) without any of it reaching ffmpeg as
 * syntax: the commands of the task's own plan hold none of those strings, and the only file written is the
 * output, under its own (odd) name, in its own folder.
 */
import { beforeAll, describe, expect, test } from 'vitest'
import { createHighlightEngine, type LocalHighlightEngine } from '../../src/runtime/create-engine.ts'
import { MemoryTaskStore } from '../../src/tasks/store.ts'
import { buildRenderCommands } from '../../src/edit/ffmpeg-args.ts'
import type { EditDecisionList } from '../../src/edit/edl.ts'
import type { HighlightRequestInput } from '../../src/contract/schema.ts'
import { badMedia, settle } from '../support/bad-media.ts'
import { ffprobe } from './support/media.ts'

const FILTER_URI = "local://a;[0:v]split[x];[x]drawbox=c=red:t=fill,null[out]';clip.mp4"
const SHELL_URI = 'local://$(touch pwned)`id`; rm -rf / #.mp4'
const DOTDOT_URI = '../../../etc/passwd'
const MUSIC_URI = "local://music[1:a]amix=inputs=9:duration=longest;.m4a"
const CONTENT = "人物[0:v]drawtext=text='x':fontfile=/etc/passwd;"
const USER_DATA = `{"x":"'; rm -rf / ; [out]concat=n=2:v=1 $(id) ../../x file:///etc/passwd"}`
/** Fragments that must never appear in an ffmpeg argument or helper file. */
const FRAGMENTS = ['drawbox', 'drawtext', 'amix=inputs=9', 'split[x]', 'rm -rf', '$(', '`id`', 'passwd', '../', 'pwned', 'file:']

let engine: LocalHighlightEngine
let root: FileSystemDirectoryHandle

beforeAll(async () => {
  const good = await badMedia('good.mp4')
  engine = createHighlightEngine({
    store: new MemoryTaskStore(),
    files: { [FILTER_URI]: good, [SHELL_URI]: good, [DOTDOT_URI]: good, [MUSIC_URI]: await badMedia('music.m4a') },
    detectors: false,
  })
  root = await navigator.storage.getDirectory()
})

async function listTree(dir: FileSystemDirectoryHandle, prefix = ''): Promise<string[]> {
  const out: string[] = []
  for await (const [name, handle] of (dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
    if (handle.kind === 'directory') out.push(...(await listTree(handle as FileSystemDirectoryHandle, `${prefix}${name}/`)))
    else out.push(`${prefix}${name}`)
  }
  return out.sort()
}

async function runTask(request: HighlightRequestInput) {
  const { TaskId } = await engine.createHighlightTask(request)
  return settle(engine, TaskId, 60_000)
}

describe('hostile strings never reach ffmpeg as syntax and never touch other files', () => {
  test('a Compose over hostile source and music URIs, Content, UserData and Tags succeeds, and its commands carry none of them', async () => {
    const folder = `inj-${crypto.randomUUID().slice(0, 8)}`
    const outName = "we;ird[1],name:x'$(id).mp4"
    const before = (await listTree(root)).filter((p) => !p.startsWith(`${folder}/`))
    const info = await runTask({
      ProjectName: 'injection', Type: 'Compose', Mode: 'Average',
      Sources: [{ URI: FILTER_URI }, { URI: SHELL_URI }, { URI: DOTDOT_URI }],
      Highlight: { Content: CONTENT },
      Edit: {
        TransitionMode: 'Sequential', Transitions: [{ Transition: 'fade', Duration: 0.5 }],
        BackgroundMusicMode: 'Sequential', BackgroundMusics: [{ URI: MUSIC_URI, Volume: 0.5 }],
      },
      Output: { URI: `opfs://${folder}/${encodeURIComponent(outName)}`, Container: 'mp4', MaxDuration: 6 },
      UserData: USER_DATA,
      Tags: { 'a;b': "[0:v]null;'", c: '$(id)' },
    })
    expect(info.Status, `${info.Code}: ${info.Message}`).toBe('Succeeded')
    expect(info.UserData).toBe(USER_DATA)

    // The output is the only new file, under its odd name, in its own folder; nothing else in OPFS changed.
    expect(await listTree(await root.getDirectoryHandle(folder))).toEqual([outName])
    expect((await listTree(root)).filter((p) => !p.startsWith(`${folder}/`))).toEqual(before)
    const file = await (await (await root.getDirectoryHandle(folder)).getFileHandle(outName)).getFile()
    const probe = await ffprobe(file)
    expect(probe.video?.codec).toBe('h264')
    expect(probe.audio?.codec).toBe('aac')

    // The task's plan, turned into ffmpeg arguments the way the renderer does: no hostile fragment anywhere.
    const plan = info.Result!.Plan as EditDecisionList
    const commands = buildRenderCommands(plan, {
      inputs: plan.sources.map((_, i) => `/r0/in/s${i}.mp4`), music: '/r0/in/music.m4a', outputDir: '/r0/out', workDir: '/r0',
    })
    const text = commands.flatMap((c) => [...c.args, ...c.files.map((f) => f.text)]).join('\n')
    for (const fragment of FRAGMENTS) expect(text, `ffmpeg input carries ${fragment}`).not.toContain(fragment)
  })

  test('file: and path tricks are refused or unreadable, and nothing is read or written outside the task', async () => {
    const before = await listTree(root)
    const cases: { request: HighlightRequestInput; code: string; message: RegExp }[] = [
      { request: concatOf('file:///etc/passwd', 'mem://o.mp4'), code: 'ResourceNotFound', message: /Sources\[0\]\.URI.*file:\/\/\/etc\/passwd/ },
      { request: concatOf('opfs://../../etc/passwd', 'mem://o.mp4'), code: 'InvalidArgument', message: /Sources\[0\]\.URI: opfs:\/\/\.\.\/\.\.\/etc\/passwd is not a valid opfs:\/\/ path/ },
      { request: concatOf(FILTER_URI, 'opfs://../escape.mp4'), code: 'InvalidArgument', message: /opfs:\/\/\.\.\/escape\.mp4 is not a valid opfs:\/\/ path/ },
      { request: concatOf(FILTER_URI, 'opfs://a/%2e%2e/escape.mp4'), code: 'InvalidArgument', message: /is not a valid opfs:\/\/ path/ },
    ]
    for (const c of cases) {
      const info = await runTask(c.request)
      expect(info.Status).toBe('Failed')
      expect(info.Code, info.Message).toBe(c.code)
      expect(info.Message).toMatch(c.message)
    }
    expect(await listTree(root)).toEqual(before)
  })
})

function concatOf(source: string, output: string): HighlightRequestInput {
  return { ProjectName: 'injection', Type: 'Concat', Sources: [{ URI: source }], Output: { URI: output, Container: 'mp4' } }
}
