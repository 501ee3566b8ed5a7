/**
 * Registers the service worker that keeps the page, its models and the ffmpeg.wasm core available offline
 * (demo/public/sw.js, served at /sw.js). The files the page loaded before the worker took control are handed
 * to it; `warm` loads the rest once (the ffmpeg core and its worker, the model workers and their weights), so
 * that everything a render needs has passed through the cache. Where /sw.js is not served (a dev setup
 * without it), the page works online only and says so.
 */
export async function enableOffline(badge: HTMLElement, isolated: boolean, warm: () => Promise<void>): Promise<void> {
  const say = (offline: string) => (badge.textContent = `local engine · ${isolated ? 'cross-origin isolated' : 'not isolated'} · ${offline}`)
  say('online only')
  if (!('serviceWorker' in navigator)) return
  const probe = await fetch('/sw.js', { method: 'HEAD', cache: 'no-store' }).catch(() => undefined)
  if (!probe?.ok || !(probe.headers.get('content-type') ?? '').includes('javascript')) return
  await navigator.serviceWorker.register('/sw.js', { scope: '/' })
  const worker = (await navigator.serviceWorker.ready).active
  if (!worker) return
  say('caching for offline use…')
  const loaded = performance.getEntriesByType('resource').map((e) => e.name).concat(location.href.split('#')[0]!)
  await new Promise<void>((resolve, reject) => {
    const channel = new MessageChannel()
    channel.port1.onmessage = (e: MessageEvent<{ error?: string }>) => (e.data.error ? reject(new Error(e.data.error)) : resolve())
    worker.postMessage({ cache: loaded }, [channel.port2])
  })
  await until(() => navigator.serviceWorker.controller !== null)
  await warm()
  say('works offline')
  badge.dataset.offline = 'ready'
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((r) => setTimeout(r, 50))
}
