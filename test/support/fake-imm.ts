/**
 * A fake IMM endpoint for tests: a Node http server on 127.0.0.1 (random port) that checks every
 * request the way the POP gateway does, then answers CreateHighlightTask, GetTask and ListTasks.
 *
 * Signatures are recomputed with `@alicloud/openapi-core`'s own `getAuthorization` (the official
 * SDK, not the project's signer), the payload hash with node:crypto. Nonces may not repeat and
 * `x-acs-date` may be at most 15 minutes off.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { createHash, randomUUID } from 'node:crypto'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { parseRequest } from '../../src/contract/validate.ts'
import { HighlightError } from '../../src/contract/errors.ts'

// ---- the oracle: the official SDK's V3 signer ----

interface SdkRequest { method?: string; pathname?: string; query: Record<string, string>; headers: Record<string, string> }
interface SdkUtil {
  getAuthorization(req: SdkRequest, algorithm: string, hashedPayload: string, accessKeyId: string, secret: string): string
  toForm(fields: Record<string, unknown>): string
}
const require = createRequire(import.meta.url)
const sdkUtil = (require('@alicloud/openapi-core/dist/utils.js') as { default: SdkUtil }).default

/** `Authorization` as `@alicloud/openapi-core` 1.0.8 computes it. */
export function sdkAuthorization(req: SdkRequest, hashedPayload: string, accessKeyId: string, accessKeySecret: string): string {
  return sdkUtil.getAuthorization(req, 'ACS3-HMAC-SHA256', hashedPayload, accessKeyId, accessKeySecret)
}

/** A form body as `@alicloud/openapi-core` encodes it (`toForm`, Node querystring underneath). */
export function sdkToForm(fields: Record<string, unknown>): string {
  return sdkUtil.toForm(fields)
}

export function nodeSha256Hex(body: string | Uint8Array): string {
  return createHash('sha256').update(body).digest('hex')
}

// ---- the fake server ----

export type FakeOutcome = { Status: 'Succeeded' } | { Status: 'Failed'; Code: string; Message: string }

export interface FakeImmScript {
  /** GetTask answers `Running` this many times before the outcome (default 1). */
  runningPolls?: number
  /** How tasks end (default Succeeded). */
  outcome?: FakeOutcome
  /** Forced answers for the next requests that pass the signature check, used up in order (e.g. 503s). */
  respond?: { status: number; Code: string; Message?: string; headers?: Record<string, string> }[]
  /** Largest accepted clock difference in ms (default 15 minutes). */
  maxSkewMs?: number
}

export interface FakeImmOptions {
  accessKeyId: string
  accessKeySecret: string
  /** When set, requests must carry this STS token (`x-acs-security-token`). */
  securityToken?: string
  script?: FakeImmScript
}

export interface RecordedRequest {
  method: string
  path: string
  query: Record<string, string>
  /** As received (Node lowercases names). */
  headers: Record<string, string>
  body: string
  action?: string
  /** Decoded form fields (CreateHighlightTask). */
  form?: Record<string, string>
  status: number
  /** Error Code answered, when the request failed. */
  Code?: string
}

export interface FakeTask {
  TaskId: string
  EventId: string
  ProjectName: string
  polls: number
  outcome: FakeOutcome
  runningPolls: number
  StartTime: string
  EndTime?: string
  Tags?: Record<string, unknown>
  UserData?: string
  /** The request as parsed by the contract (what IMM would run). */
  request: unknown
}

export interface FakeImm {
  /** `http://127.0.0.1:<port>` */
  url: string
  requests: RecordedRequest[]
  tasks: Map<string, FakeTask>
  setBehaviour(script: FakeImmScript): void
  close(): Promise<void>
}

const VERSION = '2020-09-30'
const ACS_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/
const AUTHORIZATION = /^ACS3-HMAC-SHA256 Credential=([^,]*),SignedHeaders=([^,]*),Signature=([0-9a-f]{64})$/

class ApiError extends Error {
  constructor(readonly status: number, readonly Code: string, readonly Msg: string) {
    super(`${Code}: ${Msg}`)
  }
}

