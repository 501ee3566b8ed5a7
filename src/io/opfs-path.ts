/**
 * `opfs://a/b/c.mp4` -> the directory handle of `a/b` and the name `c.mp4` in the origin-private file system.
 * Path parts are checked: no empty parts, no `.` or `..`, so a URI cannot leave its folder.
 */
import { HighlightError } from '../contract/index.ts'

export const OPFS_SCHEME = 'opfs://'

export function opfsParts(uri: string): string[] {
  if (!uri.startsWith(OPFS_SCHEME)) throw new HighlightError('InvalidArgument', `${uri} is not an opfs:// URI`)
  const parts = uri.slice(OPFS_SCHEME.length).split('/').map((p) => {
    try {
      return decodeURIComponent(p)
    } catch {
      return p
    }
  })
  if (parts.length === 0 || parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('/') || p.includes('\\'))) {
    throw new HighlightError('InvalidArgument', `${uri} is not a valid opfs:// path (empty, "." or ".." parts)`)
  }
  return parts
}

/** The folder that holds the file, created on the way when `create` is set. */
export async function opfsDirectory(parts: string[], create: boolean): Promise<FileSystemDirectoryHandle> {
  let dir = await navigator.storage.getDirectory()
  for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part, { create })
  return dir
}

export async function opfsExists(dir: FileSystemDirectoryHandle, name: string): Promise<boolean> {
  try {
    await dir.getFileHandle(name)
    return true
  } catch {
    return false
  }
}
