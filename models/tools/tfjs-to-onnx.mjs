#!/usr/bin/env node
// TFJS graph model (model.json + .bin shards) -> ONNX (opset 13), in Node, without Python or downloads.
//
//   node models/tools/tfjs-to-onnx.mjs <model.json> <out.onnx> [--input-shape 1,3,320,320] [--output Identity=scores ...]
//
// How: tfjs-converter loads the graph on tfjs-core's CPU backend. Every node whose inputs are all constants is
// folded (Const nodes directly, anything else by executing it in tfjs), then each remaining node is written as ONNX
// through the OPS table below. TF convolutions are NHWC; each becomes Transpose -> Conv (NCHW) -> Transpose, and a
// final pass removes Transpose pairs that cancel (onnx-tf graphs such as NanoDet already carry the inverse ones).
// Float weights that are exactly representable as fp16 are stored as fp16 + Cast (ORT folds the Cast at load).
import { readFileSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
import { loadGraphModel } from '@tensorflow/tfjs-converter'
import { DT, encodeModel, exactHalf, floatTensor, int64Tensor, node, tensor, valueInfo } from './onnx-builder.mjs'

/** Loads a TFJS graph model from disk into tfjs (CPU backend). Returns the raw JSON too. */
export async function loadTfjsGraph(jsonPath) {
  await tf.setBackend('cpu')
  const json = JSON.parse(readFileSync(jsonPath, 'utf8'))
  const shards = json.weightsManifest.flatMap((g) => g.paths).map((p) => readFileSync(join(dirname(jsonPath), p)))
  const weightData = new Uint8Array(Buffer.concat(shards)).buffer
  const model = await loadGraphModel({
    load: async () => ({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
      weightData,
      format: json.format,
      generatedBy: json.generatedBy,
      convertedBy: json.convertedBy,
      signature: json.signature,
      userDefinedMetadata: json.userDefinedMetadata,
    }),
  })
  return { json, model, tf }
}

const b64 = (s) => Buffer.from(s, 'base64').toString('utf8')
const ints = (a) => (a?.list?.i ?? []).map(Number)
const refName = (r) => r.replace(/^\^/, '').replace(/:0$/, '')
const ONNX_TYPE = { float32: DT.FLOAT, int32: DT.INT32, bool: DT.BOOL }
const TYPED = { float32: Float32Array, int32: Int32Array, bool: Uint8Array }

/**
 * Converts the graph. Options: `inputShape` (override the placeholder's shape: resizes use scales, and SAME pads are
 * computed at the declared size, which holds for sizes with the same parity at every stride, e.g. 320 vs 416),
 * `outputNames` ({ Identity: 'scores' }), `metadata` (written into the model's metadata_props).
 */
export async function convertTfjsToOnnx(jsonPath, { inputShape, outputNames = {}, metadata = {} } = {}) {
  const { json, model } = await loadTfjsGraph(jsonPath)
  const nodes = fuseConvBias(json.modelTopology.node, model)
  const byName = new Map(nodes.map((n) => [n.name, n]))
  const placeholder = nodes.find((n) => n.op === 'Placeholder')
  const declared = placeholder.attr.shape.shape.dim.map((d) => Number(d.size))

  // Constant folding: a node is constant when it is a Const or all its inputs are constant.
  const constMemo = new Map()
  const isConst = (name) => {
    name = name.split(':')[0]
    if (constMemo.has(name)) return constMemo.get(name)
    const n = byName.get(name)
    const c = n.op === 'Const' || (n.op !== 'Placeholder' && (n.input ?? []).filter((r) => !r.startsWith('^')).every(isConst))
    constMemo.set(name, c)
    return c
  }
  const live = nodes.filter((n) => !isConst(n.name))
  const constRefs = [...new Set(live.flatMap((n) => (n.input ?? []).filter((r) => !r.startsWith('^')).map(refName)).filter(isConst))]
  const shapeRefs = live.filter((n) => SHAPE_NEEDED.has(n.op)).flatMap((n) => [refName(n.input[0]), n.name])

  // One tfjs run at the declared size gives folded constants and the few shapes the handlers need.
  const zeros = tf.zeros(declared)
  const folded = constRefs.filter((r) => byName.get(r.split(':')[0]).op !== 'Const')
  const wanted = [...folded, ...shapeRefs]
  const results = wanted.length ? [model.execute({ [placeholder.name]: zeros }, wanted)].flat() : []
  const values = new Map()
  for (const r of constRefs) {
    const t = byName.get(r.split(':')[0]).op === 'Const' ? model.weights[r][0] : results[wanted.indexOf(r)]
    values.set(r, { dtype: t.dtype, shape: t.shape, data: t.dataSync() })
  }
  const shapes = new Map(shapeRefs.map((r) => [r, results[wanted.indexOf(r)].shape]))

  const ctx = new Context(values, shapes)
  ctx.inputs.push(valueInfo(placeholder.name, DT.FLOAT, inputShape ?? declared))
  for (const n of live) {
    if (n.op === 'Placeholder') continue
    const handler = OPS[n.op]
    if (!handler) throw new Error(`unsupported TFJS op ${n.op} (node ${n.name})`)
    handler(n, ctx)
  }
  const signature = json.signature ?? json.userDefinedMetadata?.signature
  const outputs = Object.keys(signature?.outputs ?? {}).map(refName).sort()
  if (!outputs.length) throw new Error(`${jsonPath}: no outputs in the model signature`)
  // Outputs in TF layout under their public names; a channels-first tensor of the same TF name is renamed out of the way.
  const renames = new Map()
  const outputTensors = outputs.map((o) => {
    const tensorName = ctx.use(o, 'tf')
    if (tensorName !== o) renames.set(o, `${o}/cf`)
    renames.set(tensorName, outputNames[o] ?? o)
    return tensorName
  })
  const graph = finishGraph(ctx, outputTensors, renames)
  graph.name = basename(jsonPath, '.json')
  return encodeModel({ graph, producer: 'tfjs-to-onnx', docString: `converted from ${json.convertedBy ?? 'TFJS'} graph model`, metadata })
}

// Ops whose conversion needs tensor shapes from the tfjs run.
const SHAPE_NEEDED = new Set(['ResizeBilinear', 'ResizeNearestNeighbor', 'Conv2D', '_FusedConv2D', 'DepthwiseConv2dNative', 'FusedDepthwiseConv2dNative', 'MaxPool', 'AvgPool'])

// Layouts: a TF tensor is written to ONNX either as is ('tf') or, for NHWC tensors that feed convolutions,
// channels first ('cf' = transpose(tf, [0,3,1,2])). Ops that do not care about the layout keep it, so a chain
// Conv -> Relu -> Add -> Pad -> Conv needs no Transpose at all; a Transpose is written only where an op needs TF order.
const TO_CF = [0, 3, 1, 2]
const TO_TF = [0, 2, 3, 1]

/** Collects ONNX nodes and initializers while the op handlers run. */
class Context {
  constructor(values, shapes) {
    this.values = values
    this.shapes = shapes
    this.nodes = []
    this.inits = new Map()
    this.inputs = []
    this.counter = 0
    this.layouts = new Map() // TF name -> 'cf' (default 'tf')
    this.aliases = new Map() // TF name -> ONNX name, when an op needs no node of its own
  }
  value(ref) {
    const v = this.values.get(refName(ref))
    if (!v) throw new Error(`${ref} is not a constant`)
    return v
  }
  layoutOf(ref) { return this.layouts.get(refName(ref)) ?? 'tf' }
  define(tfName, layout, onnxName = tfName) {
    if (layout === 'cf') this.layouts.set(tfName, 'cf')
    if (onnxName !== tfName) this.aliases.set(tfName, onnxName)
    return tfName
  }
  /** The ONNX name of a TF input in layout `want` ('tf', 'cf' or 'any'); constants become initializers. */
  use(ref, want = 'tf') {
    const name = refName(ref)
    const v = this.values.get(name)
    if (v) return want === 'cf' && v.shape.length > 0 ? this.constChannelsFirst(name, v) : this.constInit(name, v)
    const onnxName = this.aliases.get(name) ?? name
    const have = this.layoutOf(name)
    if (want === 'any' || want === have) return onnxName
    const key = `${name}/${want}`
    if (!this.inits.has(key) && !this.nodes.some((n) => n.output[0] === key)) {
      this.emit('Transpose', [onnxName], [key], { perm: want === 'cf' ? TO_CF : TO_TF })
    }
    return key
  }
  constInit(name, v) {
    if (!this.inits.has(name) && !this.inits.has(name + '__fp16')) this.addInit(name, v.dtype, v.shape, v.data)
    return name
  }
  /** A constant that broadcasts against NHWC, rewritten to broadcast against the channels-first copy. */
  constChannelsFirst(name, v) {
    const key = `${name}/cf`
    if (this.inits.has(key) || this.inits.has(key + '__fp16')) return key
    const s = [...Array(4 - v.shape.length).fill(1), ...v.shape]
    const out = new v.data.constructor(v.data.length)
    let k = 0
    for (let b = 0; b < s[0]; b++) for (let c = 0; c < s[3]; c++) for (let y = 0; y < s[1]; y++) for (let x = 0; x < s[2]; x++) {
      out[k++] = v.data[((b * s[1] + y) * s[2] + x) * s[3] + c]
    }
    return this.addInit(key, v.dtype, [s[0], s[3], s[1], s[2]], out)
  }
  addInit(name, dtype, dims, data) {
    if (dtype === 'float32' && data.length >= 16) {
      const halves = Int32Array.from(data, exactHalf)
      if (halves.every((h) => h >= 0)) {
        this.inits.set(name + '__fp16', tensor(name + '__fp16', DT.FLOAT16, dims, Uint16Array.from(halves)))
        this.emit('Cast', [name + '__fp16'], [name], { to: DT.FLOAT })
        return name
      }
    }
    this.inits.set(name, tensor(name, ONNX_TYPE[dtype], dims, TYPED[dtype].from(data)))
    return name
  }
  int64(name, dims, values) { this.inits.set(name, int64Tensor(name, dims, values)); return name }
  float(name, dims, values) { this.inits.set(name, floatTensor(name, dims, values)); return name }
  fresh(base) { return `${base}__${++this.counter}` }
  emit(op, input, output, attrs = {}) { this.nodes.push(node(op, input, output, attrs)); return output[0] }
}

/**
 * TF `padding` attribute -> explicit ONNX pads. SAME puts the odd pixel bottom/right; its pads are computed from the
 * input size at the declared shape (ORT runs explicit pads faster than auto_pad; the same pads hold at any input
 * size with the same parity per stride).
 */
function padAttrs(n, ctx, kernel, strides, dilations, nchw) {
  const padding = b64(n.attr.padding.s)
  if (padding === 'SAME') {
    const inHW = hw(ctx.shapes.get(refName(n.input[0])), nchw)
    const total = inHW.map((size, i) => {
      const k = (kernel[i] - 1) * dilations[i] + 1
      return Math.max(k - (size % strides[i] || strides[i]), 0)
    })
    return { pads: [Math.floor(total[0] / 2), Math.floor(total[1] / 2), total[0] - Math.floor(total[0] / 2), total[1] - Math.floor(total[1] / 2)] }
  }
  if (padding === 'VALID') return { pads: [0, 0, 0, 0] }
  const p = ints(n.attr.explicit_paddings) // NHWC pairs
  return { pads: [p[2], p[4], p[3], p[5]] }
}
const isNchw = (n) => n.attr.data_format && b64(n.attr.data_format.s) === 'NCHW'
const hw = (list, nchw) => (nchw ? [list[2], list[3]] : [list[1], list[2]])
/** ONNX axis for TF axis `a` of a rank-4 tensor stored in `layout`. */
const axisIn = (layout, a, rank = 4) => {
  const axis = a < 0 ? a + rank : a
  return layout === 'cf' ? TO_CF.indexOf(axis) : axis
}

const ACTIVATIONS = {
  Relu: (ctx, x, out) => ctx.emit('Relu', [x], [out]),
  Relu6: (ctx, x, out) => ctx.emit('Clip', [x, ctx.float('relu6/min', [], [0]), ctx.float('relu6/max', [], [6])], [out]),
  Sigmoid: (ctx, x, out) => ctx.emit('Sigmoid', [x], [out]),
  Elu: (ctx, x, out) => ctx.emit('Elu', [x], [out]),
  LeakyRelu: (ctx, x, out, n) => ctx.emit('LeakyRelu', [x], [out], { alpha: { float: n.attr.leakyrelu_alpha?.f ?? 0.2 } }),
  Prelu: (ctx, x, out, n) => {
    const a = ctx.value(n.input[3])
    return ctx.emit('PRelu', [x, ctx.addInit(n.name + '/alpha', 'float32', [a.data.length, 1, 1], a.data)], [out])
  },
}

/** Conv2D / _FusedConv2D / DepthwiseConv2dNative / FusedDepthwiseConv2dNative. */
function conv(n, ctx, depthwise) {
  const nchw = isNchw(n)
  const w = ctx.value(n.input[1])
  const [kh, kw, ci, co] = w.shape
  // HWIO -> OIHW; depthwise [kh,kw,C,M] -> [C*M,1,kh,kw] with output channel c*M+m.
  const oihw = new Float32Array(w.data.length)
  for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) for (let i = 0; i < ci; i++) for (let o = 0; o < co; o++) {
    const src = ((y * kw + x) * ci + i) * co + o
    const dst = depthwise ? ((i * co + o) * kh + y) * kw + x : ((o * ci + i) * kh + y) * kw + x
    oihw[dst] = w.data[src]
  }
  const wName = ctx.addInit(n.name + '/weights', 'float32', depthwise ? [ci * co, 1, kh, kw] : [co, ci, kh, kw], oihw)
  const fused = (n.attr.fused_ops?.list?.s ?? []).map(b64)
  const unknown = fused.filter((f) => f !== 'BiasAdd' && !ACTIVATIONS[f])
  if (unknown.length) throw new Error(`${n.name}: unsupported fused ops ${unknown}`)
  const inputs = [ctx.use(n.input[0], nchw ? 'tf' : 'cf'), wName]
  if (fused.includes('BiasAdd')) inputs.push(ctx.use(n.input[2]))
  const strides = hw(ints(n.attr.strides), nchw)
  const dilations = n.attr.dilations ? hw(ints(n.attr.dilations), nchw) : [1, 1]
  const attrs = { kernel_shape: [kh, kw], strides, dilations, ...padAttrs(n, ctx, [kh, kw], strides, dilations, nchw) }
  if (depthwise) attrs.group = ci
  const act = fused.find((f) => ACTIVATIONS[f])
  const convOut = ctx.emit('Conv', inputs, [act ? ctx.fresh(n.name + '/conv') : n.name], attrs)
  if (act) ACTIVATIONS[act](ctx, convOut, n.name, n)
  ctx.define(n.name, nchw ? 'tf' : 'cf')
}

