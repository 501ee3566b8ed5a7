/** Model workers behind the interfaces of ../detectors.ts, and the pure pre/post-processing they use. */
export { createCharacterDetector, type CharacterDetectorOptions } from './character.ts'
export { createSceneScorer } from './scene.ts'
export { createSpeechDetector } from './speech.ts'
export type { WorkerOptions } from './worker-host.ts'
export { FACE_MODELS, type FaceModelName } from './blazeface.ts'
export { OBJECT_CLASSES } from './nanodet.ts'
export { QUALITY_MAPS, mapQuality, type QualityFeatures } from './scene-quality.ts'
export { speechSegments, VAD_SAMPLE_RATE, VAD_WINDOW, VAD_SPEECH_THRESHOLD } from './vad.ts'
