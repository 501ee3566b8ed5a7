/**
 * The CLI as a user runs it: `node scripts/highlight.mjs …` in a child process, real Chromium, real ffmpeg.wasm.
 * Outputs are probed with native ffprobe.
 */
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startFakeImm, type FakeImm } from '../support/fake-imm.ts'

const root = resolve(import.meta.dirname, '../..')

interface Run {
  code: number
  stdout: string
  stderr: string
  json: any
}

function runCli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(root, 'scripts/highlight.mjs'), ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('error', fail)
    child.on('close', (code) => {
      let json: unknown
      try {
        json = JSON.parse(stdout)
      } catch {
        json = undefined
      }
      done({ code: code ?? -1, stdout, stderr, json })
    })
  })
}

function probe(file: string) {
  const out = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration:stream=codec_type,codec_name,width,height', '-of', 'json', file])
  return JSON.parse(out.toString()) as { format: { duration: string }; streams: { codec_type: string; codec_name: string; width?: number; height?: number }[] }
}

const tmp = () => mkdtempSync(join(tmpdir(), 'highlight-cli-'))

describe('npm run highlight', () => {
  test('with no arguments it makes a highlight of the bundled samples', async () => {
    const out = tmp()
    const run = await runCli(['--out', out])
    expect(run.code, run.stderr).toBe(0)
    const info = run.json
    expect(info).toMatchObject({ TaskType: 'Highlight', Status: 'Succeeded', Progress: 100, Placement: { Engine: 'local', Reason: expect.stringContaining('nothing is sent to the cloud') } })
    expect(info.TaskId).toMatch(/^Highlight-/)
    expect(readdirSync(out)).toEqual(['highlight.mp4'])
    const probed = probe(join(out, 'highlight.mp4'))
    const duration = Number(probed.format.duration)
    expect(Math.abs(duration - info.Result.Outputs[0].Duration)).toBeLessThan(0.1)
    expect(Math.abs(duration - info.Result.Plan.duration)).toBeLessThan(0.1)
    expect(duration).toBeLessThanOrEqual(15) // Output.MaxDuration
    expect(probed.streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264'])
    expect(probed.streams.find((s) => s.codec_type === 'video')).toMatchObject({ width: 640, height: 360 })
    // Content 人物: the talking face of people.mp4 is chosen, the blurred second (4-5 s) is not.
    const segments = info.Result.Segments as { URI: string; StartTime: number; EndTime: number; Reasons: string[] }[]
    expect(segments.length).toBeGreaterThan(0)
    expect(segments.some((s) => s.URI.endsWith('people.mp4') && s.StartTime < 3 && s.Reasons.includes('face'))).toBe(true)
    expect(segments.some((s) => s.URI.endsWith('people.mp4') && s.StartTime < 4.9 && s.EndTime > 4.1)).toBe(false)
    expect(run.stderr).toMatch(/100%/)
  })

  test('an invalid request exits non-zero with the IMM error JSON', async () => {
    const dir = tmp()
    const file = join(dir, 'bad.json')
    writeFileSync(file, JSON.stringify({ ProjectName: 'p', Type: 'Concat', Sources: [{ URI: 'x.mp4' }], Output: { URI: 'o.mp4', Container: 'mp4', Speed: 3 } }))
    writeFileSync(join(dir, 'x.mp4'), 'not a video')
    const run = await runCli([file, '--out', dir])
    expect(run.code).not.toBe(0)
    expect(run.json).toMatchObject({ Status: 'Failed', Code: 'LimitExceededError' })
    expect(run.json.Message).toContain('Output.Speed')
  })

  test('a missing local file is ResourceNotFound before anything starts', async () => {
    const dir = tmp()
    const file = join(dir, 'req.json')
    writeFileSync(file, JSON.stringify({ ProjectName: 'p', Type: 'Concat', Sources: [{ URI: 'nowhere.mp4' }], Output: { URI: 'o.mp4', Container: 'mp4' } }))
    const run = await runCli([file])
    expect(run.code).not.toBe(0)
    expect(run.json).toMatchObject({ Code: 'ResourceNotFound' })
    expect(run.json.Message).toContain('nowhere.mp4')
  })
})

describe('npm run highlight --engine cloud', () => {
  const secret = 'cli-test-secret-never-printed'
  let imm: FakeImm
  beforeAll(async () => {
    imm = await startFakeImm({ accessKeyId: 'cli-test-id', accessKeySecret: secret, script: { runningPolls: 1 } })
  })
  afterAll(() => imm.close())

  test('follows the IMM task to the end and prints the same GetTask JSON; the secret stays out of the page and the output', async () => {
    const dir = tmp()
    const file = join(dir, 'req.json')
    writeFileSync(file, JSON.stringify({
      ProjectName: 'immtest', Type: 'Compose', Sources: [{ URI: 'oss://bucket/in/a.mp4' }],
      Highlight: { Content: '人物' }, Output: { URI: 'oss://bucket/out/h.mp4', Container: 'mp4' }, UserData: 'cli',
    }))
    const run = await runCli([file, '--engine', 'cloud', '--endpoint', imm.url, '--poll', '0.2'], {
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'cli-test-id',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: secret,
    })
    expect(run.code, run.stderr + run.stdout).toBe(0)
    expect(run.json).toMatchObject({ TaskType: 'Highlight', Status: 'Succeeded', UserData: 'cli', Placement: { Engine: 'cloud' } })
    const created = imm.requests.filter((r) => r.action === 'CreateHighlightTask' && r.status === 200)
    expect(created).toHaveLength(1)
    expect(run.json.Placement.CloudTaskId).toBe([...imm.tasks.keys()][0])
    expect(run.stdout + run.stderr).not.toContain(secret)
  })

  test('--engine cloud without credentials fails with a clear code', async () => {
    const run = await runCli(['--engine', 'cloud'], { ALIBABA_CLOUD_ACCESS_KEY_ID: '', ALIBABA_CLOUD_ACCESS_KEY_SECRET: '' })
    expect(run.code).not.toBe(0)
    expect(run.json.Code).toBe('CloudNotConfigured')
  })
})
