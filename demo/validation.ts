/**
 * Validates the draft with the engine's own `validateRequest` (every issue, each with its IMM Code and field
 * Path), and adds the one check only the page can make: every `local://` URI names a file the page holds.
 */
import { validateRequest, type HighlightRequest, type ValidationIssue } from '../src/index.ts'
import type { Draft } from './request-draft.ts'

export interface Validation {
  request?: HighlightRequest
  issues: ValidationIssue[]
}

export function validateDraft(draft: Draft, holds: (uri: string) => boolean): Validation {
  const result = validateRequest(draft)
  const issues: ValidationIssue[] = result.ok ? [] : result.error.Issues.length > 0
    ? [...result.error.Issues]
    : [{ Code: result.error.Code, Path: 'request', Message: result.error.Message }]
  issues.push(...missingFiles(draft, holds))
  return issues.length === 0 && result.ok ? { request: result.request, issues } : { issues }
}

function missingFiles(draft: Draft, holds: (uri: string) => boolean): ValidationIssue[] {
  const uris: [string, unknown][] = []
  const sources = Array.isArray(draft.Sources) ? draft.Sources : []
  sources.forEach((s, i) => uris.push([`Sources[${i}].URI`, (s as { URI?: unknown })?.URI]))
  const edit = draft.Edit as { BackgroundMusics?: { URI?: unknown }[]; BackgroundMusicMode?: string } | undefined
  if (edit?.BackgroundMusicMode && edit.BackgroundMusicMode !== 'Closed') {
    edit.BackgroundMusics?.forEach((m, i) => uris.push([`Edit.BackgroundMusics[${i}].URI`, m?.URI]))
  }
  return uris
    .filter(([, uri]) => typeof uri === 'string' && uri.startsWith('local://') && !holds(uri))
    .map(([path, uri]) => ({ Code: 'ResourceNotFound', Path: path, Message: `${path} ${String(uri)}: no such file in the page; drop it or use the samples` }))
}
