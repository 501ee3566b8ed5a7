import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { parseRequest, type HighlightRequestInput } from '../../src/contract/index.ts'
import { buildEditPlan } from '../../src/edit/plan.ts'
import { buildRenderCommands, mainOutputName, outputUri, type RenderFiles } from '../../src/edit/ffmpeg-args.ts'
import type { EditDecisionList } from '../../src/edit/edl.ts'
import type { MediaProbe } from '../../src/io/media-probe.ts'

const probe = (duration: number, over: Partial<MediaProbe> = {}): MediaProbe => ({
  duration,
  video: { codec: 'h264', width: 160, height: 90, fps: 25, rotation: 0, pixelFormat: 'yuv420p' },
  audio: { codec: 'aac', sampleRate: 48000, channels: 2 },
  ...over,
})
const files: RenderFiles = { inputs: ['/in/s0.mp4', '/in/s1.mp4'], music: '/in/music.m4a', outputDir: '/out', workDir: '/work' }
const make = (over: Partial<HighlightRequestInput> = {}, probes = [probe(4), probe(4)]) =>
  buildEditPlan(parseRequest({
    ProjectName: 'p', Type: 'Concat', Sources: [{ URI: 'oss://b/a.mp4' }, { URI: 'oss://b/b.mp4' }],
    Output: { URI: 'oss://b/out/clip.mp4', Container: 'mp4' }, ...over,
  }), { probes, musicProbe: { duration: 1, audio: { codec: 'aac', sampleRate: 44100, channels: 1 } } }, { seed: 3 })
const graphOf = (args: string[]) => args[args.indexOf('-filter_complex') + 1]!

