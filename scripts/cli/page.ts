/**
 * The page the CLI drives: it runs one request on the engine in this browser. Local files reach it as
 * same-origin URLs served by the CLI; outputs go back by POST to the CLI, which writes them under --out.
 */
import { createHighlightEngine, type HighlightEngineOptions } from '../../src/runtime/create-engine.ts'
import { MemoryTaskStore } from '../../src/tasks/store.ts'
import type { HighlightRequestInput, ProgressEvent, TaskInfo } from '../../src/index.ts'

export interface CliJob {
  request: HighlightRequestInput
  seed?: number
  /** URIs of the request that are local files, and the URL the CLI serves each one at. */
  inputs: { uri: string; url: string }[]
  engine?: HighlightEngineOptions['engine']
  cloud?: HighlightEngineOptions['cloud']
  /** Time between IMM GetTask calls for a cloud task. */
  pollIntervalMs?: number
}

declare global {
  interface Window {
    runHighlight(job: CliJob): Promise<TaskInfo>
    cliProgress?(event: ProgressEvent): void
  }
}

window.runHighlight = async (job) => {
  const files: Record<string, Blob> = {}
  for (const { uri, url } of job.inputs) {
    const response = await fetch(url)
    if (!response.ok) throw new Error(`cannot read ${uri}: HTTP ${response.status}`)
    files[uri] = await response.blob()
  }
  const engine = createHighlightEngine({
    store: new MemoryTaskStore(),
    files,
    ...(job.engine ? { engine: job.engine } : {}),
    ...(job.cloud ? { cloud: job.cloud } : {}),
    ...(job.pollIntervalMs ? { pollIntervalMs: job.pollIntervalMs } : {}),
  })
  engine.on('progress', (e) => window.cliProgress?.(e))
  try {
    const { TaskId } = await engine.createHighlightTask(job.request, job.seed !== undefined ? { seed: job.seed } : {})
    const info = await engine.waitForTask(TaskId)
    const full = await engine.getTask({ TaskId, RequestDefinition: false })
    for (const output of full.Result?.Outputs ?? []) {
      if (!output.Blob) continue
      const response = await fetch(`/__cli/out?uri=${encodeURIComponent(output.URI)}`, { method: 'POST', body: output.Blob })
      if (!response.ok) throw new Error(`could not hand ${output.URI} to the CLI: HTTP ${response.status}`)
    }
    // Blobs do not cross into Node; sizes and URIs do.
    const outputs = full.Result?.Outputs.map(({ Blob: _b, ...rest }) => rest)
    return { ...info, ...(full.Result ? { Result: { ...full.Result, Outputs: outputs ?? [] } } : {}) }
  } finally {
    await engine.dispose()
  }
}
