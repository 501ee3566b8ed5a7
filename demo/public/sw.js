// Keeps the demo working offline after the first load. Everything it caches comes from this origin: the page,
// its hashed assets (code, models, samples), and the ffmpeg.wasm/onnxruntime files under /vendor/.
// Hashed assets and vendor files never change under the same URL, so they are served from the cache first;
// the page itself is fetched first and read from the cache only when the network is gone.
const CACHE = 'highlight-demo-v2'
const PRECACHE = ['/demo/index.html', '/vendor/ffmpeg-core/ffmpeg-core.js', '/vendor/ffmpeg-core/ffmpeg-core.wasm']
const IMMUTABLE = /^\/(assets|vendor)\//

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()))
})

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()))
})

// The page sends the same-origin URLs it loaded before this worker controlled it (its own code and styles);
// the reply says they are cached.
self.addEventListener('message', (event) => {
  const urls = (event.data?.cache ?? []).filter((u) => new URL(u).origin === self.location.origin)
  event.waitUntil(caches.open(CACHE)
    // One failed URL (a 404 probe, a request the page aborted) must not spoil the others.
    .then((cache) => Promise.allSettled(urls.map((u) => cache.match(u, { ignoreVary: true }).then((hit) => hit ?? cache.add(u)))))
    .then((results) => event.ports[0]?.postMessage({ cached: results.filter((r) => r.status === 'fulfilled').length })))
})

self.addEventListener('fetch', (event) => {
  const request = event.request
  const url = new URL(request.url)
  // Only plain same-origin reads; ranges, the dev server's own modules and other origins pass through untouched.
  if (request.method !== 'GET' || url.origin !== self.location.origin || request.headers.has('range')) return
  if (url.pathname.startsWith('/@') || url.pathname.startsWith('/node_modules/') || url.search.includes('import')) return
  event.respondWith(IMMUTABLE.test(url.pathname) ? cacheFirst(request) : networkFirst(request))
})

async function cacheFirst(request) {
  const cached = await caches.match(request, { ignoreVary: true })
  if (cached) return cached
  const response = await fetch(request)
  if (response.ok) await (await caches.open(CACHE)).put(request, response.clone())
  return response
}

async function networkFirst(request) {
  try {
    const response = await fetch(request)
    if (response.ok) await (await caches.open(CACHE)).put(request, response.clone())
    return response
  } catch (err) {
    const cached = await caches.match(request, { ignoreSearch: true, ignoreVary: true })
    if (cached) return cached
    throw err
  }
}