describe('buildRenderCommands', () => {
  it('plain Concat: concat demuxer and -c copy, no filtergraph', () => {
    const [cmd] = buildRenderCommands(make({ Sources: [{ URI: 'a', StartTime: 1 }, { URI: 'b', Duration: 2 }] }), files)
    expect(cmd!.args).toContain('copy')
    expect(cmd!.args).not.toContain('-filter_complex')
    expect(cmd!.args.slice(0, 5)).toEqual(['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'])
    expect(cmd!.files[0]!.text).toBe("ffconcat version 1.0\nfile '/in/s0.mp4'\ninpoint 1\nfile '/in/s1.mp4'\noutpoint 2\n")
    expect(cmd!.outputs).toEqual(['/out/clip.mp4'])
    expect(cmd!.outputDuration).toBeCloseTo(5)
  })

  it('transitions: xfade on the overlapping pieces only, acrossfade on the audio', () => {
    const plan = make({
      Sources: [{ URI: 'a' }, { URI: 'b' }, { URI: 'a', StartTime: 1 }],
      Edit: { TransitionMode: 'Sequential', Transitions: [{ Transition: 'wipeleft', Duration: 1 }, { Transition: 'horizontalblur', Duration: 0.5 }] },
    }, [probe(4), probe(4), probe(4)])
    const g = graphOf(buildRenderCommands(plan, { ...files, inputs: ['/in/s0.mp4', '/in/s1.mp4', '/in/s0.mp4'] })[0]!.args)
    // Clip 1 (4 s) has a 1 s head and a 0.5 s tail: three pieces.
    expect(g).toContain('[n1]split=3[n1h][n1b][n1t]')
    expect(g).toContain('[n1h]trim=end=1,setpts=PTS-STARTPTS,scale,format=yuv444p[h1]')
    expect(g).toContain('[n1b]trim=start=1:end=3.5,setpts=PTS-STARTPTS[b1]')
    expect(g).toContain('[n1t]trim=start=3.5,setpts=PTS-STARTPTS,scale,format=yuv444p[t1]')
    expect(g).toContain('[t0][h1]xfade=transition=wipeleft:duration=1:offset=0,scale,format=yuv420p[x1]')
    expect(g).toContain('[t1][h2]xfade=transition=hblur:duration=0.5:offset=0,scale,format=yuv420p[x2]')
    expect(g).toContain('[b0][x1][b1][x2][b2]concat=n=5:v=1:a=0[vj]')
    expect(g).toContain('acrossfade=d=1:c1=tri:c2=tri[aj1]')
    expect(plan.duration).toBeCloseTo(4 + 4 + 3 - 1.5)
  })

  it('speed slows video and audio together (setpts and atempo)', () => {
    const [cmd] = buildRenderCommands(make({ Output: { URI: 'o.mp4', Container: 'mp4', Speed: 0.5 } }), files)
    const g = graphOf(cmd!.args)
    expect(g).toContain('setpts=(PTS-STARTPTS)/0.5')
    expect(g).toContain('atempo=0.5')
    expect(g).toContain('trim=duration=8')
    expect(cmd!.outputDuration).toBeCloseTo(16)
  })

  it('music is mixed under at its Volume, looped and faded out', () => {
    const [cmd] = buildRenderCommands(make({ Edit: { BackgroundMusicMode: 'Sequential', BackgroundMusics: [{ URI: 'oss://b/m.m4a', Volume: 0.2 }] } }), files)
    expect(cmd!.args.join(' ')).toContain('-stream_loop -1 -i /in/music.m4a')
    const g = graphOf(cmd!.args)
    expect(g).toMatch(/\[2:a:0\].*volume=0\.2,afade=t=in:st=0:d=1,afade=t=out:st=6:d=2\[music\]/)
    expect(g).toContain('amix=inputs=2:duration=first:dropout_transition=0:normalize=0[aout]')
  })

  it('HLS: VOD playlist, segment grid, StartNumber, key frames forced', () => {
    const plan = make({ Output: { URI: 'oss://b/out/play list.m3u8', Container: 'ts', Segment: { Format: 'hls', Duration: 2, StartNumber: 7 } } })
    const [cmd] = buildRenderCommands(plan, files)
    const a = cmd!.args.join(' ')
    expect(a).toContain('-force_key_frames expr:gte(t,n_forced*2)')
    expect(a).toContain('-f hls -hls_time 2 -hls_playlist_type vod -hls_list_size 0 -start_number 7 -hls_segment_filename /out/play_list_%05d.ts /out/play_list.m3u8')
    expect(mainOutputName(plan)).toBe('play_list.m3u8')
    expect(outputUri(plan, 'play_list.m3u8')).toBe('oss://b/out/play list.m3u8')
    expect(outputUri(plan, 'play_list_00007.ts')).toBe('oss://b/out/play_list_00007.ts')
  })

  it('a source of the canvas size is only scaled; another shape is fitted and padded', () => {
    const plan = make({ Output: { URI: 'o.mp4', Container: 'mp4', Speed: 0.9 } },
      [probe(4), probe(4, { video: { codec: 'h264', width: 200, height: 200, fps: 25, rotation: 0 } })])
    const g = graphOf(buildRenderCommands(plan, files)[0]!.args)
    expect(g).toMatch(/\[0:v:0\][^;]*,scale=160:90,setsar=1/)
    expect(g).toMatch(/\[1:v:0\][^;]*scale=160:90:force_original_aspect_ratio=decrease:force_divisible_by=2,pad=160:90:\(ow-iw\)\/2:\(oh-ih\)\/2:color=black/)
  })

  it('a mixed source without audio gets silence, and mono becomes the output layout', () => {
    const plan = make({ Output: { URI: 'o.mp4', Container: 'mp4', Speed: 0.9 } }, [probe(4), probe(4, { audio: undefined })])
    const g = graphOf(buildRenderCommands(plan, files)[0]!.args)
    expect(g).toContain('anullsrc=r=48000:cl=stereo')
    expect(g).toContain('aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo')
  })

  it('nothing from the request reaches the arguments: names and URIs cannot inject', () => {
    const evil = "x.mp4';[0:v]drawtext=text=pwn[v];\n-f null -i /etc/passwd"
    const plan = make({ Sources: [{ URI: `oss://b/${evil}` }, { URI: 'oss://b/b.mp4' }],
      Output: { URI: `oss://b/${evil}.mp4`, Container: 'mp4', Speed: 0.9 } })
    const [cmd] = buildRenderCommands(plan, files)
    const joined = cmd!.args.join('\u0000')
    for (const needle of ['pwn', 'drawtext', "'", '\n']) expect(joined).not.toContain(needle)
    const graph = graphOf(cmd!.args)
    for (const arg of cmd!.args.filter((a) => a !== graph)) expect(arg).toMatch(/^[A-Za-z0-9_.:/=,()*%$+[\]-]+$/)
    expect(cmd!.outputs[0]).toMatch(/^\/out\/[A-Za-z0-9_-]+\.mp4$/)
    // A plan edited by hand is checked again against the registries.
    const forged = structuredClone(plan) as EditDecisionList
    forged.clips[0]!.effect = 'invert[x];movie=/etc/passwd' as never
    expect(() => buildRenderCommands(forged, files)).toThrow(/not in the catalogue/)
    const forgedT = structuredClone(make({ Edit: { TransitionMode: 'Sequential', Transitions: [{ Transition: 'fade' }] } }))
    forgedT.transitions[0] = { name: 'fade', xfade: 'fade:expr=1', duration: 1 }
    expect(() => buildRenderCommands(forgedT, files)).toThrow(/not in the catalogue/)
    expect(() => buildRenderCommands(plan, { ...files, inputs: ["/in/a'b.mp4", '/in/b.mp4'] })).toThrow(/Unsafe file path/)
  })
})