export async function startFakeImm(options: FakeImmOptions): Promise<FakeImm> {
  let script: Required<Omit<FakeImmScript, 'respond'>> & Pick<FakeImmScript, 'respond'> = {
    runningPolls: 1, outcome: { Status: 'Succeeded' }, maxSkewMs: 15 * 60_000, ...options.script,
  }
  const nonces = new Set<string>()
  const requests: RecordedRequest[] = []
  const tasks = new Map<string, FakeTask>()
  let host = ''

  const server = createServer((req, res) => {
    void handle(req, res)
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const bodyBytes = Buffer.concat(chunks)
    const url = new URL(req.url ?? '/', 'http://fake')
    const record: RecordedRequest = {
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: flatHeaders(req),
      body: bodyBytes.toString('utf8'),
      status: 200,
    }
    requests.push(record)
    const requestId = randomUUID().toUpperCase()
    try {
      record.action = verify(record, bodyBytes)
      const forced = script.respond?.shift()
      if (forced) {
        record.status = forced.status
        record.Code = forced.Code
        send(res, forced.status, errorBody(requestId, forced.Code, forced.Message ?? forced.Code), forced.headers)
        return
      }
      send(res, 200, { RequestId: requestId, ...dispatch(record) })
    } catch (err) {
      const e = err instanceof ApiError ? err
        : err instanceof HighlightError ? new ApiError(400, err.Code, err.Message)
        : new ApiError(500, 'InternalError', String(err))
      record.status = e.status
      record.Code = e.Code
      send(res, e.status, errorBody(requestId, e.Code, e.Msg))
    }
  }

  /** The gateway's checks, in its order. Returns the action. */
  function verify(r: RecordedRequest, body: Buffer): string {
    const h = r.headers
    const auth = AUTHORIZATION.exec(h.authorization ?? '')
    if (!auth) throw new ApiError(400, 'IncompleteSignature', 'The request signature does not conform to Aliyun standards.')
    if (auth[1] !== options.accessKeyId) throw new ApiError(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.')
    const date = h['x-acs-date'] ?? ''
    if (!ACS_DATE.test(date) || Number.isNaN(Date.parse(date))) {
      throw new ApiError(400, 'InvalidTimeStamp.Format', `Specified time stamp or date value is not well formatted: ${date}`)
    }
    if (Math.abs(Date.now() - Date.parse(date)) > script.maxSkewMs) {
      throw new ApiError(400, 'InvalidTimeStamp.Expired', `Specified time stamp or date value is expired: ${date}`)
    }
    const nonce = h['x-acs-signature-nonce']
    if (!nonce) throw new ApiError(400, 'MissingSignatureNonce', 'SignatureNonce is mandatory for this action.')
    if (nonces.has(nonce)) throw new ApiError(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.')
    nonces.add(nonce)
    const payloadHash = nodeSha256Hex(body)
    if (h['x-acs-content-sha256'] !== payloadHash) {
      throw new ApiError(400, 'SignatureDoesNotMatch', 'x-acs-content-sha256 does not match the body')
    }
    if (h.host !== host) throw new ApiError(400, 'SignatureDoesNotMatch', `host ${h.host} is not ${host}`)
    if (options.securityToken !== undefined &&
      (h['x-acs-security-token'] !== options.securityToken || h['x-acs-accesskey-id'] !== options.accessKeyId)) {
      throw new ApiError(400, 'InvalidSecurityToken.Mismatch', 'Specified SecurityToken is invalid.')
    }
    const expected = sdkAuthorization({ method: r.method, pathname: r.path, query: r.query, headers: h },
      payloadHash, options.accessKeyId, options.accessKeySecret)
    if (expected !== h.authorization) {
      throw new ApiError(400, 'SignatureDoesNotMatch', 'Specified signature does not match our calculation.')
    }
    if (h['x-acs-version'] !== VERSION || !Object.hasOwn(HANDLERS, h['x-acs-action'] ?? '')) {
      throw new ApiError(404, 'InvalidApi.NotFound', `Specified api is not found, please check your url and method: ${h['x-acs-action']}`)
    }
    return h['x-acs-action']!
  }

  const HANDLERS: Record<string, (r: RecordedRequest) => Record<string, unknown>> = {
    CreateHighlightTask(r) {
      if (r.method !== 'POST') throw new ApiError(400, 'InvalidArgument', 'CreateHighlightTask is a POST')
      if (r.headers['content-type'] !== 'application/x-www-form-urlencoded') {
        throw new ApiError(400, 'InvalidArgument', `content-type ${r.headers['content-type']} is not a form`)
      }
      const form = Object.fromEntries(new URLSearchParams(r.body))
      r.form = form
      if ('ProjectName' in form) throw new ApiError(400, 'InvalidArgument', 'ProjectName belongs in the query')
      if (!r.query.ProjectName) throw new ApiError(400, 'MissingProjectName', 'ProjectName is mandatory for this action.')
      const request = parseRequest({ ProjectName: r.query.ProjectName, ...form })
      const task: FakeTask = {
        TaskId: `Highlight-${randomUUID()}`,
        EventId: `0ED-${randomUUID().replace(/-/g, '').slice(0, 24)}`,
        ProjectName: request.ProjectName,
        polls: 0,
        outcome: script.outcome,
        runningPolls: script.runningPolls,
        StartTime: new Date().toISOString(),
        ...(request.Tags ? { Tags: request.Tags } : {}),
        ...(request.UserData !== undefined ? { UserData: request.UserData } : {}),
        request,
      }
      tasks.set(task.TaskId, task)
      return { TaskId: task.TaskId, EventId: task.EventId }
    },
    GetTask(r) {
      const task = findTask(r.query)
      task.polls += 1
      return taskInfo(task, true)
    },
    ListTasks(r) {
      if (!r.query.ProjectName) throw new ApiError(400, 'MissingProjectName', 'ProjectName is mandatory for this action.')
      const types = r.query.TaskTypes ? (JSON.parse(r.query.TaskTypes) as string[]) : undefined
      const listed = [...tasks.values()]
        .filter((t) => t.ProjectName === r.query.ProjectName && (!types || types.includes('Highlight')))
        .map((t) => taskInfo(t, false))
        .filter((t) => !r.query.Status || t.Status === r.query.Status)
      return { ProjectName: r.query.ProjectName, Tasks: listed, NextToken: '', MaxResults: String(r.query.MaxResults ?? 100) }
    },
  }

  function dispatch(r: RecordedRequest): Record<string, unknown> {
    return HANDLERS[r.action!]!(r)
  }

  function findTask(query: Record<string, string>): FakeTask {
    for (const name of ['ProjectName', 'TaskId', 'TaskType']) {
      if (!query[name]) throw new ApiError(400, `Missing${name}`, `${name} is mandatory for this action.`)
    }
    const task = tasks.get(query.TaskId!)
    if (!task || task.ProjectName !== query.ProjectName || query.TaskType !== 'Highlight') {
      throw new ApiError(404, 'ResourceNotFound', `The specified resource TaskId is not found: ${query.TaskId}`)
    }
    return task
  }

  /** GetTask's answer; `advance` is false for ListTasks, which only reports. */
  function taskInfo(task: FakeTask, advance: boolean): Record<string, unknown> & { Status: string } {
    const done = task.polls > task.runningPolls
    if (done && advance && !task.EndTime) task.EndTime = new Date().toISOString()
    const base = {
      ProjectName: task.ProjectName, EventId: task.EventId, TaskId: task.TaskId, TaskType: 'Highlight',
      StartTime: task.StartTime, ...(task.Tags ? { Tags: task.Tags } : {}), ...(task.UserData !== undefined ? { UserData: task.UserData } : {}),
    }
    if (!done) {
      return { ...base, Status: 'Running', Progress: Math.round((100 * task.polls) / (task.runningPolls + 1)) }
    }
    const failed = task.outcome.Status === 'Failed' ? task.outcome : undefined
    return {
      ...base, Status: task.outcome.Status, Progress: 100, EndTime: task.EndTime ?? new Date().toISOString(),
      ...(failed ? { Code: failed.Code, Message: failed.Message } : {}),
    }
  }

  function errorBody(RequestId: string, Code: string, Message: string) {
    return {
      RequestId, HostId: host, Code, Message,
      Recommend: `https://next.api.aliyun.com/troubleshoot?q=${encodeURIComponent(Code)}&product=imm`,
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  host = `127.0.0.1:${port}`
  return {
    url: `http://${host}`,
    requests,
    tasks,
    setBehaviour(next) {
      script = { ...script, ...next }
    },
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections()
      server.close((err) => (err ? reject(err) : resolve()))
    }),
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers })
  res.end(text)
}

/** Headers as one string per name (a repeated header joined with `,`). */
function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(',') : value
  }
  return out
}
