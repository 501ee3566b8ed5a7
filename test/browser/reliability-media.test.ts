/**
 * Bad media, one row per case (docs/reliability.md lists the same table): the task ends Failed with a clear Code
 * and a Message naming the source, or Succeeded with a correct output (probed), within a bound; after every
 * failing row a small valid task on the same engine succeeds. The corpus is made by
 * test/fixtures/bad-media/make.sh before the browser tests (test/support/bad-media-setup.ts).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createHighlightEngine, type LocalHighlightEngine } from '../../src/runtime/create-engine.ts'
import { MemoryTaskStore } from '../../src/tasks/store.ts'
import type { HighlightRequestInput } from '../../src/contract/schema.ts'
import type { TaskInfo } from '../../src/contract/task.ts'
import { displaySize, type MediaProbe } from '../../src/io/probe.ts'
import type { SourceAnalysis } from '../../src/analysis/types.ts'
import { badMedia, settle } from '../support/bad-media.ts'
import { ffprobe } from './support/media.ts'

const FILES = [
  'good.mp4', 'zero-byte.mp4', 'truncated-no-moov.mp4', 'truncated-mdat.mp4', 'image-as-mp4.mp4', 'text-as-mp4.mp4',
  'audio-only.m4a', 'no-audio.mp4', 'tiny-1x1.mp4', 'huge-4096x2304.mp4', 'odd-641x359.webm', 'rotated-90.mp4', 'vfr.mp4',
  'h264-10bit.mp4', 'hevc-10bit.mp4', 'interlaced.mp4', 'short-0.2s.mp4', 'long-2h.mp4', 'corrupt-middle.mp4',
  'unknown-codec.mp4', 'fps5-8k.mp4', 'fps60-48k.mp4', 'music.m4a',
]

const uri = (name: string) => `local://${name}`
let outputs = 0

/** Concat of the given sources as they are (stream copy where possible). */
function concat(sources: { name: string; StartTime?: number; Duration?: number }[], extra: Partial<HighlightRequestInput> = {}): HighlightRequestInput {
  return {
    ProjectName: 'reliability', Type: 'Concat',
    Sources: sources.map(({ name, ...times }) => ({ URI: uri(name), ...times })),
    Output: { URI: `mem://out/${outputs++}.mp4`, Container: 'mp4' },
    ...extra,
  }
}

/** Compose (analysis, selection, re-encode) of one source, at most 2 s. */
function compose(name: string): HighlightRequestInput {
  return {
    ProjectName: 'reliability', Type: 'Compose', Mode: 'Average', Sources: [{ URI: uri(name) }],
    Output: { URI: `mem://out/${outputs++}.mp4`, Container: 'mp4', MaxDuration: 2 },
  }
}

interface Row {
  /** The case, as in the issue and docs/reliability.md. */
  case: string
  request: () => HighlightRequestInput
  status: 'Succeeded' | 'Failed'
  code?: string
  /** The Message names the source (or field) at fault. */
  message?: RegExp
  /** Milliseconds the task may take at most. */
  bound: number
  /** Checks on the probed output of a Succeeded row. */
  output?: (p: MediaProbe) => void
  /** Checks on the analysis of a Succeeded Compose row (the task's Details). */
  analysis?: (a: SourceAnalysis) => void
}

const near = (value: number, expected: number, tolerance = 0.15) => expect(Math.abs(value - expected)).toBeLessThanOrEqual(tolerance)
const unreadable = (name: string) => new RegExp(`Sources\\[0\\] \\(local://${name.replace('.', '\\.')}\\) could not be read as audio or video`)

