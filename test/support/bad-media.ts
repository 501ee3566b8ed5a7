/**
 * Browser-side access to the bad-media corpus (test/fixtures/bad-media/make.sh, written before the browser tests by
 * test/support/bad-media-setup.ts) and small helpers shared by the reliability tests.
 */
import type { TaskInfo } from '../../src/contract/task.ts'
import type { HighlightEngine } from '../../src/tasks/engine.ts'

/** A file of the corpus, fetched from the dev server, named as on disk. */
export async function badMedia(name: string): Promise<File> {
  const response = await fetch(new URL(`../fixtures/bad-media/out/${name}`, import.meta.url))
  if (!response.ok) throw new Error(`bad-media/${name}: HTTP ${response.status} (did the globalSetup run make.sh?)`)
  return new File([await response.blob()], name)
}

/** Waits for a task, but never longer than `ms`: a task that hangs fails the test instead of the run. */
export async function settle(engine: HighlightEngine, taskId: string, ms: number): Promise<TaskInfo & { elapsedMs: number }> {
  const t0 = performance.now()
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`task ${taskId} did not end within ${ms} ms`)), ms)
  })
  try {
    const info = await Promise.race([engine.waitForTask(taskId), timeout])
    return { ...info, elapsedMs: Math.round(performance.now() - t0) }
  } finally {
    clearTimeout(timer)
  }
}
