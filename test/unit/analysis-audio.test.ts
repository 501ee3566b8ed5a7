import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { AudioFeatureBuilder, ANALYSIS_SAMPLE_RATE } from '../../src/analysis/audio-features.ts'
import { decodeAudio16k, FIXTURES } from '../fixtures/analysis/native-decode.ts'

const RATE = ANALYSIS_SAMPLE_RATE
function tone(seconds: number, amplitude: number, hz = 997): Float32Array {
  return Float32Array.from({ length: seconds * RATE }, (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / RATE))
}
function analyse(pcm: Float32Array, chunk = 1000) {
  const b = new AudioFeatureBuilder()
  for (let i = 0; i < pcm.length; i += chunk) b.push(pcm.subarray(i, i + chunk))
  return b.finish()
}

describe('EBU R128 loudness at 16 kHz', () => {
  it('a 997 Hz sine at -20 dBFS reads -23.0 LUFS (BS.1770 reference: full-scale sine = -3.01)', () => {
    const a = analyse(tone(5, 0.1))
    expect(a.integrated).toBeCloseTo(-23.01, 1)
    expect(a.momentary[25]).toBeCloseTo(-23.01, 1)
    expect(a.shortTerm[25]).toBeCloseTo(-23.01, 1)
    expect(a.momentary).toHaveLength(50)
  })

  it('silence is -70 LUFS and does not count towards the integrated loudness', () => {
    const pcm = new Float32Array(8 * RATE)
    pcm.set(tone(4, 0.1), 4 * RATE)
    const a = analyse(pcm)
    expect(a.momentary[10]).toBe(-70)
    expect(a.integrated).toBeCloseTo(-23.01, 0)
  })

  it('chunk size does not change the result', () => {
    const pcm = tone(3, 0.3, 440)
    expect(analyse(pcm, 333)).toEqual(analyse(pcm, 4096))
  })

  it('integrated loudness of shots.mp4 agrees with native ffmpeg ebur128 within 1 LU', () => {
    const out = execFileSync('sh', ['-c', `ffmpeg -nostats -i '${FIXTURES}shots.mp4' -vn -af ebur128 -f null - 2>&1 | grep -A1 'Integrated loudness' | tail -1`], { encoding: 'utf8' })
    const native = Number(/I:\s*(-?[\d.]+)/.exec(out)![1])
    const ours = analyse(decodeAudio16k('shots.mp4'), 4096).integrated
    expect(Math.abs(ours - native)).toBeLessThan(1)
  })
})

describe('onset energy', () => {
  it('noise bursts give strong onsets, a steady tone none', () => {
    const bursts = new Float32Array(4 * RATE)
    let seed = 1
    const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1
    for (let i = 0; i < bursts.length; i++) bursts[i] = (i % (RATE / 2)) < RATE / 8 ? 0.5 * noise() : 0.005 * noise()
    const onBursts = analyse(bursts).onset
    const onTone = analyse(tone(4, 0.3)).onset
    expect(Math.max(...onBursts.slice(5))).toBeGreaterThan(20)
    expect(Math.max(...onTone.slice(5))).toBeLessThan(1)
  })
})
