/** Running mean of milliseconds per frame, per model (what `timings()` of every detector reports). */
export class Timings {
  private readonly totals = new Map<string, { ms: number; frames: number }>()

  add(model: string, ms: number, frames = 1): void {
    const t = this.totals.get(model) ?? { ms: 0, frames: 0 }
    t.ms += ms
    t.frames += frames
    this.totals.set(model, t)
  }

  /** Times `fn` and records it for `model` over `frames` frames. */
  async time<T>(model: string, frames: number, fn: () => Promise<T>): Promise<T> {
    const start = performance.now()
    try {
      return await fn()
    } finally {
      this.add(model, performance.now() - start, frames)
    }
  }

  means(): Record<string, number> {
    const out: Record<string, number> = {}
    for (const [model, t] of this.totals) if (t.frames > 0) out[model] = t.ms / t.frames
    return out
  }
}
