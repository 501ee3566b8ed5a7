/**
 * Public API of the highlight engine.
 *
 *   const engine = createHighlightEngine({ files: { 'local://a.mp4': file } })
 *   const { TaskId } = await engine.createHighlightTask(request)     // IMM CreateHighlightTask schema
 *   engine.on('progress', (e) => …)
 *   const info = await engine.waitForTask(TaskId)                      // IMM GetTask shape + Result
 */
export * from './contract/index.ts'
export { createHighlightEngine } from './runtime/create-engine.ts'
export type { HighlightEngineOptions, LocalHighlightEngine, DetectorFactory } from './runtime/create-engine.ts'
export { createLocalPipeline, type LocalPipelineOptions } from './runtime/local-pipeline.ts'
export { createPlacingPipeline, type PlacingPipelineOptions } from './runtime/placing-pipeline.ts'
export { createTaskEngine } from './tasks/engine.ts'
export type { HighlightEngine, TaskEngineOptions, CreateTaskOptions } from './tasks/engine.ts'
export type { Pipeline, PipelineContext, StagePlan } from './tasks/pipeline.ts'
export type { ProgressEvent, StatusEvent, EngineEvents } from './tasks/events.ts'
export { MemoryTaskStore, type TaskStore } from './tasks/store.ts'
export { IndexedDbTaskStore } from './tasks/store-indexeddb.ts'
export { InputResolver, type UserResolver } from './io/inputs.ts'
export { memorySink, opfsSink, callbackSink, type OutputSink, type OutputCallback } from './io/outputs.ts'
export { buildEditPlan } from './edit/plan.ts'
export type { EditDecisionList } from './edit/edl.ts'
export { createImmClient, type CloudSettings, type ImmClient } from './cloud/client.ts'
