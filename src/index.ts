/**
 * Public API of the highlight engine.
 *
 *   const engine = createHighlightEngine({ pipeline })
 *   const { TaskId } = await engine.createHighlightTask(request)   // IMM CreateHighlightTask schema
 *   engine.on('progress', (e) => …)
 *   const info = await engine.waitForTask(TaskId)                    // IMM GetTask shape + Result
 */
export * from './contract/index.ts'
export { createTaskEngine } from './tasks/engine.ts'
export type { HighlightEngine, TaskEngineOptions, CreateTaskOptions } from './tasks/engine.ts'
export type { Pipeline, PipelineContext, StagePlan } from './tasks/pipeline.ts'
export type { ProgressEvent, StatusEvent, EngineEvents } from './tasks/events.ts'
export type { TaskStore } from './tasks/store.ts'
export { MemoryTaskStore } from './tasks/store.ts'
export { IndexedDbTaskStore } from './tasks/store-indexeddb.ts'
