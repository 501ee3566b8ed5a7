/**
 * Validation and normalisation of a CreateHighlightTask request.
 * `parseRequest` accepts the request as an object, as JSON text, or with its object fields "shrunk"
 * into JSON strings as IMM's wire format sends them; it returns the request with defaults filled,
 * or throws one HighlightError that lists every problem found.
 */
import * as v from 'valibot'
import { HighlightError, type ValidationIssue } from './errors.ts'
import { RequestSchema, type HighlightRequest } from './schema.ts'
import { checkCrossFieldRules } from './rules.ts'

/** Guards that keep validation bounded whatever the input (README "Decisions"). */
export const REQUEST_BOUNDS = { jsonChars: 1_000_000, nodes: 20_000, depth: 32, reportedIssues: 50 } as const

/** Fields that IMM's wire format sends as JSON strings (the SDK "shrink"). */
const SHRUNK_FIELDS = ['Sources', 'Highlight', 'Edit', 'Output', 'Notification', 'CredentialConfig', 'Tags'] as const

export type ValidationResult =
  | { ok: true; request: HighlightRequest }
  | { ok: false; error: HighlightError }

export function validateRequest(input: unknown): ValidationResult {
  try {
    return { ok: true, request: parseRequest(input) }
  } catch (err) {
    return { ok: false, error: HighlightError.from(err) }
  }
}

export function parseRequest(input: unknown): HighlightRequest {
  const raw = toObject(input)
  checkBounds(raw)
  const result = v.safeParse(RequestSchema, raw, { abortEarly: false })
  if (!result.success) throw HighlightError.fromIssues(capped(result.issues.map(toIssue)))
  const crossIssues = checkCrossFieldRules(result.output, raw)
  if (crossIssues.length > 0) throw HighlightError.fromIssues(capped(crossIssues))
  return result.output
}

function toObject(input: unknown): Record<string, unknown> {
  let value = input
  if (typeof value === 'string') {
    if (value.length > REQUEST_BOUNDS.jsonChars) {
      throw new HighlightError('LimitExceededError', `The request is longer than ${REQUEST_BOUNDS.jsonChars} characters`)
    }
    value = parseJson(value, 'The request is not valid JSON')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HighlightError('InvalidArgument', 'The request must be a JSON object')
  }
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) }
  for (const field of SHRUNK_FIELDS) {
    const fieldValue = out[field]
    if (typeof fieldValue === 'string') {
      if (fieldValue.length > REQUEST_BOUNDS.jsonChars) {
        throw new HighlightError('LimitExceededError', `${field} is longer than ${REQUEST_BOUNDS.jsonChars} characters`)
      }
      out[field] = parseJson(fieldValue, `Array parsing error, ${field}`)
    }
  }
  return out
}

function parseJson(text: string, message: string): unknown {
  try {
    return JSON.parse(text)
  } catch (err) {
    // RangeError for absurd nesting lands here too.
    throw new HighlightError('InvalidJSON', `${message}: ${(err as Error).message}`, { cause: err })
  }
}

/** An iterative walk (no recursion, so no stack overflow) that rejects oversized or too-deep input early. */
function checkBounds(root: unknown): void {
  const stack: [unknown, number][] = [[root, 0]]
  let nodes = 0
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!
    if (++nodes > REQUEST_BOUNDS.nodes) {
      throw new HighlightError('LimitExceededError', `The request has more than ${REQUEST_BOUNDS.nodes} values`)
    }
    if (typeof node !== 'object' || node === null) continue
    if (depth >= REQUEST_BOUNDS.depth) {
      throw new HighlightError('LimitExceededError', `The request is nested deeper than ${REQUEST_BOUNDS.depth} levels`)
    }
    const children = Array.isArray(node) ? node : Object.values(node)
    for (const child of children) stack.push([child, depth + 1])
  }
}

/** Field path as IMM messages name it: `Edit.Transitions[2].Duration`. */
export function formatPath(keys: readonly unknown[]): string {
  let out = ''
  for (const key of keys) {
    if (typeof key === 'number') out += `[${key}]`
    else out += out ? `.${String(key)}` : String(key)
  }
  return out
}

const LIMIT_TYPES = new Set(['max_value', 'max_length', 'max_graphemes', 'max_bytes', 'max_entries', 'max_size'])

function toIssue(issue: v.BaseIssue<unknown>): ValidationIssue {
  const keys = issue.path?.map((p) => p.key) ?? []
  const path = formatPath(keys) || 'request'
  const leaf = keys.filter((k) => typeof k === 'string').pop()
  if (issue.received === 'undefined' && issue.type === 'strict_object') {
    return { Code: `Missing${String(leaf ?? 'Parameter')}`, Path: path, Message: `${path} is required` }
  }
  if (issue.type === 'min_length' && leaf !== undefined) {
    return { Code: `Missing${String(leaf)}`, Path: path, Message: `${path} ${issue.message}` }
  }
  if (issue.expected === 'never' && issue.type === 'strict_object') {
    return { Code: 'InvalidArgument', Path: path, Message: `${path} is not a known field` }
  }
  const code = LIMIT_TYPES.has(issue.type) || /at most/.test(issue.message) ? 'LimitExceededError' : 'InvalidArgument'
  return { Code: code, Path: path, Message: `${path} ${issue.message}, got ${describe(issue.input)}` }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  if (Array.isArray(value)) return `an array of ${value.length}`
  if (value === null) return 'null'
  if (typeof value === 'object') return 'an object'
  return String(value)
}

function capped(issues: ValidationIssue[]): ValidationIssue[] {
  if (issues.length <= REQUEST_BOUNDS.reportedIssues) return issues
  const rest = issues.length - REQUEST_BOUNDS.reportedIssues
  return [
    ...issues.slice(0, REQUEST_BOUNDS.reportedIssues),
    { Code: issues[0]!.Code, Path: 'request', Message: `and ${rest} more problems` },
  ]
}
