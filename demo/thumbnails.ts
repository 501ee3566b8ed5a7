/**
 * Small frames of the sources for the timeline, grabbed by seeking a hidden <video> and drawing it on a canvas
 * (the browser's own decoder: cheap, and it leaves ffmpeg.wasm free). Grabs of one file run one after another.
 */
const WIDTH = 96

export class Thumbnails {
  readonly #cache = new Map<string, Promise<string>>()
  readonly #queues = new WeakMap<Blob, Promise<unknown>>()
  readonly #urls = new WeakMap<Blob, string>()

  /** A data: URL of the frame at `time` seconds (an empty string when the browser cannot decode the file). */
  frame(file: Blob, key: string, time: number): Promise<string> {
    const id = `${key}@${time.toFixed(2)}`
    let cached = this.#cache.get(id)
    if (!cached) {
      const previous = this.#queues.get(file) ?? Promise.resolve()
      cached = previous.then(() => this.#grab(file, time)).catch(() => '')
      this.#queues.set(file, cached)
      this.#cache.set(id, cached)
    }
    return cached
  }

  async #grab(file: Blob, time: number): Promise<string> {
    let url = this.#urls.get(file)
    if (!url) this.#urls.set(file, (url = URL.createObjectURL(file)))
    const video = document.createElement('video')
    video.muted = true
    video.preload = 'auto'
    video.src = url
    try {
      await once(video, 'loadedmetadata')
      video.currentTime = Math.min(Math.max(0, time), Math.max(0, video.duration - 0.05))
      await once(video, 'seeked')
      const canvas = document.createElement('canvas')
      canvas.width = WIDTH
      canvas.height = Math.round((WIDTH * video.videoHeight) / Math.max(1, video.videoWidth)) || 54
      canvas.getContext('2d')!.drawImage(video, 0, 0, canvas.width, canvas.height)
      return canvas.toDataURL('image/jpeg', 0.7)
    } finally {
      video.removeAttribute('src')
      video.load()
    }
  }
}

function once(target: HTMLVideoElement, type: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${type} timed out`)), 5000)
    target.addEventListener(type, () => { clearTimeout(timer); resolve() }, { once: true })
    target.addEventListener('error', () => { clearTimeout(timer); reject(new Error('cannot decode')) }, { once: true })
  })
}
