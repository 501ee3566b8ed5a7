/** Identifiers in IMM's shapes: `Highlight-<uuid>` task ids, upper-case request ids, `0ED-…` event ids. */

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

function uuid(): string {
  return globalThis.crypto.randomUUID()
}

export function newTaskId(): string {
  return `Highlight-${uuid()}`
}

export function newRequestId(): string {
  return uuid().toUpperCase()
}

/** IMM event ids look like `0ED-1Bz8z71k5TtsUejT4UJ16Es`: three hex digits, a dash, 23 base62 characters. */
export function newEventId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(25))
  const hex = Array.from(bytes.slice(0, 2), (b) => b.toString(16).padStart(2, '0')).join('').slice(0, 3).toUpperCase()
  const tail = Array.from(bytes.slice(2), (b) => BASE62[b % 62]).join('')
  return `${hex}-${tail}`
}

/** FNV-1a over a string: a stable default seed derived from the request, so the same request gives the same plan. */
export function seedFrom(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}
