/**
 * The demo page: wires the media list, the request form and its JSON twin, the plan preview, local renders,
 * cloud submission and the task list around one local engine (and a cloud engine once a proxy is set).
 */
import { HighlightError, type HighlightRequest, type ValidationIssue } from '../src/index.ts'
import { createHighlightEngine, type LocalHighlightEngine } from '../src/runtime/create-engine.ts'
import { sharedRunner } from '../src/render/ffmpeg-runner.ts'
import { createCharacterDetector, createSceneScorer, createSpeechDetector } from '../src/analysis/models/index.ts'
import { toCloudRequest } from './cloud-request.ts'
import { DraftStore, type ChangeOrigin } from './draft-store.ts'
import { el, FieldBinder } from './field-binder.ts'
import { JsonEditor } from './json-editor.ts'
import { MediaLibrary } from './media-library.ts'
import { enableOffline } from './offline.ts'
import { MediaView } from './media-view.ts'
import { PlanPreviewer, seedOf, type Detectors, type PlanPreview } from './plan-preview.ts'
import { expectedStages, ProgressView } from './progress-view.ts'
import { RequestForm } from './request-form.ts'
import { DEFAULT_OUTPUT_URI, sampleRequest, type Draft } from './request-draft.ts'
import { ResultView } from './result-view.ts'
import { TaskList } from './task-list.ts'
import { drawTimeline } from './timeline.ts'
import { Thumbnails } from './thumbnails.ts'
import { validateDraft, type Validation } from './validation.ts'

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T

// ---- engines: local always; cloud only after the user gives a proxy ----

let detectors: Promise<Detectors> | undefined
/** One set of model workers, shared by the plan preview and the engine (they never analyse at the same time). */
const sharedDetectors = () => (detectors ??= Promise.all([createCharacterDetector(), createSceneScorer(), createSpeechDetector()])
  .then(([character, scene, speech]) => ({ character, scene, speech })))

const engine: LocalHighlightEngine = createHighlightEngine({ engine: 'local', output: { overwrite: true }, detectors: sharedDetectors })
let cloud: { proxyURL: string; engine: LocalHighlightEngine } | undefined

// ---- state and views ----

const library = new MediaLibrary()
const store = new DraftStore({ ProjectName: 'demo', Type: 'Compose', Sources: [], Output: { URI: DEFAULT_OUTPUT_URI, Container: 'mp4' } })
const binder = new FieldBinder(store)
const form = new RequestForm($<HTMLFormElement>('request-form'), store, binder)
const json = new JsonEditor($<HTMLTextAreaElement>('json-editor'), store, () => onChange('json'))
const media = new MediaView($('media-list'), library, store, binder, (uri) => {
  library.remove(uri)
  media.syncDraft()
})
const previewer = new PlanPreviewer(sharedDetectors)
const thumbs = new Thumbnails()
const progress = new ProgressView($('progress'))
const result = new ResultView($('result-view'))
const tasks = new TaskList($('task-table').querySelector('tbody')!, {
  list: async () => (await engine.listTasks({ Sort: 'StartTime', Order: 'desc', MaxResults: 50 })).Tasks,
  open: (taskId) => void openTask(taskId),
  cancel: (taskId) => void cancelAnywhere(taskId),
})

let validation: Validation = { issues: [] }
let preview: PlanPreview | undefined
let running: { taskId: string; preview: PlanPreview | undefined } | undefined

/** Exposed for the e2e tests (they read what the page drew against what the engine did). */
const demo = {
  engine,
  get preview() { return preview },
  get running() { return running?.taskId },
  lastTaskId: undefined as string | undefined,
}
;(window as unknown as { demo: typeof demo }).demo = demo

store.subscribe(onChange)

function onChange(origin: ChangeOrigin): void {
  form.refresh()
  if (origin !== 'json') json.refresh()
  media.refresh()
  validation = validateDraft(store.draft, (uri) => library.has(uri))
  showIssues([...(json.parseIssue ? [json.parseIssue] : []), ...validation.issues])
  schedulePreview()
}

function showIssues(issues: ValidationIssue[]): void {
  binder.showIssues(issues)
  const list = $('issues')
  list.replaceChildren(...issues.map((issue) => {
    const li = el('li')
    li.dataset.code = issue.Code
    li.append(el('code', '', issue.Code), ` ${issue.Path}: ${issue.Message}`)
    return li
  }))
  $<HTMLButtonElement>('render-button').disabled = issues.length > 0 || running !== undefined
}

// ---- media ----

