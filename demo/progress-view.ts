/**
 * One bar per pipeline stage of the running task, plus the whole task. Stage names are the local pipeline's
 * (resolve, probe, analyse, select, plan, render) or `cloud`; a bar appears when its stage first reports.
 */
import type { ProgressEvent } from '../src/index.ts'
import { el } from './field-binder.ts'

/** Stages a request goes through, shown up front so the user sees what is coming. */
export function expectedStages(type: string, cloud: boolean): string[] {
  if (cloud) return ['cloud']
  return type === 'Concat' ? ['resolve', 'probe', 'plan', 'render'] : ['resolve', 'probe', 'analyse', 'select', 'plan', 'render']
}

export class ProgressView {
  readonly #bars = new Map<string, { fill: HTMLElement; bar: HTMLElement; label: HTMLElement }>()

  constructor(private readonly root: HTMLElement) {}

  start(stages: string[]): void {
    this.root.replaceChildren()
    this.#bars.clear()
    for (const stage of ['task', ...stages]) this.#bar(stage)
  }

  update(event: ProgressEvent): void {
    this.#set(event.Stage, event.StageProgress)
    this.#set('task', event.Progress / 100)
    // Earlier stages are done once a later one reports.
    for (const [name] of this.#bars) {
      if (name === event.Stage) break
      if (name !== 'task') this.#set(name, 1)
    }
  }

  finish(succeeded: boolean): void {
    if (succeeded) for (const name of this.#bars.keys()) this.#set(name, 1)
  }

  #set(stage: string, fraction: number): void {
    const { fill, bar, label } = this.#bars.get(stage) ?? this.#bar(stage)
    const pct = Math.round(Math.min(1, Math.max(0, fraction)) * 100)
    fill.style.width = `${pct}%`
    bar.classList.toggle('done', pct >= 100)
    bar.setAttribute('aria-valuenow', String(pct))
    label.textContent = `${pct}%`
  }

  #bar(stage: string) {
    const name = el('span', '', stage === 'task' ? 'whole task' : stage)
    const bar = el('div', 'bar')
    bar.setAttribute('role', 'progressbar')
    bar.setAttribute('aria-label', stage)
    bar.dataset.stage = stage
    const fill = el('div')
    bar.append(fill)
    const label = el('span', '', '0%')
    this.root.append(name, bar, label)
    const entry = { fill, bar, label }
    this.#bars.set(stage, entry)
    return entry
  }
}
