/**
 * Turns Source and music URIs into `File`s that ffmpeg.wasm can mount (WORKERFS reads them lazily, no copy).
 * Resolution order: a File/Blob registered under the URI, `blob:` / `http(s):` URLs (fetched),
 * `opfs://path` (the origin-private file system; disk-backed), then the user's resolver (e.g. `oss://`
 * through an uploader/downloader of the app's choice). Anything else is ResourceNotFound naming the URI.
 */
import { HighlightError } from '../contract/index.ts'
import { OPFS_SCHEME, opfsDirectory, opfsParts } from './opfs-path.ts'

/** The app's resolver for other schemes; returns undefined/null when it does not know the URI. */
export type UserResolver = (uri: string, signal?: AbortSignal) => Promise<Blob | null | undefined>

export interface InputResolverOptions {
  resolve?: UserResolver
  /** Override fetch (tests, auth headers). */
  fetch?: typeof fetch
}

export class InputResolver {
  readonly #registered = new Map<string, Blob>()
  readonly #options: InputResolverOptions

  constructor(options: InputResolverOptions = {}) {
    this.#options = options
  }

  /** Makes a File or Blob available under a URI (e.g. `local://clip1.mp4` or the request's own `oss://` URI). */
  register(uri: string, blob: Blob): void {
    this.#registered.set(uri, blob)
  }

  unregister(uri: string): void {
    this.#registered.delete(uri)
  }

  async resolve(uri: string, signal?: AbortSignal): Promise<File> {
    const registered = this.#registered.get(uri)
    if (registered) return asFile(registered, uri)
    if (/^(blob:|https?:)/i.test(uri)) return asFile(await this.#fetch(uri, signal), uri)
    if (uri.startsWith(OPFS_SCHEME)) return this.#opfs(uri)
    const fromUser = this.#options.resolve ? await this.#options.resolve(uri, signal) : undefined
    if (fromUser) return asFile(fromUser, uri)
    throw new HighlightError('ResourceNotFound', `The media ${uri} cannot be read: register a File for it or pass a resolver for its scheme`)
  }

  async #fetch(uri: string, signal?: AbortSignal): Promise<Blob> {
    const doFetch = this.#options.fetch ?? fetch
    let response: Response
    try {
      response = await doFetch(uri, signal ? { signal } : {})
    } catch (err) {
      if (signal?.aborted) throw new HighlightError('TaskCancelled', 'The task was cancelled', { cause: err })
      throw new HighlightError('ResourceNotFound', `The media ${uri} could not be fetched: ${(err as Error).message}`, { cause: err })
    }
    if (!response.ok) throw new HighlightError('ResourceNotFound', `The media ${uri} could not be fetched: HTTP ${response.status}`)
    return response.blob()
  }

  async #opfs(uri: string): Promise<File> {
    const parts = opfsParts(uri)
    try {
      const dir = await opfsDirectory(parts, false)
      return await (await dir.getFileHandle(parts[parts.length - 1]!)).getFile()
    } catch (err) {
      throw new HighlightError('ResourceNotFound', `The media ${uri} does not exist in the origin-private file system`, { cause: err })
    }
  }
}

/** A File named after the URI's last part (a Blob is wrapped, not copied). */
function asFile(blob: Blob, uri: string): File {
  if (blob instanceof File) return blob
  const name = uri.split(/[/?#]/).filter(Boolean).pop() ?? 'media'
  return new File([blob], name, { type: blob.type })
}
