/** Reads a mono 16-bit PCM WAV (the VAD test clip) into float samples in [-1, 1]. Works in Node and the browser. */
export function parseWav16(bytes: Uint8Array): { sampleRate: number; samples: Float32Array } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4))
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error('not a WAV file')
  let sampleRate = 0
  for (let at = 12; at + 8 <= bytes.length;) {
    const size = view.getUint32(at + 4, true)
    if (tag(at) === 'fmt ') {
      if (view.getUint16(at + 8, true) !== 1 || view.getUint16(at + 10, true) !== 1 || view.getUint16(at + 22, true) !== 16) {
        throw new Error('expected mono 16-bit PCM')
      }
      sampleRate = view.getUint32(at + 12, true)
    } else if (tag(at) === 'data') {
      const samples = new Float32Array(size / 2)
      for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(at + 8 + i * 2, true) / 32768
      return { sampleRate, samples }
    }
    at += 8 + size + (size % 2)
  }
  throw new Error('no data chunk')
}

/** What the clip holds (see make-clip.sh), in seconds. */
export const CLIP_TRUTH = {
  speech: { start: 1.0, end: 5.754 },
  silence: { start: 5.754, end: 6.754 },
  sine: { start: 6.754, end: 8.254 },
} as const
