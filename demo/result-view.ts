/**
 * Shows a finished task's output: a single file in a <video>, an HLS set through hls.js (loaded only when
 * needed; the browser's own HLS where hls.js cannot run), and downloads (the file, or a zip of the whole set).
 * Outputs come back as Blobs (memory sink) or live in the origin-private file system (opfs://), which keeps
 * them across reloads.
 */
import type { OutputFile, TaskInfo } from '../src/index.ts'
import { OPFS_SCHEME, opfsDirectory, opfsParts } from '../src/io/opfs-path.ts'
import { el } from './field-binder.ts'
import { zipStore } from './zip.ts'

const baseName = (uri: string) => uri.split(/[/?#]/).filter(Boolean).pop() ?? 'output'

export async function readOutput(output: OutputFile): Promise<Blob> {
  if (output.Blob) return output.Blob
  if (output.URI.startsWith(OPFS_SCHEME)) {
    const parts = opfsParts(output.URI)
    const dir = await opfsDirectory(parts, false)
    return (await dir.getFileHandle(parts[parts.length - 1]!)).getFile()
  }
  throw new Error(`${output.URI} was handed to the app and is not kept by the page`)
}

export class ResultView {
  #urls: string[] = []
  #hls: { destroy(): void } | undefined

  constructor(private readonly root: HTMLElement) {}

  clear(message = 'No result yet.'): void {
    this.#release()
    this.root.replaceChildren(el('p', 'status', message))
  }

  async show(task: TaskInfo, mainUri: string): Promise<void> {
    this.#release()
    const outputs = task.Result?.Outputs ?? []
    const files = await Promise.all(outputs.map(async (o) => ({ output: o, name: baseName(o.URI), data: await readOutput(o) })))
    const main = files.find((f) => f.output.URI === mainUri) ?? files[files.length - 1]
    if (!main) return this.clear('The task wrote no file.')
    const video = el('video')
    video.controls = true
    video.playsInline = true
    video.id = 'result-video'
    const info = el('p', 'status', `${task.TaskId} · ${files.length} file${files.length > 1 ? 's' : ''} · ${formatBytes(files.reduce((s, f) => s + f.data.size, 0))}` +
      (main.output.Duration ? ` · ${main.output.Duration.toFixed(1)} s` : ''))
    const downloads = el('div', 'downloads')
    this.root.replaceChildren(video, info, downloads)

    if (main.name.endsWith('.m3u8')) await this.#playHls(video, main.data, files)
    else if (main.name.endsWith('.mpd')) {
      video.hidden = true
      info.textContent += ' · DASH: download the set and play it with a DASH player (dash.js, Shaka, VLC, ffplay)'
    } else {
      video.src = this.#url(main.data)
      video.addEventListener('error', () => {
        info.textContent += ` · this browser cannot play ${main.name}; download it instead`
      }, { once: true })
    }

    if (files.length === 1) downloads.append(this.#link(main.data, main.name, `Download ${main.name}`))
    else {
      const zip = await zipStore(files.map((f) => ({ name: f.name, data: f.data })))
      downloads.append(this.#link(zip, `${main.name.replace(/\.[^.]+$/, '')}.zip`, `Download the set (${files.length} files, zip)`))
    }
  }

  /** hls.js reads the playlist from a Blob whose segment names point at the segments' Blob URLs. */
  async #playHls(video: HTMLVideoElement, playlist: Blob, files: { name: string; data: Blob }[]): Promise<void> {
    const urlOf = new Map(files.map((f) => [f.name, this.#url(f.data)]))
    const text = (await playlist.text()).split('\n').map((line) => {
      if (line && !line.startsWith('#')) return urlOf.get(line.trim()) ?? line
      return line.replace(/URI="([^"]+)"/, (m, name: string) => (urlOf.has(name) ? `URI="${urlOf.get(name)}"` : m))
    }).join('\n')
    const source = this.#url(new Blob([text], { type: 'application/vnd.apple.mpegurl' }))
    const { default: Hls } = await import('hls.js/light')
    if (Hls.isSupported()) {
      const hls = new Hls({ enableWorker: false })
      hls.loadSource(source)
      hls.attachMedia(video)
      this.#hls = hls
    } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
      video.src = source
    }
  }

  #url(blob: Blob): string {
    const url = URL.createObjectURL(blob)
    this.#urls.push(url)
    return url
  }

  #link(blob: Blob, name: string, label: string): HTMLAnchorElement {
    const a = el('a', 'button', label)
    a.href = this.#url(blob)
    a.download = name
    a.dataset.download = name
    return a
  }

  #release(): void {
    this.#hls?.destroy()
    this.#hls = undefined
    for (const url of this.#urls) URL.revokeObjectURL(url)
    this.#urls = []
  }
}

export function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 ** 2).toFixed(2)} MiB`
}
