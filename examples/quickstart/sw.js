// App-shell service worker: a page that was opened once reloads while the browser is
// offline, so the changes its offline queue holds stay visible (pending) instead of
// waiting behind the browser's own error page. The recipe and its reasons are in
// docs/guide.md, "Offline-first: an app-shell service worker"; the quickstart and the
// gallery ship the same file.
//
// What is cached: the page (index.html) and the files it names (trunk's hashed .js,
// .wasm and .css). Nothing else is intercepted: API calls and every non-GET request go
// to the network exactly as without this worker, so the library's offline queue,
// retries and idempotency keys see the real network, never a stored answer.
"use strict";

// Bump when this file's logic changes: the new worker then starts from an empty cache
// and deletes the old one. A new deploy of the app needs no bump (see `remember`).
const CACHE = "app-shell-v1";
// Paths that belong to the server, not to the app shell: never touched.
const PASS_THROUGH = ["/api/", "/_faults"];

self.addEventListener("install", (event) => {
  // The first page loaded its files before this worker existed: fetch the shell now, so
  // that a reload straight after going offline already finds everything.
  event.waitUntil(fetch(shellUrl(), { cache: "no-cache" }).then(remember));
  // Take over at once: the app's files are named by their content hash, so a page
  // running the previous build never asks this worker for a file of the new one.
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith("app-shell-") && n !== CACHE).map((n) => caches.delete(n))))
      // The page that registered this worker is controlled from now on (its later
      // requests for lazily loaded files are cached too), without a reload.
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (PASS_THROUGH.some((p) => url.pathname.startsWith(p))) return;
  if (request.mode === "navigate") {
    event.respondWith(navigate(event));
  } else if (/\.(js|wasm|css)$/.test(url.pathname)) {
    event.respondWith(asset(request));
  }
  // Anything else (images, a server's own pages): the network, as without a worker.
});

// The page: network first, so that an online reload always gets the latest deploy;
// the stored copy only when the network fails.
async function navigate(event) {
  try {
    const response = await fetch(event.request);
    // Stored after the page has its answer: a new deploy's files are fetched beside it.
    if (response.ok) event.waitUntil(remember(response.clone()));
    return response;
  } catch (offline) {
    const cached = await caches.match(shellUrl(), { cacheName: CACHE });
    if (cached) return cached;
    throw offline;
  }
}

// Hashed files: cache first (a name never changes its content), the network otherwise.
async function asset(request) {
  const cached = await caches.match(request, { cacheName: CACHE });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

// Stores `response` (index.html) as the shell and makes the cache hold exactly the
// files it names, and the modules those import (wasm-bindgen's `snippets/`): missing
// ones are fetched, those of an older deploy deleted.
async function remember(response) {
  if (!response.ok) return;
  const cache = await caches.open(CACHE);
  const files = named(await response.clone().text(), shellUrl(), /["']([^"'\s:]+\.(?:js|wasm|css))["']/g);
  await cache.put(shellUrl(), response);
  const stored = new Set((await cache.keys()).map((r) => r.url));
  for (const file of [...files]) {
    if (!stored.has(file)) await cache.add(file);
    if (file.endsWith(".js")) {
      const text = await (await cache.match(file)).text();
      // Only the import statements: the glue's fallback `new URL("app_bg.wasm", ...)`
      // names a file trunk does not write.
      for (const module of named(text, file, /(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+\.js)["']/g)) {
        files.add(module);
        if (!stored.has(module)) await cache.add(module);
      }
    }
  }
  for (const url of stored) {
    if (url !== shellUrl() && !files.has(url)) await cache.delete(url);
  }
}

// The same-origin URLs that `pattern`'s first group finds in `text`, resolved against
// `base` (this worker's own script excluded: the browser fetches it itself).
function named(text, base, pattern) {
  const found = new Set();
  for (const [, path] of text.matchAll(pattern)) {
    const url = new URL(path, base);
    if (url.origin === self.location.origin && url.href !== self.location.href) found.add(url.href);
  }
  return found;
}

// Every page of the app is the same index.html (the router reads the URL's hash), kept
// under the worker's scope, e.g. https://example.com/app/.
function shellUrl() {
  return self.registration.scope;
}
