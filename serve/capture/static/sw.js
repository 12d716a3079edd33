/* classwalk capture's service worker: keeps the pages and their files for when the Wi-Fi drops.
 *
 * Pages and files under /capture/ are fetched from the server when it answers and kept;
 * when it does not, the kept copy is shown. The page's API (/capture/api/) is never
 * cached: the page keeps its own queue on the device and sends it when it can.
 */
"use strict";

var CACHE = "classwalk-capture-1";
var SHELL = ["/capture/", "/capture/static/capture.js", "/capture/static/capture.css",
             "/capture/static/icon.svg", "/capture/manifest.json"];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(SHELL).catch(function () {});
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name !== CACHE; })
      .map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

// A page opened before this worker took over asks to be kept all the same.
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (!data.keep) { return; }
  var url = new URL(data.keep, self.location.origin);
  if (!keepable(new Request(url.href), url)) { return; }
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.match(url.href).then(function (kept) { return kept || cache.add(url.href); });
  }).catch(function () {}));
});

function keepable(request, url) {
  return request.method === "GET" && url.origin === self.location.origin &&
    url.pathname.indexOf("/capture/") === 0 && url.pathname.indexOf("/capture/api/") !== 0 &&
    url.pathname.indexOf("/export/") < 0;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (!keepable(request, url)) { return; }
  event.respondWith(fetch(request).then(function (response) {
    if (response.ok && !response.redirected) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }, function () {
    return caches.match(request, { ignoreSearch: false }).then(function (kept) {
      return kept || new Response("classwalk capture is offline and this page was not opened before.",
                                  { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    });
  }));
});
