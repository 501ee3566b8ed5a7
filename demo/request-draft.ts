/**
 * The request being edited, as plain JSON in IMM's field names. The form and the JSON editor both read and
 * write this one object through field paths (`Edit.Transitions[0].Duration`), the same paths validation
 * issues carry, so an issue finds its field by string equality.
 */
import type { HighlightRequestInput } from '../src/index.ts'

export type Draft = Record<string, unknown>

/** `Edit.Transitions[0].Duration` -> ['Edit', 'Transitions', 0, 'Duration']. */
export function pathKeys(path: string): (string | number)[] {
  const keys: (string | number)[] = []
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) keys.push(m[2] !== undefined ? Number(m[2]) : m[1]!)
  return keys
}

export function getAt(draft: Draft, path: string): unknown {
  let node: unknown = draft
  for (const key of pathKeys(path)) {
    if (typeof node !== 'object' || node === null) return undefined
    node = (node as Record<string | number, unknown>)[key]
  }
  return node
}

/** Sets a value, creating objects and arrays on the way; `undefined` deletes it and prunes emptied parents. */
export function setAt(draft: Draft, path: string, value: unknown): void {
  const keys = pathKeys(path)
  if (value === undefined) return deleteAt(draft, keys)
  let node = draft as Record<string | number, unknown>
  keys.slice(0, -1).forEach((key, i) => {
    const next = node[key]
    if (typeof next !== 'object' || next === null) node[key] = typeof keys[i + 1] === 'number' ? [] : {}
    node = node[key] as Record<string | number, unknown>
  })
  node[keys[keys.length - 1]!] = value
}

function deleteAt(draft: Draft, keys: (string | number)[]): void {
  const chain: Record<string | number, unknown>[] = [draft]
  for (const key of keys.slice(0, -1)) {
    const next = chain[chain.length - 1]![key]
    if (typeof next !== 'object' || next === null) return
    chain.push(next as Record<string | number, unknown>)
  }
  delete chain[chain.length - 1]![keys[keys.length - 1]!]
  // Drop objects the deletion left empty (not arrays: an empty list is a value the user may mean).
  for (let i = chain.length - 1; i > 0; i--) {
    const obj = chain[i]!
    if (Array.isArray(obj) || Object.keys(obj).length > 0) break
    delete chain[i - 1]![keys[i - 1]!]
  }
}

/** URIs the page gives the media it holds: `local://<name>`, the scheme the engine's file registry answers. */
export const localUri = (name: string) => `local://${name}`

/** Where outputs go by default: the origin-private file system, so results survive a reload. */
export const DEFAULT_OUTPUT_URI = 'opfs://highlights/highlight.mp4'

/** The request the bundled samples start from: a 12 s person-first highlight set to music. */
export function sampleRequest(videos: string[], music: string | undefined): HighlightRequestInput {
  return {
    ProjectName: 'demo',
    Type: 'Compose',
    Mode: 'Scene',
    Sources: videos.map((name) => ({ URI: localUri(name) })),
    Highlight: { Content: '人物' },
    Edit: {
      BackgroundMusicMode: music ? 'Sequential' : 'Closed',
      ...(music ? { BackgroundMusics: [{ URI: localUri(music), Volume: 0.3 }] } : {}),
      TransitionMode: 'Sequential',
      Transitions: [{ Transition: 'fade', Duration: 0.5 }],
      VfxEffectMode: 'Closed',
    },
    Output: {
      URI: DEFAULT_OUTPUT_URI,
      Container: 'mp4',
      MaxDuration: 12,
      Video: { TranscodeVideo: { Resolution: '640x360', CRF: 28 } },
    },
    UserData: '{"from":"demo"}',
  }
}