const ROWS: Row[] = [
  { case: 'zero-byte file', request: () => concat([{ name: 'zero-byte.mp4' }]), status: 'Failed', code: 'InvalidMedia', message: unreadable('zero-byte.mp4'), bound: 20_000 },
  { case: 'truncated MP4, moov missing', request: () => concat([{ name: 'truncated-no-moov.mp4' }]), status: 'Failed', code: 'InvalidMedia', message: unreadable('truncated-no-moov.mp4'), bound: 20_000 },
  { case: 'truncated MP4, mdat cut (Concat)', request: () => concat([{ name: 'truncated-mdat.mp4' }]), status: 'Failed', code: 'InvalidMedia',
    message: /Sources\[0\] \(local:\/\/truncated-mdat\.mp4\) has damaged or missing media data: the output stops at 0\.\d+ s of 2\.00 s/, bound: 30_000 },
  { case: 'truncated MP4, mdat cut (Compose)', request: () => compose('truncated-mdat.mp4'), status: 'Failed', code: 'InvalidMedia',
    message: /Sources\[0\] \(local:\/\/truncated-mdat\.mp4\) has damaged or missing media data: the output stops at 0\.\d+ s of 2\.00 s/, bound: 60_000 },
  { case: 'image renamed .mp4', request: () => concat([{ name: 'image-as-mp4.mp4' }]), status: 'Failed', code: 'InvalidMedia', message: unreadable('image-as-mp4.mp4'), bound: 20_000 },
  { case: 'text file', request: () => concat([{ name: 'text-as-mp4.mp4' }]), status: 'Failed', code: 'InvalidMedia', message: unreadable('text-as-mp4.mp4'), bound: 20_000 },
  { case: 'audio-only file as a source', request: () => compose('audio-only.m4a'), status: 'Succeeded', bound: 60_000,
    output: (p) => { expect(p.video).toBeUndefined(); expect(p.audio?.codec).toBe('aac'); near(p.duration, 2) } },
  { case: 'video without audio', request: () => compose('no-audio.mp4'), status: 'Succeeded', bound: 60_000,
    output: (p) => { expect(p.video).toMatchObject({ codec: 'h264', width: 160, height: 90 }); near(p.duration, 2) } },
  { case: 'video-only file as background music', request: () => concat([{ name: 'good.mp4' }], { Edit: { BackgroundMusicMode: 'Sequential', BackgroundMusics: [{ URI: uri('no-audio.mp4') }] } }),
    status: 'Failed', code: 'InvalidMedia', message: /Edit\.BackgroundMusics\[0\]\.URI local:\/\/no-audio\.mp4 has no audio stream/, bound: 20_000 },
  { case: '1x1 frames (Concat)', request: () => concat([{ name: 'tiny-1x1.mp4' }]), status: 'Succeeded', bound: 30_000,
    output: (p) => { expect(p.video).toMatchObject({ width: 1, height: 1 }); near(p.duration, 2) } },
  { case: '1x1 frames (Compose)', request: () => compose('tiny-1x1.mp4'), status: 'Failed', code: 'NoHighlights',
    message: /No usable footage in local:\/\/tiny-1x1\.mp4: every stretch is black, frozen, blurred/, bound: 60_000 },
  { case: '4096x2304 frames', request: () => compose('huge-4096x2304.mp4'), status: 'Succeeded', bound: 90_000,
    output: (p) => { expect(p.video).toMatchObject({ codec: 'h264', width: 4096, height: 2304 }); near(p.duration, 1) } },
  { case: 'odd dimensions 641x359 (VP9)', request: () => compose('odd-641x359.webm'), status: 'Succeeded', bound: 60_000,
    output: (p) => { expect(p.video).toMatchObject({ codec: 'h264', width: 642, height: 360 }); near(p.duration, 2) } },
  { case: 'rotated (display matrix 90 degrees), Compose', request: () => compose('rotated-90.mp4'), status: 'Succeeded', bound: 60_000,
    output: (p) => { expect(displaySize(p.video!)).toEqual({ width: 90, height: 160 }); expect(p.video!.rotation).toBe(0) } },
  { case: 'rotated (display matrix 90 degrees), Concat copy', request: () => concat([{ name: 'rotated-90.mp4' }]), status: 'Succeeded', bound: 30_000,
    output: (p) => expect(displaySize(p.video!)).toEqual({ width: 90, height: 160 }) },
  { case: 'variable frame rate', request: () => compose('vfr.mp4'), status: 'Succeeded', bound: 60_000,
    output: (p) => { expect(p.video).toMatchObject({ codec: 'h264', fps: 30 }); near(p.duration, 2) } },
  { case: '10-bit H.264 (High 10)', request: () => compose('h264-10bit.mp4'), status: 'Succeeded', bound: 60_000,
    output: (p) => { expect(p.video).toMatchObject({ codec: 'h264', pixelFormat: 'yuv420p' }); near(p.duration, 2) } },
  { case: '10-bit HEVC (Main 10)', request: () => compose('hevc-10bit.mp4'), status: 'Succeeded', bound: 60_000,
    output: (p) => { expect(p.video).toMatchObject({ codec: 'h264', pixelFormat: 'yuv420p' }); near(p.duration, 2) } },
  { case: 'interlaced (TFF)', request: () => compose('interlaced.mp4'), status: 'Succeeded', bound: 60_000,
    output: (p) => { expect(p.video).toMatchObject({ codec: 'h264', width: 160, height: 96 }); near(p.duration, 2) } },
  { case: 'very short (0.2 s)', request: () => compose('short-0.2s.mp4'), status: 'Succeeded', bound: 60_000,
    output: (p) => near(p.duration, 0.2, 0.05) },
  { case: 'long (2 h), Concat of 2 s from the middle', request: () => concat([{ name: 'long-2h.mp4', StartTime: 3600, Duration: 2 }]), status: 'Succeeded', bound: 60_000,
    output: (p) => { expect(p.video).toMatchObject({ width: 64, height: 36 }); near(p.duration, 2, 0.1) } },
  { case: 'StartTime past the end', request: () => concat([{ name: 'good.mp4', StartTime: 100 }]), status: 'Failed', code: 'InvalidArgument',
    message: /Sources\[0\]\.StartTime 100 is past the end of the source \(its duration is 2 s\)/, bound: 20_000 },
  { case: 'Duration past the end (clamped to the source)', request: () => concat([{ name: 'good.mp4', StartTime: 1, Duration: 100 }]), status: 'Succeeded', bound: 30_000,
    output: (p) => near(p.duration, 1) },
  { case: 'corrupted packets in the middle (Concat)', request: () => concat([{ name: 'corrupt-middle.mp4' }]), status: 'Failed', code: 'InvalidMedia',
    message: /Sources\[0\] \(local:\/\/corrupt-middle\.mp4\) has damaged or missing media data/, bound: 30_000 },
  { case: 'corrupted packets in the middle (Compose)', request: () => compose('corrupt-middle.mp4'), status: 'Succeeded', bound: 60_000,
    // The WebCodecs decoder fails on the damaged packets; the media worker decodes the source again with ffmpeg.wasm.
    analysis: (a) => { expect(a.decodePath).toBe('ffmpeg.wasm'); expect(a.fallbackReason).toMatch(/^WebCodecs failed while decoding \(EncodingError: Decoder error/) },
    output: (p) => { expect(p.video).toMatchObject({ codec: 'h264', width: 160, height: 90 }); expect(p.audio?.codec).toBe('aac'); near(p.duration, 2) } },
  { case: 'codec neither WebCodecs nor ffmpeg.wasm decodes', request: () => concat([{ name: 'unknown-codec.mp4' }]), status: 'Failed', code: 'InvalidMedia',
    message: /Sources\[0\] \(local:\/\/unknown-codec\.mp4\): the video codec is not one WebCodecs or ffmpeg\.wasm can decode/, bound: 20_000 },
  { case: 'two sources: 5 fps / 8 kHz mono and 60 fps / 48 kHz stereo', request: () => concat([{ name: 'fps5-8k.mp4' }, { name: 'fps60-48k.mp4' }]), status: 'Succeeded', bound: 60_000,
    output: (p) => { expect(p.video).toMatchObject({ codec: 'h264', width: 160, height: 90 }); expect(p.audio).toBeDefined(); near(p.duration, 4) } },
]

let engine: LocalHighlightEngine
const results: { case: string; Status: string; Code?: string; ms: number }[] = []

beforeAll(async () => {
  const files: Record<string, Blob> = {}
  for (const name of FILES) files[uri(name)] = await badMedia(name)
  // Models are not the point here: features alone (the model workers have their own fault tests).
  engine = createHighlightEngine({ store: new MemoryTaskStore(), files, detectors: false })
})

afterAll(async () => {
  await engine?.dispose()
  console.log(`bad media results\n${results.map((r) => `| ${r.case} | ${r.Status} | ${r.Code ?? ''} | ${r.ms} |`).join('\n')}`)
})

async function run(request: HighlightRequestInput, bound: number): Promise<TaskInfo & { elapsedMs: number; progress: number[] }> {
  const events: { TaskId: string; Progress: number }[] = []
  const off = engine.on('progress', (e) => events.push(e))
  try {
    const { TaskId } = await engine.createHighlightTask(request)
    const info = await settle(engine, TaskId, bound)
    return { ...info, progress: events.filter((e) => e.TaskId === TaskId).map((e) => e.Progress) }
  } finally {
    off()
  }
}

describe('bad media: each case ends Failed with a clear Code naming the source, or Succeeded with a correct output', () => {
  test.each(ROWS)('$case', async (row) => {
    const info = await run(row.request(), row.bound)
    results.push({ case: row.case, Status: info.Status, ...(info.Code ? { Code: info.Code } : {}), ms: info.elapsedMs })
    expect(info.Status, `${info.Code}: ${info.Message}`).toBe(row.status)
    // Progress only goes up, whatever the media (a decode that starts over on another path included).
    expect(info.progress.every((p, i) => i === 0 || p >= info.progress[i - 1]!), info.progress.join(' ')).toBe(true)
    if (row.status === 'Failed') {
      expect(info.Code).toBe(row.code)
      expect(info.Message).toMatch(row.message!)
      // The same engine goes on: a small valid task succeeds right after.
      const next = await run(concat([{ name: 'good.mp4' }]), 30_000)
      expect(next.Status, `${next.Code}: ${next.Message}`).toBe('Succeeded')
      return
    }
    const blob = info.Result?.Outputs[0]?.Blob
    expect(blob, 'the output comes back as a Blob').toBeDefined()
    row.output?.(await ffprobe(blob!))
    if (row.analysis) row.analysis((info.Result?.Details?.analyses as SourceAnalysis[])[0]!)
  })
})
