/**
 * The cloud copy of the request: IMM reads and writes OSS only, so the page's own URIs (`local://name`,
 * `opfs://path`) are placed under an OSS folder the user names. Everything else is sent as written.
 */
import type { Draft } from './request-draft.ts'

const PAGE_URI = /^(local|opfs):\/\/(.+)$/

export function toCloudRequest(draft: Draft, ossFolder: string): Draft {
  const folder = ossFolder.endsWith('/') ? ossFolder : `${ossFolder}/`
  const map = (uri: unknown) => {
    const m = typeof uri === 'string' ? PAGE_URI.exec(uri) : null
    return m ? `${folder}${m[2]}` : uri
  }
  const copy = structuredClone(draft) as {
    Sources?: { URI?: unknown }[]; Edit?: { BackgroundMusics?: { URI?: unknown }[] }; Output?: { URI?: unknown }
  }
  for (const s of copy.Sources ?? []) s.URI = map(s.URI)
  for (const m of copy.Edit?.BackgroundMusics ?? []) m.URI = map(m.URI)
  if (copy.Output) copy.Output.URI = map(copy.Output.URI)
  return copy as Draft
}
