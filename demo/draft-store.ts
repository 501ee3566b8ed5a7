/**
 * Holds the request being edited and tells the views when it changes. Each change names its origin
 * (`form`, `json`, `media`), so the view that made it does not redraw itself under the user's cursor.
 */
import { setAt, type Draft } from './request-draft.ts'

export type ChangeOrigin = 'form' | 'json' | 'media' | 'load'
type Listener = (origin: ChangeOrigin) => void

export class DraftStore {
  #draft: Draft
  readonly #listeners = new Set<Listener>()

  constructor(initial: Draft) {
    this.#draft = initial
  }

  get draft(): Draft {
    return this.#draft
  }

  set(path: string, value: unknown, origin: ChangeOrigin): void {
    setAt(this.#draft, path, value)
    this.#emit(origin)
  }

  replace(draft: Draft, origin: ChangeOrigin): void {
    this.#draft = draft
    this.#emit(origin)
  }

  subscribe(listener: Listener): void {
    this.#listeners.add(listener)
  }

  #emit(origin: ChangeOrigin): void {
    for (const listener of this.#listeners) listener(origin)
  }
}
