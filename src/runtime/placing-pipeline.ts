/**
 * Chooses where a task runs (src/cloud/placement.ts) and runs it there: the local pipeline, or the same
 * request on IMM followed to its end. Under `auto`, a local run that fails because the browser cannot do the
 * job (a capability error) goes to the cloud when cloud settings exist.
 */
import { HighlightError } from '../contract/errors.ts'
import type { HighlightRequest } from '../contract/schema.ts'
import type { HighlightResult } from '../contract/task.ts'
import type { Pipeline, PipelineContext, StagePlan } from '../tasks/pipeline.ts'
import { decidePlacement, placementAfterLocalFailure, type Engine, type Placement } from '../cloud/placement.ts'
import { runCloudTask } from '../cloud/cloud-runner.ts'
import type { ImmClient } from '../cloud/client.ts'

export interface PlacingPipelineOptions {
  engine: Engine
  local: Pipeline
  /** Absent when no cloud settings are configured. */
  cloud?: ImmClient
  /** True when a local resolver can read this URI. */
  canResolve(uri: string): boolean
  pollIntervalMs?: number
}

export function createPlacingPipeline(options: PlacingPipelineOptions): Pipeline {
  const decide = (req: HighlightRequest) =>
    decidePlacement(req, { engine: options.engine, canResolve: options.canResolve, cloudConfigured: options.cloud !== undefined })

  return {
    stages(req): StagePlan[] {
      const placement = decide(req)
      if (placement instanceof HighlightError) return options.local.stages(req)
      if (placement.engine === 'cloud') return [{ name: 'cloud', weight: 1 }]
      // Under auto a failed local run may move to the cloud: keep a share of the bar for it.
      const fallback = options.engine === 'auto' && options.cloud !== undefined
      return [...options.local.stages(req), ...(fallback ? [{ name: 'cloud', weight: 10 }] : [])]
    },

    async run(ctx: PipelineContext): Promise<HighlightResult> {
      const placement = decide(ctx.request)
      if (placement instanceof HighlightError) throw placement
      if (placement.engine === 'cloud') return runInCloud(ctx, placement)
      try {
        ctx.place({ Engine: 'local', Reason: placement.reason })
        // The placement's reason (why local) is the one to keep; the local pipeline's own is generic.
        return await options.local.run({ ...ctx, place: () => {} })
      } catch (err) {
        if (ctx.signal.aborted) throw err
        const fallback = placementAfterLocalFailure(ctx.request, err, { engine: options.engine, cloudConfigured: options.cloud !== undefined })
        if (!fallback) throw err
        await options.local.cleanup?.({ TaskId: ctx.taskId, Request: ctx.input })
        return runInCloud(ctx, fallback)
      }
    },

    cleanup: (task) => options.local.cleanup?.(task) ?? Promise.resolve(),
  }

  async function runInCloud(ctx: PipelineContext, placement: Placement): Promise<HighlightResult> {
    const client = options.cloud!
    const t0 = performance.now()
    ctx.place({ Engine: 'cloud', Reason: placement.reason })
    const info = await runCloudTask(client, ctx.input, {
      signal: ctx.signal,
      ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
      onUpdate(update) {
        ctx.progress('cloud', update.Progress / 100)
        if (update.CloudTaskId) ctx.place({ Engine: 'cloud', Reason: placement.reason, CloudTaskId: update.CloudTaskId })
      },
    })
    if (info.Status === 'Cancelled') throw new HighlightError('TaskCancelled', info.Message ?? 'Cancelled')
    if (info.Status !== 'Succeeded') throw new HighlightError(info.Code ?? 'InternalError', info.Message ?? 'The IMM task failed')
    return {
      // IMM writes the output to OSS; its size is not reported by GetTask.
      Outputs: [{ URI: ctx.request.Output.URI, Size: 0 }],
      Segments: [],
      Timings: [{ Stage: 'cloud', Milliseconds: Math.round(performance.now() - t0) }],
      Details: { Cloud: info },
    }
  }
}
