// Backprop Lab's service worker: the site works offline after one visit (a classroom's flaky
// Wi-Fi, plane mode). The build (src/platform/site_sw.cmake) writes this file to the site's root
// with @BPL_SITE_VERSION@ replaced by a hash of every site file and @BPL_SITE_FILES@ by their list,
// so each build has its own cache: a changed build means a changed sw.js, which the browser
// installs beside the old one; once it is active it deletes the old caches.
// Files are served cache first (the whole site is precached at install); anything else goes to
// the network. Navigations get the cached index.html (a share link's #... stays in the page).
'use strict';
const VERSION = '@BPL_SITE_VERSION@';
const CACHE = 'backprop-lab-' + VERSION;
const FILES = [@BPL_SITE_FILES@];

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    // 'reload': straight from the server, never from an older copy in the HTTP cache.
    return cache.addAll(FILES.map(function (f) { return new Request(f, { cache: 'reload' }); }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf('backprop-lab-') === 0 && k !== CACHE; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener('fetch', function (event) {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  const key = req.mode === 'navigate' ? new URL('index.html', self.registration.scope).href : req.url;
  event.respondWith(caches.open(CACHE).then(function (cache) {
    return cache.match(key, { ignoreSearch: true }).then(function (hit) { return hit || fetch(req); });
  }));
});
