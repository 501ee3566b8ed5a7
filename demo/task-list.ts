/**
 * The tasks of this origin, local and cloud, newest first, from the engine's task store (IndexedDB, so the
 * list survives a reload). Running tasks of this page can be cancelled; finished local ones reopened.
 */
import type { ListTasksResponse } from '../src/index.ts'
import { el } from './field-binder.ts'

type Row = ListTasksResponse['Tasks'][number]

export interface TaskListActions {
  list(): Promise<Row[]>
  open(taskId: string): void
  cancel(taskId: string): void
}

export class TaskList {
  #pending = false

  constructor(private readonly body: HTMLTableSectionElement, private readonly actions: TaskListActions) {}

  /** Redraws, at most once per animation frame however often it is asked. */
  refresh(): void {
    if (this.#pending) return
    this.#pending = true
    requestAnimationFrame(() => {
      this.#pending = false
      void this.actions.list().then((rows) => this.#draw(rows))
    })
  }

  #draw(rows: Row[]): void {
    this.body.replaceChildren(...rows.map((task) => {
      const tr = el('tr')
      tr.dataset.taskId = task.TaskId
      tr.dataset.status = task.Status
      const status = el('td', `status-${task.Status}`, task.Status)
      if (task.Code) status.append(el('div', 'message', `${task.Code}: ${task.Message ?? ''}`))
      const where = el('td', '', task.Placement.Engine)
      where.title = task.Placement.Reason + (task.Placement.CloudTaskId ? ` (IMM ${task.Placement.CloudTaskId})` : '')
      const actions = el('td')
      if (task.Status === 'Running') actions.append(button('Cancel', () => this.actions.cancel(task.TaskId)))
      if (task.Status === 'Succeeded' && task.Placement.Engine === 'local') actions.append(button('Open', () => this.actions.open(task.TaskId)))
      const id = el('td', '', task.TaskId.replace(/^Highlight-/, '').slice(0, 8))
      id.title = task.TaskId
      tr.append(id, where, status, el('td', '', `${task.Progress}%`), el('td', '', new Date(task.StartTime).toLocaleTimeString()),
        el('td', '', task.UserData ?? ''), actions)
      return tr
    }))
  }
}

function button(label: string, onClick: () => void): HTMLButtonElement {
  const b = el('button', '', label)
  b.type = 'button'
  b.addEventListener('click', onClick)
  return b
}
