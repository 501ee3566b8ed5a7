// Silero VAD v5, copied byte for byte from @ricky0123/vad-web.
import { readFileSync } from 'node:fs'
import { packageFile } from '../tools/sources.mjs'

export const targets = [{
  file: new URL('./silero-vad-v5.onnx', import.meta.url),
  source: packageFile('@ricky0123/vad-web', 'dist/silero_vad_v5.onnx'),
  async build() { return new Uint8Array(readFileSync(this.source)) },
}]