function pool(op) {
  return (n, ctx) => {
    const nchw = isNchw(n)
    const kernel = hw(ints(n.attr.ksize), nchw)
    const strides = hw(ints(n.attr.strides), nchw)
    const attrs = { kernel_shape: kernel, strides, ...padAttrs(n, ctx, kernel, strides, [1, 1], nchw) }
    ctx.emit(op, [ctx.use(n.input[0], nchw ? 'tf' : 'cf')], [n.name], attrs)
    ctx.define(n.name, nchw ? 'tf' : 'cf')
  }
}

const liveInputs = (n) => n.input.filter((r) => !r.startsWith('^'))

/** Elementwise ops run in whatever layout their first non-constant input has. */
function elementwise(op, attrs = () => ({})) {
  return (n, ctx) => {
    const refs = liveInputs(n)
    const layout = ctx.layoutOf(refs.find((r) => !ctx.values.has(refName(r))))
    ctx.emit(op, refs.map((r) => ctx.use(r, layout)), [n.name], attrs(n))
    ctx.define(n.name, layout)
  }
}
const scalarInt = (v) => Number(v.data[0])

function pad(n, ctx) {
  const layout = ctx.layoutOf(n.input[0])
  const p = Array.from(ctx.value(n.input[1]).data, Number) // [[begin, end], ...] per TF axis
  const rank = p.length / 2
  const tfAxis = (i) => (layout === 'cf' ? TO_CF[i] : i)
  const pads = [...Array.from({ length: rank }, (_, i) => p[2 * tfAxis(i)]), ...Array.from({ length: rank }, (_, i) => p[2 * tfAxis(i) + 1])]
  const inputs = [ctx.use(n.input[0], layout), ctx.int64(n.name + '/pads', [pads.length], pads)]
  if (n.input[2]) inputs.push(ctx.float(n.name + '/value', [], [ctx.value(n.input[2]).data[0]]))
  ctx.emit('Pad', inputs, [n.name], { mode: 'constant' })
  ctx.define(n.name, layout)
}

