// The playground's service worker: after one visit the page reloads without a network.
// scripts/build_web.sh writes the build's version (a hash of the site's files) and the list
// of files into the two placeholders below, so a new build is a new cache: the browser
// installs the new worker (sw.js changed), it caches the new files, takes over and deletes
// the old cache. Files are served from the cache first, the network only for anything else.
'use strict';

const VERSION = '__AP_VERSION__';
const FILES = __AP_FILES__;
const CACHE = 'attention-playground-' + VERSION;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith('attention-playground-') && k !== CACHE)
      .map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  // "./?nosimd" is index.html: the query picks a build in loader.js, not another page.
  const lookup = request.mode === 'navigate' ? caches.match('./', { cacheName: CACHE, ignoreSearch: true })
    : caches.match(request, { cacheName: CACHE });
  event.respondWith(lookup.then((hit) => hit || fetch(request)));
});
