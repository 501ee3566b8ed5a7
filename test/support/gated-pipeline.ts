/**
 * A pipeline whose tasks wait at a gate the test opens, so the engine's state machine (queue, progress,
 * cancel, failure, recovery) can be driven step by step. The real pipeline is tested in the browser suite.
 */
import type { Pipeline } from '../../src/tasks/pipeline.ts'
import type { HighlightResult } from '../../src/contract/task.ts'

export function gatedPipeline() {
  const gates = new Map<string, { open: () => void; fail: (err: unknown) => void }>()
  const startWaiters = new Map<string, () => void>()
  const started: string[] = []
  const cleaned: string[] = []

  const pipeline: Pipeline = {
    stages: () => [
      { name: 'analyse', weight: 1 },
      { name: 'render', weight: 3 },
    ],
    async run(ctx): Promise<HighlightResult> {
      started.push(ctx.taskId)
      ctx.place({ Engine: 'local', Reason: 'gated test pipeline' })
      ctx.progress('analyse', 1)
      ctx.progress('render', 0.5)
      startWaiters.get(ctx.taskId)?.()
      await new Promise<void>((open, fail) => {
        gates.set(ctx.taskId, { open, fail })
        ctx.signal.addEventListener('abort', () => fail(ctx.signal.reason), { once: true })
      })
      ctx.progress('render', 1)
      return { Outputs: [{ URI: ctx.request.Output.URI, Size: 1234, Duration: 3 }], Segments: [], Timings: [{ Stage: 'render', Milliseconds: 1 }] }
    },
    async cleanup(task) {
      cleaned.push(task.TaskId)
    },
  }

  return {
    pipeline,
    started,
    cleaned,
    /** Resolves once the task has reached its gate. */
    reached(taskId: string): Promise<void> {
      if (gates.has(taskId)) return Promise.resolve()
      return new Promise((resolve) => startWaiters.set(taskId, resolve))
    },
    open(taskId: string) {
      gates.get(taskId)!.open()
    },
    fail(taskId: string, err: unknown) {
      gates.get(taskId)!.fail(err)
    },
  }
}
