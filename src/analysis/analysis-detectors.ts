/**
 * The real model workers for analyseSources, made in one call (each factory starts its own worker).
 * Failing models are left out with the reason, so analysis still runs on what is there.
 */
import { createCharacterDetector, createSceneScorer, createSpeechDetector } from './models/index.ts'
import type { AnalyseDetectors } from './analyse.ts'

export interface AnalysisDetectors extends AnalyseDetectors {
  /** Why a model is missing, by name. */
  unavailable: Record<string, string>
  dispose(): Promise<void>
}

export async function createAnalysisDetectors(which: { character?: boolean; scene?: boolean; speech?: boolean } = {}): Promise<AnalysisDetectors> {
  const want = { character: true, scene: false, speech: true, ...which }
  const unavailable: Record<string, string> = {}
  const start = <T>(name: string, on: boolean, make: () => Promise<T>): Promise<T | undefined> =>
    on ? make().catch((err: unknown) => { unavailable[name] = err instanceof Error ? err.message : String(err); return undefined }) : Promise.resolve(undefined)
  const [character, scene, speech] = await Promise.all([
    start('character', want.character, () => createCharacterDetector()),
    start('scene', want.scene, () => createSceneScorer()),
    start('speech', want.speech, () => createSpeechDetector()),
  ])
  return {
    ...(character ? { character } : {}),
    ...(scene ? { scene } : {}),
    ...(speech ? { speech } : {}),
    unavailable,
    dispose: async () => { await Promise.all([character?.dispose(), scene?.dispose(), speech?.dispose()]) },
  }
}