function addFiles(files: Iterable<File>): void {
  const refused = library.add(files)
  registerAll()
  media.syncDraft()
  if (refused.length > 0) alert(`Not added:\n${refused.join('\n')}`)
}

function registerAll(): void {
  for (const item of [...library.videos, ...(library.music ? [library.music] : [])]) engine.registerFile(item.uri, item.file)
}

const drop = $('drop-zone')
drop.addEventListener('dragover', (e) => {
  e.preventDefault()
  drop.classList.add('over')
})
drop.addEventListener('dragleave', () => drop.classList.remove('over'))
drop.addEventListener('drop', (e) => {
  e.preventDefault()
  drop.classList.remove('over')
  addFiles(e.dataTransfer?.files ?? [])
})
$<HTMLInputElement>('file-input').addEventListener('change', (e) => {
  const input = e.target as HTMLInputElement
  addFiles(input.files ?? [])
  input.value = ''
})
$('use-samples').addEventListener('click', async () => {
  await library.loadSamples()
  registerAll()
  store.replace(sampleRequest(library.videos.map((v) => v.name), library.music?.name) as Draft, 'load')
})

// ---- plan preview ----

let previewTimer: ReturnType<typeof setTimeout> | undefined
let previewRun: AbortController | undefined
const planStatus = $('plan-status')

function schedulePreview(): void {
  planStatus.dataset.state = 'pending'
  clearTimeout(previewTimer)
  previewTimer = setTimeout(() => void runPreview(), 250)
}

async function runPreview(): Promise<void> {
  previewRun?.abort()
  const request = validation.request
  if (!request) return setPlanStatus('The plan appears when the request is valid.')
  if (running) return setPlanStatus('The plan will update when the render ends.')
  const sources = request.Sources.map((s) => library.get(s.URI)?.file)
  if (sources.some((f) => !f)) return setPlanStatus('The plan preview needs every source in the page (local:// files).')
  const musicUri = request.Edit.BackgroundMusicMode !== 'Closed' ? request.Edit.BackgroundMusics[0]?.URI : undefined
  const controller = (previewRun = new AbortController())
  setPlanStatus(request.Type === 'Concat' ? 'Planning…' : 'Analysing the sources…')
  try {
    const next = await previewer.preview(request, {
      sources: sources as File[],
      ...(musicUri && library.get(musicUri) ? { music: library.get(musicUri)!.file } : {}),
    }, controller.signal, (f) => {
      if (!controller.signal.aborted) setPlanStatus(`Analysing the sources… ${Math.round(f * 100)}%`)
    })
    if (controller.signal.aborted) return
    preview = next
    showPlan(next, request)
  } catch (err) {
    if (controller.signal.aborted) return
    const e = HighlightError.from(err)
    setPlanStatus(`${e.Code}: ${e.Message}`, 'error')
  }
}

function showPlan(next: PlanPreview, request: HighlightRequest): void {
  const { plan } = next
  const cuts = plan.transitions.filter((t) => !t).length
  const video = plan.output.video
  setPlanStatus(`${plan.clips.length} clips · ${plan.duration.toFixed(1)} s · ${plan.transitions.length - cuts} transitions, ${cuts} cuts · ` +
    `${plan.clips.filter((c) => c.effect).length} effects · ${video ? `${video.width}x${video.height} ${video.codec}` : 'no video'} · ` +
    `${plan.output.container}${plan.output.segment ? ` ${plan.output.segment.format}` : ''}${plan.music ? ' · music' : ''} · seed ${next.seed}`, 'ready')
  planStatus.dataset.clips = String(plan.clips.length)
  drawTimeline($('timeline'), { preview: next, files: request.Sources.map((s) => library.get(s.URI)!.file), content: request.Highlight?.Content }, thumbs)
  $('plan-notes').replaceChildren(...plan.notes.map((n) => el('li', '', n)))
}

function setPlanStatus(message: string, state = 'pending'): void {
  planStatus.textContent = message
  planStatus.dataset.state = state
}

// ---- local render ----

const taskStatus = $('task-status')
const cancelButton = $<HTMLButtonElement>('cancel-button')

