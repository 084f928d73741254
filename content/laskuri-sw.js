// Service worker of one authority's site, registered by the calculator page once it works.
// The build puts two constants in front of this file: BUILD (a hash of every file below) and
// FILES (the calculator page, its scripts and styles, the Python runtime, the snapshot, the
// wheel and the tariff data, as addresses relative to this file). It keeps them in one cache per
// build and site, so that a repeat visit starts from the cache and works without a network.
// Every other request goes to the network untouched. The snapshot is kept as the page's worker receives it
// with Content-Encoding, unpacked but for its zero blocks (content/assets/laskuri-worker.js, `keptSnapshot`).

var SITE = self.registration.scope;  // this authority's site, e.g. https://taksa.example.fi/
var PREFIX = "laskuri " + SITE + " ";  // this site's caches, never another site's
var CACHE = PREFIX + BUILD;
var KEPT = new Set(FILES.map(function (file) { return new URL(file, SITE).href; }));
// Addresses that name their content (the runtime's version folder, the snapshot's and the zips' hashes).
var IMMUTABLE = /\/pyodide\/[^/]+\/[^/]+$|-[0-9a-f]{16}\.(snapshot|zip)$/;
var SNAPSHOT = /\.snapshot$/;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    var files = Array.from(KEPT);
    var snapshots = files.filter(function (url) { return SNAPSHOT.test(url); });
    var rest = files.filter(function (url) { return !SNAPSHOT.test(url); });
    return Promise.all([cache.addAll(rest)].concat(snapshots.map(function (url) { return keepSnapshot(cache, url); })));
  }).then(function () { return self.skipWaiting(); }));
});

// As the page's worker fetches it (from the HTTP cache, once it has): with the host's Content-Encoding,
// or else its gzip copy, inflated where the browser can.
function keepSnapshot(cache, url) {
  return fetch(url).then(function (response) {
    if (!response.ok) { throw new Error(url + ": " + response.status); }
    if (response.headers.has("Content-Encoding")) { return cache.put(url, response); }
    response.body.cancel();
    return fetch(url + ".gz").then(function (copy) {
      if (!copy.ok) { throw new Error(url + ".gz: " + copy.status); }
      var plain = copy.headers.has("Content-Encoding") || typeof DecompressionStream !== "function";
      return cache.put(url, new Response(plain ? copy.body : copy.body.pipeThrough(new DecompressionStream("gzip"))));
    });
  });
}

// A new build's cache replaces this site's older ones.
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name.indexOf(PREFIX) === 0 && name !== CACHE; })
      .map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function fromCache(request) {
  return caches.open(CACHE).then(function (cache) { return cache.match(request, {ignoreSearch: true}); });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = request.url.split("#")[0].split("?")[0];
  if (request.method !== "GET" || !KEPT.has(url)) { return; }
  if (IMMUTABLE.test(url)) {
    event.respondWith(fromCache(request).then(function (hit) { return hit || fetch(request); }));
    return;
  }
  // The page, its scripts and styles, the wheel and the data: the network first, so that a new
  // build shows at once; this build's copy when there is no network.
  event.respondWith(fetch(request).catch(function () {
    return fromCache(request).then(function (hit) { return hit || Response.error(); });
  }));
});
