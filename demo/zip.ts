/**
 * A store-only ZIP writer (no compression: video segments do not compress anyway) for downloading an
 * HLS or DASH set as one file. Local headers, then the central directory; CRC-32 per file; UTF-8 names.
 */
const CRC_TABLE = (() => {
  const table = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c >>> 0
  }
  return table
})()

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

export async function zipStore(files: { name: string; data: Blob }[]): Promise<Blob> {
  const parts: BlobPart[] = []
  const central: Uint8Array[] = []
  let offset = 0
  for (const file of files) {
    const name = new TextEncoder().encode(file.name)
    const data = new Uint8Array(await file.data.arrayBuffer())
    if (data.length >= 0xffffffff || offset >= 0xffffffff) throw new Error('zip: files over 4 GiB need ZIP64, which this writer does not do')
    const crc = crc32(data)
    const local = header(30 + name.length, [
      [4, 0x04034b50], [2, 20], [2, 0x0800], [2, 0], [2, 0], [2, 0x21], [4, crc], [4, data.length], [4, data.length], [2, name.length], [2, 0],
    ])
    local.set(name, 30)
    central.push(withName(header(46 + name.length, [
      [4, 0x02014b50], [2, 20], [2, 20], [2, 0x0800], [2, 0], [2, 0], [2, 0x21], [4, crc], [4, data.length], [4, data.length],
      [2, name.length], [2, 0], [2, 0], [2, 0], [2, 0], [4, 0], [4, offset],
    ]), name, 46))
    parts.push(local as Uint8Array<ArrayBuffer>, data)
    offset += local.length + data.length
  }
  const size = central.reduce((s, c) => s + c.length, 0)
  const end = header(22, [[4, 0x06054b50], [2, 0], [2, 0], [2, files.length], [2, files.length], [4, size], [4, offset], [2, 0]])
  return new Blob([...parts, ...(central as Uint8Array<ArrayBuffer>[]), end as Uint8Array<ArrayBuffer>], { type: 'application/zip' })
}

/** Little-endian fields of the given byte widths, in order. (Date 0x21 = 1980-01-01, the ZIP epoch.) */
function header(length: number, fields: [2 | 4, number][]): Uint8Array {
  const bytes = new Uint8Array(length)
  const view = new DataView(bytes.buffer)
  let at = 0
  for (const [width, value] of fields) {
    if (width === 2) view.setUint16(at, value, true)
    else view.setUint32(at, value >>> 0, true)
    at += width
  }
  return bytes
}

function withName(bytes: Uint8Array, name: Uint8Array, at: number): Uint8Array {
  bytes.set(name, at)
  return bytes
}
