/**
 * Where a task runs: in the browser or on IMM (pure; no I/O).
 *
 * - `local`: always in the browser; nothing leaves the machine, whatever the request says.
 * - `cloud`: always on IMM; needs cloud settings and oss:// URIs (IMM reads and writes only OSS).
 * - `auto`: in the browser unless a capability check says it cannot run there (a source without a
 *   local resolver, a codec nothing local decodes, input over the memory budget) or the local run
 *   fails with a capability error; then on IMM when cloud settings exist, else a clear error.
 */
import { HighlightError, isErrorLike, type ErrorCode } from '../contract/errors.ts'
import type { HighlightRequest } from '../contract/schema.ts'

export type Engine = 'local' | 'cloud' | 'auto'

export interface Placement {
  engine: 'local' | 'cloud'
  /** One sentence for the task record (TaskPlacement.Reason). */
  reason: string
}

export interface PlacementEnv {
  engine: Engine
  /** True when a local resolver can read this URI. */
  canResolve(uri: string): boolean
  cloudConfigured: boolean
  memoryBudgetBytes?: number
  inputBytes?: number
  /** Codecs of the sources that neither WebCodecs nor ffmpeg.wasm decodes (from a probe). */
  undecodable?: string[]
}

/** One reason the browser cannot run a request, found by a check of the table below. */
interface Blocker {
  code: ErrorCode
  reason: string
}

interface CapabilityCheck {
  id: string
  code: ErrorCode
  reasons(request: HighlightRequest, env: PlacementEnv): string[]
}

/** What the browser must be able to do; each row is one check. */
export const LOCAL_CHECKS: readonly CapabilityCheck[] = [
  {
    id: 'resolver',
    code: 'UnsupportedCapability',
    reasons: (request, env) => mediaURIs(request).filter(({ uri }) => !env.canResolve(uri))
      .map(({ path, uri }) => `${path} ${uri} has no local resolver`),
  },
  {
    id: 'codec',
    code: 'InvalidMedia',
    reasons: (_request, env) => (env.undecodable ?? []).map((codec) => `codec ${codec} is decoded by neither WebCodecs nor ffmpeg.wasm`),
  },
  {
    id: 'memory',
    code: 'QuotaExceeded',
    reasons: (_request, env) => env.inputBytes !== undefined && env.memoryBudgetBytes !== undefined && env.inputBytes > env.memoryBudgetBytes
      ? [`the input (${mebibytes(env.inputBytes)}) is larger than the memory budget (${mebibytes(env.memoryBudgetBytes)})`]
      : [],
  },
]

/** Error codes of a local run that mean "the browser cannot", not "the request is wrong". */
export const CAPABILITY_CODES: ReadonlySet<string> = new Set(['UnsupportedCapability', 'InvalidMedia', 'QuotaExceeded'])

export function isCapabilityError(err: unknown): boolean {
  return isErrorLike(err) && CAPABILITY_CODES.has(err.Code)
}

export function decidePlacement(request: HighlightRequest, env: PlacementEnv): Placement | HighlightError {
  if (env.engine === 'local') return { engine: 'local', reason: "engine 'local' was asked for; nothing is sent to the cloud" }
  if (env.engine === 'cloud') {
    return cloudOrError(request, env, "engine 'cloud' was asked for", () =>
      new HighlightError('CloudNotConfigured', "engine 'cloud' needs cloud settings (an endpoint or region with credentials, a signer, or a signing proxy)"))
  }
  const blockers = localBlockers(request, env)
  if (blockers.length === 0) return { engine: 'local', reason: 'the browser can run it (auto)' }
  const why = blockers.map((b) => b.reason).join('; ')
  return cloudOrError(request, env, `auto: the browser cannot run it: ${why}`, () =>
    new HighlightError(blockers[0]!.code, `The browser cannot run this task (${why}) and no cloud settings are configured to fall back to (engine 'auto')`))
}

/**
 * After a local run failed under `auto`: the cloud placement when the failure is a capability error
 * and the cloud can take the request; undefined when the local error should stand.
 */
export function placementAfterLocalFailure(request: HighlightRequest, err: unknown, env: Pick<PlacementEnv, 'engine' | 'cloudConfigured'>): Placement | undefined {
  if (env.engine !== 'auto' || !env.cloudConfigured || !isCapabilityError(err)) return undefined
  if (cloudBlockers(request).length > 0) return undefined
  const { Code, Message } = err as { Code: string; Message: string }
  return { engine: 'cloud', reason: `auto: the local run failed with ${Code}: ${Message}` }
}

function cloudOrError(request: HighlightRequest, env: PlacementEnv, reason: string, notConfigured: () => HighlightError): Placement | HighlightError {
  if (!env.cloudConfigured) return notConfigured()
  const blockers = cloudBlockers(request)
  if (blockers.length > 0) {
    return new HighlightError('InvalidArgument', `IMM reads and writes only oss:// URIs: ${blockers.join('; ')} (${reason})`)
  }
  return { engine: 'cloud', reason }
}

function localBlockers(request: HighlightRequest, env: PlacementEnv): Blocker[] {
  return LOCAL_CHECKS.flatMap((check) => check.reasons(request, env).map((reason) => ({ code: check.code, reason })))
}

/** URIs IMM could not use. */
function cloudBlockers(request: HighlightRequest): string[] {
  const uris = [...mediaURIs(request), { path: 'Output.URI', uri: request.Output.URI }]
  return uris.filter(({ uri }) => !uri.startsWith('oss://')).map(({ path, uri }) => `${path} is ${uri}`)
}

/** Every media URI the task reads, with its field path. */
function mediaURIs(request: HighlightRequest): { path: string; uri: string }[] {
  return [
    ...request.Sources.map((s, i) => ({ path: `Sources[${i}].URI`, uri: s.URI })),
    ...request.Edit.BackgroundMusics.map((m, i) => ({ path: `Edit.BackgroundMusics[${i}].URI`, uri: m.URI })),
  ]
}

function mebibytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`
}
