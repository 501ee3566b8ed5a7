// The `scene` quality graph, written by hand (no weights): per-frame raw quality features of a batch of RGBA frames.
//
//   input  rgba      uint8   [N, H, W, 4]   (what VideoFrame.copyTo({format:'RGBA'}) or getImageData gives)
//   output features  float32 [N, 4]         [laplacian variance, mean luma, std luma, colourfulness]
//
// A 1x1 convolution turns RGB into three planes: luma Y = 0.299R + 0.587G + 0.114B and the opponent channels
// rg = R - G, yb = (R + G)/2 - B (Hasler & Süsstrunk 2003). Means and variances are E[x] and E[x^2] - E[x]^2 per frame.
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
    int64Tensor('i0', [1], [0]),
    int64Tensor('i1', [1], [1]),
    int64Tensor('i3', [1], [3]),
  ]
  const node = [
    n('Cast', ['rgba'], ['x'], { to: DT.FLOAT }),
    n('Transpose', ['x'], ['x_nchw'], { perm: [0, 3, 1, 2] }),
    n('Conv', ['x_nchw', 'opponent_weights'], ['planes'], { kernel_shape: [1, 1] }), // [N,3,H,W]: Y, rg, yb
    n('ReduceMean', ['planes'], ['mean'], { axes: [2, 3], keepdims: 0 }), // [N,3]
    n('Mul', ['planes', 'planes'], ['planes_sq']),
    n('ReduceMean', ['planes_sq'], ['mean_sq'], { axes: [2, 3], keepdims: 0 }),
    n('Mul', ['mean', 'mean'], ['mean_2']),
    n('Sub', ['mean_sq', 'mean_2'], ['var_raw']),
    n('Relu', ['var_raw'], ['var']), // rounding can make it slightly negative
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
    n('ReduceMean', ['lap'], ['lap_mean4'], { axes: [1, 2, 3], keepdims: 0 }),
    n('Mul', ['lap', 'lap'], ['lap_sq']),
    n('ReduceMean', ['lap_sq'], ['lap_sq_mean4'], { axes: [1, 2, 3], keepdims: 0 }),
    n('Mul', ['lap_mean4', 'lap_mean4'], ['lap_mean_2']),
    n('Sub', ['lap_sq_mean4', 'lap_mean_2'], ['lap_var_raw']),
    n('Relu', ['lap_var_raw'], ['lap_var_n']),
    n('Unsqueeze', ['lap_var_n', 'axes_1'], ['lap_var']), // [N,1]
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
