/** The form view: one fieldset per group of form-fields.ts, list rows for transitions and effects. */
import type { DraftStore } from './draft-store.ts'
import { el, type FieldBinder } from './field-binder.ts'
import { FORM, type ListSpec } from './form-fields.ts'
import { getAt } from './request-draft.ts'

export class RequestForm {
  readonly #lists: { spec: ListSpec; container: HTMLElement; length: number }[] = []

  constructor(form: HTMLFormElement, private readonly store: DraftStore, private readonly binder: FieldBinder) {
    for (const group of FORM) {
      const fieldset = el('fieldset')
      fieldset.append(el('legend', '', group.legend))
      const fields = el('div', 'fields')
      for (const spec of group.fields) fields.append(binder.create(spec, spec.path))
      fieldset.append(fields)
      if (group.list) {
        const container = el('div', 'list-editor')
        container.dataset.path = group.list.path
        fieldset.append(container)
        this.#lists.push({ spec: group.list, container, length: -1 })
      }
      form.append(fieldset)
    }
    form.addEventListener('submit', (e) => e.preventDefault())
    this.refresh()
  }

  /** Rebuilds list rows whose count changed, then refreshes every input from the draft. */
  refresh(): void {
    for (const list of this.#lists) {
      const items = getAt(this.store.draft, list.spec.path)
      const length = Array.isArray(items) ? items.length : 0
      if (length !== list.length) this.#buildList(list, length)
    }
    this.binder.refresh()
  }

  #buildList(list: { spec: ListSpec; container: HTMLElement; length: number }, length: number): void {
    const { spec, container } = list
    list.length = length
    container.replaceChildren()
    for (let i = 0; i < length; i++) {
      const row = el('div', 'list-row')
      for (const field of spec.fields) row.append(this.binder.create(field, `${spec.path}[${i}].${field.path}`))
      const remove = el('button', '', 'Remove')
      remove.type = 'button'
      remove.addEventListener('click', () => {
        const items = [...(getAt(this.store.draft, spec.path) as unknown[])]
        items.splice(i, 1)
        this.store.set(spec.path, items, 'form')
      })
      row.append(remove)
      container.append(row)
    }
    const add = el('button', '', `Add ${spec.path.split('.').pop()!.replace(/s$/, '').toLowerCase()}`)
    add.type = 'button'
    add.disabled = length >= spec.max
    add.addEventListener('click', () => {
      const items = getAt(this.store.draft, spec.path)
      this.store.set(spec.path, [...(Array.isArray(items) ? items : []), spec.newItem()], 'form')
    })
    // An issue on the list itself (e.g. "must have at most 10 items") shows under its rows.
    container.append(add, this.binder.anchor(spec.path))
  }
}