function resize(mode) {
  return (n, ctx) => {
    // TF resizes NHWC to a constant size; write scales so the graph works at any input size.
    const [, ih, iw] = ctx.shapes.get(refName(n.input[0]))
    const [, oh, ow] = ctx.shapes.get(n.name)
    const half = n.attr.half_pixel_centers?.b
    const attrs = {
      mode,
      coordinate_transformation_mode: n.attr.align_corners?.b ? 'align_corners' : half ? (mode === 'nearest' ? 'tf_half_pixel_for_nn' : 'half_pixel') : 'asymmetric',
    }
    if (mode === 'nearest') attrs.nearest_mode = n.attr.align_corners?.b ? 'round_prefer_ceil' : 'floor'
    const scales = ctx.float(n.name + '/scales', [4], [1, 1, oh / ih, ow / iw])
    ctx.emit('Resize', [ctx.use(n.input[0], 'cf'), '', scales], [n.name], attrs)
    ctx.define(n.name, 'cf')
  }
}

function split(n, ctx, x, sizes, tfAxis, count) {
  const layout = ctx.layoutOf(x)
  const outputs = Array.from({ length: count }, (_, i) => (i === 0 ? n.name : `${n.name}:${i}`))
  const inputs = [ctx.use(x, layout)]
  if (sizes) inputs.push(ctx.int64(n.name + '/split', [sizes.length], sizes))
  ctx.nodes.push(node('Split', inputs, outputs, { axis: axisIn(layout, tfAxis) }))
  for (const o of outputs) ctx.define(o, layout)
}

