/**
 * Errors in IMM's shape: a `Code` from imm-spec.md §6.4 and a `Message` that names the field or source.
 * Every failure the engine reports, from validation to a dead worker, is a HighlightError.
 */

/** IMM and engine error codes. `Missing${Name}` codes follow IMM's `Missing{ParameterName}` rule. */
export type ErrorCode =
  | 'InvalidArgument'
  | 'InvalidJSON'
  | 'LimitExceededError'
  | 'ResourceNotFound'
  | 'ResourceAlreadyExists'
  | `Missing${string}`
  | `Invalid${string}`
  // Engine codes (local runs). Documented in the README.
  | 'TaskNotFound'
  | 'TaskCancelled'
  | 'TaskInterrupted'
  | 'UnsupportedCapability'
  | 'InvalidMedia'
  | 'NoHighlights'
  | 'WorkerCrashed'
  | 'QuotaExceeded'
  | 'InternalError'
  | (string & {})

/** One problem found in a request: its code, the field path (`Edit.Transitions[2].Duration`) and what is allowed. */
export interface ValidationIssue {
  Code: ErrorCode
  Path: string
  Message: string
}

export interface HighlightErrorInit {
  RequestId?: string
  Issues?: ValidationIssue[]
  cause?: unknown
}

export class HighlightError extends Error {
  override readonly name = 'HighlightError'
  readonly Code: ErrorCode
  readonly Message: string
  readonly RequestId?: string
  /** Every problem found, when the error comes from validation (all of them, not only the first). */
  readonly Issues: readonly ValidationIssue[]

  constructor(code: ErrorCode, message: string, init: HighlightErrorInit = {}) {
    super(`${code}: ${message}`, init.cause === undefined ? undefined : { cause: init.cause })
    this.Code = code
    this.Message = message
    if (init.RequestId !== undefined) this.RequestId = init.RequestId
    this.Issues = init.Issues ?? []
  }

  /** The IMM error body: `{ Code, Message, RequestId? }` (plus Issues when there are several). */
  toJSON(): { Code: string; Message: string; RequestId?: string; Issues?: ValidationIssue[] } {
    return {
      Code: this.Code,
      Message: this.Message,
      ...(this.RequestId !== undefined ? { RequestId: this.RequestId } : {}),
      ...(this.Issues.length > 1 ? { Issues: [...this.Issues] } : {}),
    }
  }

  /** Builds one error from a list of issues: the first issue's code, every message joined. */
  static fromIssues(issues: ValidationIssue[], requestId?: string): HighlightError {
    const first = issues[0]
    if (!first) throw new Error('fromIssues needs at least one issue')
    const message = issues.map((i) => i.Message).join('; ')
    return new HighlightError(first.Code, message, { Issues: issues, ...(requestId ? { RequestId: requestId } : {}) })
  }

  /** Wraps anything thrown into a HighlightError, keeping the original as `cause`. */
  static from(err: unknown, fallback: ErrorCode = 'InternalError'): HighlightError {
    if (err instanceof HighlightError) return err
    if (isErrorLike(err)) return new HighlightError(err.Code, err.Message)
    const message = err instanceof Error ? err.message : String(err)
    return new HighlightError(fallback, message || fallback, { cause: err })
  }
}

/** A `{Code, Message}` object that crossed a worker or a network boundary. */
export function isErrorLike(x: unknown): x is { Code: string; Message: string } {
  return typeof x === 'object' && x !== null && typeof (x as { Code?: unknown }).Code === 'string' &&
    typeof (x as { Message?: unknown }).Message === 'string'
}
