/**
 * The files the page holds: up to 10 videos and one music file, each under a `local://<name>` URI that the
 * engine's file registry answers. The bundled samples are part of the build (Vite `?url`), so using them
 * fetches only this origin.
 */
import { LIMITS } from '../src/index.ts'
import peopleUrl from '../samples/people.mp4?url'
import petsUrl from '../samples/pets.mp4?url'
import sportsUrl from '../samples/sports.mp4?url'
import musicUrl from '../samples/music.m4a?url'
import { localUri } from './request-draft.ts'

export interface MediaItem {
  uri: string
  name: string
  file: File
  kind: 'video' | 'music'
}

const SAMPLES: { name: string; url: string; kind: MediaItem['kind'] }[] = [
  { name: 'people.mp4', url: peopleUrl, kind: 'video' },
  { name: 'pets.mp4', url: petsUrl, kind: 'video' },
  { name: 'sports.mp4', url: sportsUrl, kind: 'video' },
  { name: 'music.m4a', url: musicUrl, kind: 'music' },
]

const AUDIO_EXTENSIONS = /\.(m4a|mp3|aac|wav|flac|ogg|oga|opus)$/i

export class MediaLibrary {
  readonly #items = new Map<string, MediaItem>()

  get videos(): MediaItem[] {
    return [...this.#items.values()].filter((m) => m.kind === 'video')
  }

  get music(): MediaItem | undefined {
    return [...this.#items.values()].find((m) => m.kind === 'music')
  }

  get(uri: string): MediaItem | undefined {
    return this.#items.get(uri)
  }

  has(uri: string): boolean {
    return this.#items.has(uri)
  }

  /** Adds dropped or picked files. Returns what was refused and why (too many videos, a second music file...). */
  add(files: Iterable<File>): string[] {
    const refused: string[] = []
    for (const file of files) {
      const kind = file.type.startsWith('audio/') || AUDIO_EXTENSIONS.test(file.name) ? 'music' : 'video'
      if (kind === 'video' && this.videos.length >= LIMITS.sources) {
        refused.push(`${file.name}: at most ${LIMITS.sources} videos`)
        continue
      }
      if (kind === 'music') {
        const old = this.music
        if (old) this.#items.delete(old.uri)
      }
      const name = this.#uniqueName(file.name)
      this.#items.set(localUri(name), { uri: localUri(name), name, file, kind })
    }
    return refused
  }

  remove(uri: string): void {
    this.#items.delete(uri)
  }

  clear(): void {
    this.#items.clear()
  }

  /** Fetches the bundled samples from this origin and holds them (replacing what was there). */
  async loadSamples(): Promise<void> {
    const files = await Promise.all(SAMPLES.map(async (s) => {
      const response = await fetch(s.url)
      if (!response.ok) throw new Error(`sample ${s.name}: HTTP ${response.status}`)
      const blob = await response.blob()
      return { ...s, file: new File([blob], s.name, { type: blob.type || (s.kind === 'music' ? 'audio/mp4' : 'video/mp4') }) }
    }))
    this.clear()
    for (const s of files) this.#items.set(localUri(s.name), { uri: localUri(s.name), name: s.name, file: s.file, kind: s.kind })
  }

  /** URI-safe and unique: `my clip.mp4` twice becomes `my-clip.mp4` and `my-clip-2.mp4`. */
  #uniqueName(raw: string): string {
    const clean = raw.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'media'
    const dot = clean.lastIndexOf('.')
    const stem = dot > 0 ? clean.slice(0, dot) : clean
    const ext = dot > 0 ? clean.slice(dot) : ''
    let name = clean
    for (let n = 2; this.#items.has(localUri(name)); n++) name = `${stem}-${n}${ext}`
    return name
  }
}