/** TF Transpose: composed with the input's layout; free when the result is the channels-first copy already held. */
function transpose(n, ctx) {
  const p = Array.from(ctx.value(n.input[1]).data, Number)
  const layout = ctx.layoutOf(n.input[0])
  const x = ctx.use(n.input[0], 'any')
  const c = layout === 'cf' ? p.map((a) => TO_CF.indexOf(a)) : p // TF axis a sits at ONNX axis TO_CF.indexOf(a)
  const isIdentity = (q) => q.every((v, i) => v === i)
  const d = c.length === 4 ? TO_CF.map((a) => c[a]) : null
  if (isIdentity(c)) return ctx.define(n.name, 'tf', x)
  if (d && isIdentity(d)) return ctx.define(n.name, 'cf', x)
  ctx.emit('Transpose', [x], [n.name], { perm: c })
}

/** TFJS op -> ONNX writer. */
const OPS = {
  Conv2D: (n, ctx) => conv(n, ctx, false),
  _FusedConv2D: (n, ctx) => conv(n, ctx, false),
  DepthwiseConv2dNative: (n, ctx) => conv(n, ctx, true),
  FusedDepthwiseConv2dNative: (n, ctx) => conv(n, ctx, true),
  MaxPool: pool('MaxPool'),
  AvgPool: pool('AveragePool'),
  Add: elementwise('Add'),
  AddV2: elementwise('Add'),
  BiasAdd: elementwise('Add'),
  Sub: elementwise('Sub'),
  Mul: elementwise('Mul'),
  RealDiv: elementwise('Div'),
  Maximum: elementwise('Max'),
  Minimum: elementwise('Min'),
  Relu: elementwise('Relu'),
  Sigmoid: elementwise('Sigmoid'),
  Tanh: elementwise('Tanh'),
  Elu: elementwise('Elu'),
  Identity: elementwise('Identity'),
  LeakyRelu: elementwise('LeakyRelu', (n) => ({ alpha: { float: n.attr.alpha?.f ?? 0.2 } })),
  Relu6: (n, ctx) => {
    const layout = ctx.layoutOf(n.input[0])
    ACTIVATIONS.Relu6(ctx, ctx.use(n.input[0], layout), n.name)
    ctx.define(n.name, layout)
  },
  Pad: pad,
  PadV2: pad,
  Transpose: transpose,
  Reshape: (n, ctx) => {
    const shape = Array.from(ctx.value(n.input[1]).data, Number)
    ctx.emit('Reshape', [ctx.use(n.input[0]), ctx.int64(n.name + '/shape', [shape.length], shape)], [n.name])
  },
  ConcatV2: (n, ctx) => {
    const refs = liveInputs(n)
    const layout = ctx.layoutOf(refs[0])
    const axis = axisIn(layout, scalarInt(ctx.value(refs.at(-1))))
    ctx.emit('Concat', refs.slice(0, -1).map((r) => ctx.use(r, layout)), [n.name], { axis })
    ctx.define(n.name, layout)
  },
  SplitV: (n, ctx) => {
    const sizes = Array.from(ctx.value(n.input[1]).data, Number)
    split(n, ctx, n.input[0], sizes, scalarInt(ctx.value(n.input[2])), sizes.length)
  },
  Split: (n, ctx) => split(n, ctx, n.input[1], null, scalarInt(ctx.value(n.input[0])), Number(n.attr.num_split.i)),
  Mean: (n, ctx) => ctx.emit('ReduceMean', [ctx.use(n.input[0])], [n.name], {
    axes: Array.from(ctx.value(n.input[1]).data, Number), keepdims: n.attr.keep_dims?.b ? 1 : 0,
  }),
  Squeeze: (n, ctx) => {
    const axes = ints(n.attr.squeeze_dims)
    ctx.emit('Squeeze', axes.length ? [ctx.use(n.input[0]), ctx.int64(n.name + '/axes', [axes.length], axes)] : [ctx.use(n.input[0])], [n.name])
  },
  ResizeBilinear: resize('linear'),
  ResizeNearestNeighbor: resize('nearest'),
  ExpandDims: (n, ctx) => ctx.emit('Unsqueeze', [ctx.use(n.input[0]), ctx.int64(n.name + '/axes', [1], [scalarInt(ctx.value(n.input[1]))])], [n.name]),
}