// The same argument lists run in native ffmpeg (5.1, the wasm build's version): a cheap check that they are valid.
const FFMPEG = '/usr/bin/ffmpeg'
describe.skipIf(!existsSync(FFMPEG))('the arguments run in native ffmpeg', () => {
  let dir = ''
  const run = (plan: EditDecisionList, name: string) => {
    const out = join(dir, name)
    mkdirSync(out, { recursive: true })
    const f: RenderFiles = { inputs: [join(dir, 's0.mp4'), join(dir, 's1.mp4')], music: join(dir, 'm.m4a'), outputDir: out, workDir: out }
    const [cmd] = buildRenderCommands(plan, f)
    for (const w of cmd!.files) writeFileSync(w.path, w.text)
    execFileSync(FFMPEG, cmd!.args, { stdio: 'pipe' })
    return { out, main: cmd!.outputs[0]! }
  }
  const probeFile = (path: string) => JSON.parse(execFileSync('/usr/bin/ffprobe', ['-v', 'error', '-show_format', '-show_streams', '-of', 'json', path]).toString()) as {
    format: { duration: string }; streams: { codec_type: string; codec_name: string; width?: number; sample_rate?: string; channels?: number }[]
  }
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'edit-args-'))
    const lavfi = (v: string, a: string | null, out: string) => execFileSync(FFMPEG, ['-loglevel', 'error', '-f', 'lavfi', '-i', v,
      ...(a ? ['-f', 'lavfi', '-i', a] : []), '-t', '4', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-g', '25', join(dir, out)])
    lavfi('testsrc2=size=160x90:rate=25', 'sine=frequency=440:sample_rate=48000', 's0.mp4')
    lavfi('smptebars=size=160x90:rate=25', 'sine=frequency=660:sample_rate=48000', 's1.mp4')
    execFileSync(FFMPEG, ['-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=frequency=220:sample_rate=44100', '-t', '1', '-ac', '1', '-c:a', 'aac', join(dir, 'm.m4a')])
  })

  it('stream copy concat', () => {
    const { main } = run(make(), 'copy')
    expect(Number(probeFile(main).format.duration)).toBeCloseTo(8, 1)
  })

  it('transitions + effect + music + speed', () => {
    const plan = make({
      Edit: { TransitionMode: 'Sequential', Transitions: [{ Transition: 'circleopen', Duration: 1 }], VfxEffectMode: 'Sequential',
        VfxEffects: [{ VfxEffect: 'twolayer' }, { VfxEffect: 'vertigo' }], BackgroundMusicMode: 'Sequential', BackgroundMusics: [{ URI: 'm' }] },
      Output: { URI: 'o.mkv', Container: 'mkv', Speed: 0.8 },
    })
    const { main } = run(plan, 'full')
    const p = probeFile(main)
    expect(Number(p.format.duration)).toBeCloseTo(plan.duration, 0)
    expect(p.streams.map((s) => s.codec_name)).toEqual(['h264', 'aac'])
  })

  it('HLS segments', () => {
    const { out } = run(make({ Output: { URI: 'x/p.m3u8', Container: 'ts', Segment: { Format: 'hls', Duration: 2, StartNumber: 3 } } }), 'hls')
    const m3u8 = readFileSync(join(out, 'p.m3u8'), 'utf8')
    expect(m3u8).toContain('#EXT-X-MEDIA-SEQUENCE:3')
    expect(readdirSync(out).filter((f) => f.endsWith('.ts')).sort()).toEqual(['p_00003.ts', 'p_00004.ts', 'p_00005.ts', 'p_00006.ts'])
  })
})
