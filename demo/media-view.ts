/**
 * The media list: each held file with its colour on the timeline, its length, a remove button and, for
 * Type Concat, its StartTime/Duration fields. Also keeps the draft's Sources and music in step with the files.
 */
import type { DraftStore } from './draft-store.ts'
import { el, type FieldBinder } from './field-binder.ts'
import { SOURCE_FIELDS } from './form-fields.ts'
import type { MediaLibrary } from './media-library.ts'
import { getAt } from './request-draft.ts'
import { SOURCE_COLOURS } from './timeline.ts'

export class MediaView {
  #shape = ''

  constructor(private readonly list: HTMLElement, private readonly library: MediaLibrary, private readonly store: DraftStore,
    private readonly binder: FieldBinder, private readonly onRemove: (uri: string) => void) {}

  /** Puts the held files into the draft: sources in held order (keeping their fields), the music file if any. */
  syncDraft(): void {
    const draft = this.store.draft
    const old = Array.isArray(draft.Sources) ? (draft.Sources as { URI?: string }[]) : []
    const held = this.library.videos.map((v) => old.find((s) => s.URI === v.uri) ?? { URI: v.uri })
    // Sources the page does not hold (e.g. oss:// typed into the JSON) stay as written.
    const foreign = old.filter((s) => !s.URI?.startsWith('local://'))
    this.store.set('Sources', [...held, ...foreign], 'media')
    const music = this.library.music
    const musics = getAt(draft, 'Edit.BackgroundMusics') as { URI?: string; Volume?: number }[] | undefined
    if (music && musics?.[0]?.URI !== music.uri) {
      this.store.set('Edit.BackgroundMusics', [{ URI: music.uri, Volume: musics?.[0]?.Volume ?? 0.3 }], 'media')
      if ((getAt(draft, 'Edit.BackgroundMusicMode') ?? 'Closed') === 'Closed') this.store.set('Edit.BackgroundMusicMode', 'Sequential', 'media')
    } else if (!music && musics?.[0]?.URI?.startsWith('local://')) {
      this.store.set('Edit.BackgroundMusics', undefined, 'media')
      this.store.set('Edit.BackgroundMusicMode', 'Closed', 'media')
    }
  }

  /** Redraws when the files or the Type changed (the Concat fields come and go with it). */
  refresh(): void {
    const concat = getAt(this.store.draft, 'Type') === 'Concat'
    const sources = (getAt(this.store.draft, 'Sources') as { URI?: string }[] | undefined) ?? []
    const shape = JSON.stringify([concat, sources.map((s) => s.URI), this.library.music?.uri])
    if (shape === this.#shape) return
    this.#shape = shape
    const rows = this.library.videos.map((video) => {
      const index = sources.findIndex((s) => s.URI === video.uri)
      const li = el('li')
      li.dataset.uri = video.uri
      const swatch = el('span', 'swatch')
      swatch.style.background = SOURCE_COLOURS[Math.max(0, index) % SOURCE_COLOURS.length]!
      li.append(swatch, el('strong', '', video.name), el('span', 'meta', `${video.uri} · ${(video.file.size / 1024).toFixed(0)} KiB`))
      if (concat && index >= 0) for (const spec of SOURCE_FIELDS) li.append(this.binder.create(spec, `Sources[${index}].${spec.path}`))
      li.append(this.#remove(video.uri))
      return li
    })
    const music = this.library.music
    if (music) {
      const li = el('li')
      li.dataset.uri = music.uri
      li.append(el('strong', '', `♪ ${music.name}`), el('span', 'meta', `${music.uri} · background music`), this.#remove(music.uri))
      rows.push(li)
    }
    const anchor = el('li')
    anchor.style.listStyle = 'none'
    anchor.append(this.binder.anchor('Sources'))
    this.list.replaceChildren(...rows, anchor)
  }

  #remove(uri: string): HTMLButtonElement {
    const button = el('button', '', 'Remove')
    button.type = 'button'
    button.addEventListener('click', () => this.onRemove(uri))
    return button
  }
}