/**
 * Folds `Conv2D -> Add(const [C])` into one fused conv with bias (onnx-tf graphs add the bias separately),
 * so the NHWC<->NCHW transposes around it can cancel and ORT can fuse the activation.
 */
function fuseConvBias(nodes, model) {
  const consumers = new Map()
  for (const n of nodes) for (const r of n.input ?? []) {
    const name = refName(r)
    consumers.set(name, [...(consumers.get(name) ?? []), n])
  }
  const replaced = new Map()
  const removed = new Set()
  for (const n of nodes) {
    if (n.op !== 'Conv2D') continue
    const users = consumers.get(n.name) ?? []
    const add = users[0]
    if (users.length !== 1 || !['Add', 'AddV2', 'BiasAdd'].includes(add.op)) continue
    const biasRef = add.input.map(refName).find((r) => r !== n.name)
    const bias = model.weights[biasRef]?.[0]
    const filter = model.weights[refName(n.input[1])]?.[0]
    if (!bias || !filter || bias.shape.length !== 1 || bias.shape[0] !== filter.shape[3]) continue
    const fusedOps = { list: { s: [Buffer.from('BiasAdd').toString('base64')] } }
    replaced.set(add.name, { ...n, name: add.name, op: '_FusedConv2D', input: [n.input[0], n.input[1], biasRef], attr: { ...n.attr, fused_ops: fusedOps } })
    removed.add(n.name)
  }
  return nodes.filter((n) => !removed.has(n.name)).map((n) => replaced.get(n.name) ?? n)
}

