/**
 * The JSON view of the draft: the exact request the engine (or IMM) receives. Typing in it replaces the draft
 * once the text parses; text that does not parse is an InvalidJSON issue, as the engine would report it.
 */
import type { ValidationIssue } from '../src/index.ts'
import type { DraftStore } from './draft-store.ts'
import type { Draft } from './request-draft.ts'

export class JsonEditor {
  #parseIssue: ValidationIssue | null = null

  constructor(private readonly textarea: HTMLTextAreaElement, private readonly store: DraftStore, private readonly onIssue: () => void) {
    textarea.addEventListener('input', () => this.#read())
    textarea.addEventListener('blur', () => {
      if (!this.#parseIssue) this.refresh(true)
    })
  }

  /** An issue while the text does not parse, else null. */
  get parseIssue(): ValidationIssue | null {
    return this.#parseIssue
  }

  /** Rewrites the text from the draft, unless the user is typing in it (then only on `force`). */
  refresh(force = false): void {
    if (!force && document.activeElement === this.textarea) return
    const text = JSON.stringify(this.store.draft, null, 2)
    if (this.textarea.value !== text) this.textarea.value = text
  }

  #read(): void {
    let value: unknown
    try {
      value = JSON.parse(this.textarea.value)
    } catch (err) {
      this.#setIssue({ Code: 'InvalidJSON', Path: 'request', Message: `The request is not valid JSON: ${(err as Error).message}` })
      return
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.#setIssue({ Code: 'InvalidArgument', Path: 'request', Message: 'The request must be a JSON object' })
      return
    }
    this.#setIssue(null)
    this.store.replace(value as Draft, 'json')
  }

  #setIssue(issue: ValidationIssue | null): void {
    this.#parseIssue = issue
    this.textarea.classList.toggle('invalid', issue !== null)
    this.onIssue()
  }
}
