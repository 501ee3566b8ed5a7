// Small helpers to write ONNX graphs with onnx-proto (protobufjs): tensors, attributes, nodes, value infos.
// Shared by the TFJS converter and the hand-built scene graph. Output is deterministic (no dates, no random ids)
// so a rebuild gives byte-identical files.
import onnxProto from 'onnx-proto'

export const { onnx } = onnxProto
export const DT = onnx.TensorProto.DataType
const AT = onnx.AttributeProto.AttributeType

/** A little-endian raw tensor (initializer). `values` is a typed array matching `type`. */
export function tensor(name, type, dims, values) {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength)
  return onnx.TensorProto.create({ name, dataType: type, dims, rawData: Uint8Array.from(bytes) })
}

export const floatTensor = (name, dims, values) => tensor(name, DT.FLOAT, dims, Float32Array.from(values))
export const int64Tensor = (name, dims, values) => tensor(name, DT.INT64, dims, BigInt64Array.from(values, (v) => BigInt(v)))

/** An attribute from a plain JS value: number (int unless `float`), number[] (ints), string, or {floats: []}. */
export function attr(name, value) {
  if (typeof value === 'string') return onnx.AttributeProto.create({ name, type: AT.STRING, s: new TextEncoder().encode(value) })
  if (typeof value === 'number') return onnx.AttributeProto.create({ name, type: AT.INT, i: value })
  if (Array.isArray(value)) return onnx.AttributeProto.create({ name, type: AT.INTS, ints: value })
  if ('float' in value) return onnx.AttributeProto.create({ name, type: AT.FLOAT, f: value.float })
  if ('floats' in value) return onnx.AttributeProto.create({ name, type: AT.FLOATS, floats: value.floats })
  throw new Error(`attr ${name}: unsupported value ${JSON.stringify(value)}`)
}

/** A node; `attrs` is a plain object turned into attributes by `attr()`. */
export function node(opType, input, output, attrs = {}, name = output[0]) {
  return onnx.NodeProto.create({
    opType, input, output, name,
    attribute: Object.entries(attrs).map(([k, v]) => attr(k, v)),
  })
}

/** A graph input/output description; dims are numbers or symbolic names; `null` dims = unknown shape. */
export function valueInfo(name, type, dims) {
  const tensorType = { elemType: type }
  if (dims) tensorType.shape = { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) }
  return onnx.ValueInfoProto.create({ name, type: { tensorType } })
}

/** Encodes a model (ir 8, default domain at `opset`). */
export function encodeModel({ graph, opset = 13, producer, docString = '', metadata = {} }) {
  return onnx.ModelProto.encode(onnx.ModelProto.create({
    irVersion: 8,
    producerName: producer,
    docString,
    opsetImport: [{ domain: '', version: opset }],
    metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value: String(value) })),
    graph: onnx.GraphProto.create(graph),
  })).finish()
}

// IEEE half precision, used to store weights that are exactly representable in fp16 at half the size.
const f32 = new Float32Array(1)
const u32 = new Uint32Array(f32.buffer)

export function halfToFloat(h) {
  const sign = h & 0x8000 ? -1 : 1
  const exp = (h >> 10) & 0x1f
  const frac = h & 0x3ff
  if (exp === 0) return sign * frac * 2 ** -24
  if (exp === 31) return frac ? NaN : sign * Infinity
  return sign * (1 + frac / 1024) * 2 ** (exp - 15)
}

/** Half bits of `x` if `x` is exactly representable as fp16, else -1. */
export function exactHalf(x) {
  f32[0] = x
  const bits = u32[0]
  const sign = (bits >>> 16) & 0x8000
  const exp = ((bits >>> 23) & 0xff) - 127
  const mant = bits & 0x7fffff
  let h
  if (x === 0) h = sign
  else if (exp >= -14 && exp <= 15) h = sign | ((exp + 15) << 10) | (mant >>> 13)
  else if (exp >= -24 && exp < -14) h = sign | ((mant | 0x800000) >>> (-exp - 1))
  else return -1
  return halfToFloat(h) === f32[0] ? h : -1
}
