/**
 * The page offline: after one visit, the whole site (the app, the daemon worker's script, the
 * static files and the page itself) is served from a cache, so a classroom whose network drops
 * can reload, switch scenario and open files. SvelteKit builds and registers this worker, and
 * lists what to cache (`$service-worker`); a new deployment gets a new cache and the old goes.
 *
 * Assets are immutable (hashed names): cache first. The page is network first, the cached copy
 * when the network is gone, whatever its query (`?scenario=…`, `?chapter=…`).
 */
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/// <reference types="@sveltejs/kit" />
import { build, files, prerendered, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `spark-visualizer-${version}`;
const ASSETS = [...build, ...files, ...prerendered];
/** The page, as cached (the site's root, relative to this worker). */
const PAGE = new URL('./', sw.location.href).href;

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // Each once: `addAll` refuses a list that names the same request twice.
      const urls = [...new Set([...ASSETS.map((a) => new URL(a, sw.location.href).href), PAGE])];
      await cache.addAll(urls);
      // `$service-worker` lists each Web Worker's entry, not the chunks it imports: follow them.
      for (const url of urls.filter((u) => u.includes('/workers/') && u.endsWith('.js'))) {
        await cacheImports(cache, url, new Set(urls));
      }
      await sw.skipWaiting();
    })(),
  );
});

/** Caches the scripts a cached script imports statically or dynamically (`./chunks/….js`), recursively. */
async function cacheImports(cache: Cache, url: string, seen: Set<string>): Promise<void> {
  const response = await cache.match(url);
  if (!response) return;
  const text = await response.text();
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*["'`](\.{1,2}\/[^"'`]+?\.js)["'`]/g)) {
    const next = new URL(m[1], url).href;
    if (seen.has(next)) continue;
    seen.add(next);
    await cache.add(next);
    await cacheImports(cache, next, seen);
  }
}

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
      await sw.clients.claim();
    })(),
  );
});

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(
      (async () => {
        const cache = await caches.open(CACHE);
        try {
          const fresh = await fetch(request);
          if (fresh.ok) await cache.put(PAGE, fresh.clone());
          return fresh;
        } catch {
          return (await cache.match(PAGE)) ?? Response.error();
        }
      })(),
    );
    return;
  }
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      const cached = await cache.match(request, { ignoreSearch: true });
      if (cached) return cached;
      const fresh = await fetch(request);
      if (fresh.ok && fresh.type === 'basic') await cache.put(request, fresh.clone());
      return fresh;
    })(),
  );
});
