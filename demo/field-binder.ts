/**
 * Inputs bound to request paths. An input writes its value into the draft; `refresh` puts draft values back
 * into the inputs (except the one being typed in); `showIssues` puts each validation issue next to the input
 * of its path (or of the nearest field above or below it) with its IMM Code.
 */
import type { ValidationIssue } from '../src/index.ts'
import type { DraftStore } from './draft-store.ts'
import type { FieldSpec } from './form-fields.ts'
import { getAt } from './request-draft.ts'

interface Bound {
  path: string
  spec: FieldSpec
  wrapper: HTMLElement
  /** Absent for anchors: places that show issues of a path without an input (a list as a whole). */
  input?: HTMLInputElement | HTMLSelectElement
  error: HTMLElement
}

export class FieldBinder {
  #bound: Bound[] = []
  constructor(private readonly store: DraftStore) {}

  /** A labelled input for `spec` at the full request path `path`. */
  create(spec: FieldSpec, path: string): HTMLElement {
    const wrapper = el('label', 'field')
    wrapper.dataset.path = path
    const input = spec.kind === 'select' ? this.#select(spec) : this.#input(spec, path)
    input.name = path
    const error = el('span', 'field-error')
    wrapper.append(el('span', '', spec.label), input, error)
    input.addEventListener(spec.kind === 'select' ? 'change' : 'input', () => this.store.set(path, readValue(spec, input), 'form'))
    input.addEventListener('blur', () => writeValue(input, getAt(this.store.draft, path)))
    const bound = { path, spec, wrapper, input, error }
    this.#bound.push(bound)
    writeValue(input, getAt(this.store.draft, path))
    return wrapper
  }

  /** An element that shows the issues of `path` (for example `Edit.Transitions` as a whole). */
  anchor(path: string): HTMLElement {
    const error = el('span', 'field-error')
    error.dataset.path = path
    this.#bound.push({ path, spec: { path, label: '', kind: 'text' }, wrapper: error, error })
    return error
  }

  refresh(): void {
    this.#bound = this.#bound.filter((b) => b.wrapper.isConnected)
    for (const b of this.#bound) {
      if (b.input && document.activeElement !== b.input) writeValue(b.input, getAt(this.store.draft, b.path))
    }
  }

  /** Marks the fields; returns the issues that no field on the page owns. */
  showIssues(issues: readonly ValidationIssue[]): ValidationIssue[] {
    this.#bound = this.#bound.filter((b) => b.wrapper.isConnected)
    for (const b of this.#bound) {
      b.wrapper.classList.remove('invalid')
      b.error.textContent = ''
    }
    const orphans: ValidationIssue[] = []
    for (const issue of issues) {
      const owner = this.#owner(issue.Path)
      if (!owner) {
        orphans.push(issue)
        continue
      }
      owner.wrapper.classList.add('invalid')
      owner.error.textContent += `${owner.error.textContent ? ' ' : ''}${issue.Code}: ${issue.Message}`
      owner.error.dataset.code = issue.Code
    }
    return orphans
  }

  /** The field of this path, else the deepest field above it (Sources[0] for Sources[0].URI), else the first below it. */
  #owner(path: string): Bound | undefined {
    const exact = this.#bound.find((b) => b.path === path)
    if (exact) return exact
    const above = this.#bound.filter((b) => isUnder(path, b.path)).sort((a, b) => b.path.length - a.path.length)[0]
    return above ?? this.#bound.find((b) => isUnder(b.path, path))
  }

  #select(spec: FieldSpec): HTMLSelectElement {
    const select = document.createElement('select')
    if (spec.unset !== undefined) select.append(new Option(spec.unset, ''))
    for (const option of spec.options ?? []) select.append(new Option(String(option), String(option)))
    return select
  }

  #input(spec: FieldSpec, path: string): HTMLInputElement {
    const input = document.createElement('input')
    input.type = spec.kind === 'number' ? 'number' : 'text'
    for (const key of ['min', 'max', 'step'] as const) if (spec[key] !== undefined) input[key] = String(spec[key])
    if (spec.placeholder) input.placeholder = spec.placeholder
    if (spec.suggestions) {
      const list = document.createElement('datalist')
      list.id = `suggest-${path.replace(/\W+/g, '-')}`
      for (const s of spec.suggestions) list.append(new Option(s))
      document.body.append(list)
      input.setAttribute('list', list.id)
    }
    return input
  }
}

const isUnder = (path: string, parent: string) => path.startsWith(`${parent}.`) || path.startsWith(`${parent}[`)

/** Empty means "leave the field out"; numbers stay numbers; text that is not a number stays text, so validation names it. */
function readValue(spec: FieldSpec, input: HTMLInputElement | HTMLSelectElement): unknown {
  const raw = input.value
  if (raw === '') return undefined
  if (spec.kind === 'number') return Number.isNaN(Number(raw)) ? raw : Number(raw)
  if (spec.kind === 'select' && spec.options?.every((o) => typeof o === 'number')) return Number(raw)
  return raw
}

function writeValue(input: HTMLInputElement | HTMLSelectElement, value: unknown): void {
  const text = value === undefined || value === null || typeof value === 'object' ? '' : String(value)
  if (input.value !== text) input.value = text
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag)
  if (className) node.className = className
  if (text !== undefined) node.textContent = text
  return node
}
