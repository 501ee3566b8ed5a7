/** ListTasks over records: filter, sort and page (imm-spec.md §6.3). Pure. */
import { HighlightError } from '../contract/errors.ts'
import type { ListTasksRequest } from '../contract/task.ts'
import { TASK_TYPE } from '../contract/task.ts'
import type { TaskRecord } from './record.ts'

export const DEFAULT_MAX_RESULTS = 100

interface Page {
  records: TaskRecord[]
  nextToken: string
  maxResults: number
}

/** `a=1,b` -> every listed tag must match (`a` equal to "1", `b` present). */
export function matchesTagSelector(tags: TaskRecord['Tags'], selector: string): boolean {
  return selector
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .every((part) => {
      const eq = part.indexOf('=')
      const key = eq < 0 ? part : part.slice(0, eq)
      if (!tags || !Object.prototype.hasOwnProperty.call(tags, key)) return false
      return eq < 0 || String(tags[key]) === part.slice(eq + 1)
    })
}

function inRange(time: string | undefined, range: { Start?: string; End?: string } | undefined): boolean {
  if (!range) return true
  if (!time) return false
  const t = Date.parse(time)
  return (!range.Start || t >= Date.parse(range.Start)) && (!range.End || t <= Date.parse(range.End))
}

function decodeToken(token: string | undefined): number {
  if (!token) return 0
  const offset = Number.parseInt(token, 36)
  if (!Number.isInteger(offset) || offset < 0 || token !== offset.toString(36)) {
    throw new HighlightError('InvalidArgument', `NextToken ${JSON.stringify(token.slice(0, 40))} is not a token this engine gave`)
  }
  return offset
}

export function listRecords(all: TaskRecord[], req: ListTasksRequest): Page {
  const max = req.MaxResults ?? DEFAULT_MAX_RESULTS
  if (!Number.isInteger(max) || max <= 0 || max > 100) {
    throw new HighlightError('InvalidArgument', `MaxResults must be an integer in (0, 100], got ${String(max)}`)
  }
  if (req.TaskTypes && !req.TaskTypes.includes(TASK_TYPE)) return { records: [], nextToken: '', maxResults: max }
  const sortKey = req.Sort ?? 'TaskId'
  const sign = (req.Order ?? 'asc') === 'desc' ? -1 : 1
  const filtered = all
    .filter((r) => !req.ProjectName || r.ProjectName === req.ProjectName)
    .filter((r) => !req.Status || r.Status === req.Status)
    .filter((r) => !req.TagSelector || matchesTagSelector(r.Tags, req.TagSelector))
    .filter((r) => inRange(r.StartTime, req.StartTimeRange) && (!req.EndTimeRange || inRange(r.EndTime, req.EndTimeRange)))
    .sort((a, b) => {
      const ka = a[sortKey] ?? ''
      const kb = b[sortKey] ?? ''
      return (ka < kb ? -1 : ka > kb ? 1 : a.TaskId < b.TaskId ? -1 : a.TaskId > b.TaskId ? 1 : 0) * sign
    })
  const offset = decodeToken(req.NextToken)
  const records = filtered.slice(offset, offset + max)
  const next = offset + max < filtered.length ? (offset + max).toString(36) : ''
  return { records, nextToken: next, maxResults: max }
}
