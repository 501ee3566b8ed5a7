// The `scene` quality graph, written by hand (no weights): per-frame raw quality features of a batch of RGBA frames.
//
//   input  rgba      uint8   [N, H, W, 4]   (what VideoFrame.copyTo({format:'RGBA'}) or getImageData gives)
//   output features  float32 [N, 4]         [laplacian variance, mean luma, std luma, colourfulness]
//
// A 1x1 convolution turns RGB into three planes: luma Y = 0.299R + 0.587G + 0.114B and the opponent channels
// rg = R - G, yb = (R + G)/2 - B (Hasler & Süsstrunk 2003). Means and variances (mean squared deviation) per frame.
// Sharpness is the variance of the 3x3 Laplacian of Y (valid region). Colourfulness = sqrt(var_rg + var_yb)
// + 0.3 * sqrt(mean_rg^2 + mean_yb^2). The 0..1 mapping lives in src/analysis/models/scene-quality.ts.
import { DT, encodeModel, floatTensor, int64Tensor, node as n, valueInfo } from '../tools/onnx-builder.mjs'

export function buildSceneGraph() {
  const initializer = [
    floatTensor('opponent_weights', [3, 4, 1, 1], [
      0.299, 0.587, 0.114, 0, // Y
      1, -1, 0, 0, // rg
      0.5, 0.5, -1, 0, // yb
    ]),
    floatTensor('laplacian', [1, 1, 3, 3], [0, 1, 0, 1, -4, 1, 0, 1, 0]),
    floatTensor('c_0_3', [], [0.3]),
    int64Tensor('axes_1', [1], [1]),
    int64Tensor('shape_n3', [2], [0, 3]),
    int64Tensor('i0', [1], [0]),
    int64Tensor('i1', [1], [1]),
    int64Tensor('i3', [1], [3]),
  ]
  const node = [
    n('Cast', ['rgba'], ['x'], { to: DT.FLOAT }),
    n('Transpose', ['x'], ['x_nchw'], { perm: [0, 3, 1, 2] }),
    n('Conv', ['x_nchw', 'opponent_weights'], ['planes'], { kernel_shape: [1, 1] }), // [N,3,H,W]: Y, rg, yb
    // Two-pass variance (mean of squared deviations): exact 0 on flat frames, unlike E[x^2] - E[x]^2 in float32.
    n('ReduceMean', ['planes'], ['mean_k'], { axes: [2, 3], keepdims: 1 }), // [N,3,1,1]
    n('Sub', ['planes', 'mean_k'], ['dev']),
    n('Mul', ['dev', 'dev'], ['dev_sq']),
    n('ReduceMean', ['dev_sq'], ['var'], { axes: [2, 3], keepdims: 0 }), // [N,3]
    n('Reshape', ['mean_k', 'shape_n3'], ['mean']), // [N,3]
    // luma statistics
    n('Slice', ['mean', 'i0', 'i1', 'axes_1'], ['luma_mean']), // [N,1]
    n('Slice', ['var', 'i0', 'i1', 'axes_1'], ['luma_var']),
    n('Sqrt', ['luma_var'], ['luma_std']),
    // colourfulness
    n('Slice', ['var', 'i1', 'i3', 'axes_1'], ['opp_var']), // [N,2]
    n('ReduceSum', ['opp_var', 'axes_1'], ['opp_var_sum'], { keepdims: 1 }),
    n('Sqrt', ['opp_var_sum'], ['opp_sigma']),
    n('Slice', ['mean', 'i1', 'i3', 'axes_1'], ['opp_mean']),
    n('Mul', ['opp_mean', 'opp_mean'], ['opp_mean_sq']),
    n('ReduceSum', ['opp_mean_sq', 'axes_1'], ['opp_mean_sum'], { keepdims: 1 }),
    n('Sqrt', ['opp_mean_sum'], ['opp_mu']),
    n('Mul', ['opp_mu', 'c_0_3'], ['opp_mu_03']),
    n('Add', ['opp_sigma', 'opp_mu_03'], ['colourfulness']),
    // sharpness: variance of the Laplacian of luma
    n('Slice', ['planes', 'i0', 'i1', 'axes_1'], ['luma']), // [N,1,H,W]
    n('Conv', ['luma', 'laplacian'], ['lap'], { kernel_shape: [3, 3] }),
    n('ReduceMean', ['lap'], ['lap_mean'], { axes: [2, 3], keepdims: 1 }),
    n('Sub', ['lap', 'lap_mean'], ['lap_dev']),
    n('Mul', ['lap_dev', 'lap_dev'], ['lap_dev_sq']),
    n('ReduceMean', ['lap_dev_sq'], ['lap_var'], { axes: [2, 3], keepdims: 0 }), // [N,1]
    n('Concat', ['lap_var', 'luma_mean', 'luma_std', 'colourfulness'], ['features'], { axis: 1 }),
  ]
  return encodeModel({
    producer: 'models/scene/build.mjs',
    docString: 'Per-frame quality features: laplacian variance, mean luma, std luma, colourfulness (Hasler-Süsstrunk).',
    metadata: { features: 'lap_var,luma_mean,luma_std,colourfulness' },
    graph: {
      name: 'scene_quality',
      node,
      initializer,
      input: [valueInfo('rgba', DT.UINT8, ['N', 'H', 'W', 4])],
      output: [valueInfo('features', DT.FLOAT, ['N', 4])],
    },
  })
}

export const targets = [{
  file: new URL('./scene-quality.onnx', import.meta.url),
  async build() { return buildSceneGraph() },
}]