$('render-button').addEventListener('click', async () => {
  const request = validation.request
  if (!request) return
  previewer.stopAnalysis()
  try {
    const seed = seedOf(request)
    // A preview made for this exact request already analysed the sources: the task reuses that work.
    const analyses = preview?.seed === seed ? preview.analyses : undefined
    const { TaskId } = await engine.createHighlightTask(structuredClone(store.draft) as never, { seed, ...(analyses ? { analyses } : {}) })
    running = { taskId: TaskId, preview }
    demo.lastTaskId = TaskId
    progress.start(expectedStages(request.Type, false))
    result.clear('Rendering…')
    setTaskStatus(`${TaskId}: Running`, 'Running')
    cancelButton.disabled = false
    showIssues(validation.issues)
    tasks.refresh()
  } catch (err) {
    const e = HighlightError.from(err)
    showIssues([...e.Issues])
    setTaskStatus(`${e.Code}: ${e.Message}`, 'Failed')
  }
})

cancelButton.addEventListener('click', () => {
  if (running) void cancelAnywhere(running.taskId)
})

engine.on('progress', (event) => {
  if (event.TaskId === running?.taskId) progress.update(event)
  tasks.refresh()
})

engine.on('status', (event) => {
  tasks.refresh()
  if (event.TaskId !== running?.taskId || event.Status === 'Running') return
  running = undefined
  cancelButton.disabled = true
  progress.finish(event.Status === 'Succeeded')
  setTaskStatus(`${event.TaskId}: ${event.Status}${event.Code ? ` (${event.Code}: ${event.Message})` : ''}`, event.Status)
  showIssues(validation.issues)
  if (event.Status === 'Succeeded') void openTask(event.TaskId)
  else result.clear(event.Status === 'Cancelled' ? 'Cancelled: nothing was written.' : 'The render failed; see the status above.')
  schedulePreview()
})

function setTaskStatus(message: string, status: string): void {
  taskStatus.textContent = message
  taskStatus.dataset.status = status
}

async function openTask(taskId: string): Promise<void> {
  try {
    const task = await engine.getTask({ TaskId: taskId, RequestDefinition: true })
    const asked = JSON.parse(task.TaskRequestDefinition ?? '{}') as { Output?: { URI?: string } }
    await result.show(task, asked.Output?.URI ?? '')
    const plan = task.Result?.Plan as { clips?: unknown[] } | undefined
    $('result-view').dataset.planClips = String(plan?.clips?.length ?? '')
  } catch (err) {
    result.clear(`Cannot open ${taskId}: ${(err as Error).message}`)
  }
}

async function cancelAnywhere(taskId: string): Promise<void> {
  for (const owner of [engine, cloud?.engine]) {
    if (!owner) continue
    try {
      await owner.cancelTask({ TaskId: taskId })
      return
    } catch {
      // Not this engine's task: try the next.
    }
  }
}

// ---- cloud ----

const proxyInput = $<HTMLInputElement>('proxy-url')
const ossInput = $<HTMLInputElement>('oss-folder')
proxyInput.value = localStorage.getItem('demo.proxyURL') ?? ''
ossInput.value = localStorage.getItem('demo.ossFolder') ?? ''

$('cloud-button').addEventListener('click', async () => {
  const status = $('cloud-status')
  const proxyURL = proxyInput.value.trim()
  const folder = ossInput.value.trim()
  if (!proxyURL || !/^oss:\/\/[^/]+/.test(folder)) {
    status.textContent = 'Give the signing proxy URL and an OSS folder (oss://bucket/path/) that holds the same files.'
    return
  }
  localStorage.setItem('demo.proxyURL', proxyURL)
  localStorage.setItem('demo.ossFolder', folder)
  if (cloud?.proxyURL !== proxyURL) {
    await cloud?.engine.dispose()
    const next = createHighlightEngine({ engine: 'cloud', cloud: { proxyURL } })
    next.on('status', () => tasks.refresh())
    next.on('progress', () => tasks.refresh())
    cloud = { proxyURL, engine: next }
  }
  try {
    const { TaskId } = await cloud.engine.createHighlightTask(toCloudRequest(store.draft, folder) as never)
    status.textContent = `${TaskId} sent to IMM through ${proxyURL}; follow it in the task list.`
    tasks.refresh()
  } catch (err) {
    const e = HighlightError.from(err)
    status.textContent = `${e.Code}: ${e.Message}`
  }
})

// ---- start ----

/** Loads, once, what a render needs but the page has not fetched yet, so it passes through the offline cache. */
async function warmForOffline(): Promise<void> {
  await sharedRunner().use(async () => undefined)
  await sharedDetectors()
}

void enableOffline($('offline-status'), crossOriginIsolated, warmForOffline).catch((err: Error) => {
  $('offline-status').textContent += ` · offline cache failed: ${err.message}`
})
onChange('load')
tasks.refresh()