/** Cancels Transpose chains, drops unused nodes, renames outputs and returns the GraphProto fields. */
function finishGraph(ctx, outputs, renames) {
  let nodes = ctx.nodes
  const producer = () => new Map(nodes.flatMap((n) => n.output.map((o) => [o, n])))
  const useCount = () => {
    const c = new Map()
    for (const n of nodes) for (const i of n.input) c.set(i, (c.get(i) ?? 0) + 1)
    for (const o of outputs) c.set(o, (c.get(o) ?? 0) + 1)
    return c
  }
  // Compose Transpose(Transpose(x)) when the inner one has no other user; an identity perm becomes a rename.
  const rename = new Map()
  for (let changed = true; changed;) {
    changed = false
    const prod = producer()
    const uses = useCount()
    for (const n of nodes) {
      if (n.opType !== 'Transpose') continue
      const inner = prod.get(n.input[0])
      if (!inner || inner.opType !== 'Transpose' || uses.get(inner.output[0]) !== 1) continue
      const p1 = inner.attribute[0].ints.map(Number)
      const p2 = n.attribute[0].ints.map(Number)
      n.attribute[0].ints = p2.map((i) => p1[i])
      n.input[0] = inner.input[0]
      nodes = nodes.filter((m) => m !== inner)
      changed = true
      break
    }
  }
  for (const n of nodes) {
    if (n.opType === 'Transpose' && n.attribute[0].ints.every((v, i) => Number(v) === i) && !outputs.includes(n.output[0])) {
      rename.set(n.output[0], n.input[0])
    }
  }
  const resolve = (name) => (rename.has(name) ? resolve(rename.get(name)) : name)
  nodes = nodes.filter((n) => !rename.has(n.output[0]))
  for (const n of nodes) n.input = n.input.map((i) => (i === '' ? i : resolve(i)))
  // Dead code (e.g. inits only used by removed nodes).
  const needed = new Set(outputs)
  for (let i = nodes.length - 1; i >= 0; i--) {
    if (nodes[i].output.some((o) => needed.has(o))) for (const x of nodes[i].input) needed.add(x)
    else nodes.splice(i, 1)
  }
  const finalName = (name) => renames.get(name) ?? name
  for (const n of nodes) {
    n.input = n.input.map(finalName)
    n.output = n.output.map(finalName)
    n.name = n.output[0]
  }
  return {
    node: nodes,
    initializer: [...ctx.inits.values()].filter((t) => needed.has(t.name)).map((t) => ({ ...t, name: finalName(t.name) })),
    input: ctx.inputs,
    output: outputs.map((o) => valueInfo(finalName(o), DT.FLOAT, null)),
  }
}

function parseArgs(argv) {
  const [input, output, ...rest] = argv
  const opts = { outputNames: {} }
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--input-shape') opts.inputShape = rest[++i].split(',').map(Number)
    else if (rest[i] === '--output') { const [k, v] = rest[++i].split('='); opts.outputNames[k] = v }
    else throw new Error(`unknown option ${rest[i]}`)
  }
  if (!input || !output) throw new Error('usage: tfjs-to-onnx.mjs <model.json> <out.onnx> [--input-shape 1,3,320,320] [--output Identity=name]')
  return { input, output, opts }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { input, output, opts } = parseArgs(process.argv.slice(2))
  const bytes = await convertTfjsToOnnx(input, opts)
  writeFileSync(output, bytes)
  console.log(`${output}: ${bytes.length} bytes`)
}
