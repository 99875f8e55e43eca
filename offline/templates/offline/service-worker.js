// Putokaz's service worker, served from /sw.js (offline/views.py) so that it
// keeps the pages of every language. What it keeps:
// - this release's stylesheets, scripts and icons, and each language's
//   offline page ("putokaz-static-<version>", dropped by the next release);
// - every page a reader opened, and the pictures on it at the size shown
//   ("putokaz-pages"), up to a cap: the oldest pages not saved on purpose go
//   first. An index of them (title, language, size, when, which saved topic)
//   is kept beside them ("putokaz-meta") for the offline and saved pages.
// Never kept: the admin and previews, search, feedback, the APIs, and any
// answer the server marks private (a signed-in editor, a private page).
"use strict";

var VERSION = "{{ version }}";
var STATIC = "putokaz-static-" + VERSION;
var PAGES = "putokaz-pages";
var META = "putokaz-meta";
var INDEX = "/offline-index.json";
var ASSETS = {{ assets|safe }};
var LIMIT = {{ limit_bytes }};
var LANGUAGES = {{ languages|safe }};
var NEVER = /^\/(admin|django-admin|api|documents|language)\/|^\/[\w-]+\/(search|feedback|offline\/topic)\//;
// On a slow connection a page kept on the phone is shown after this long;
// the network's answer still replaces it for next time.
var PATIENCE_MS = 4000;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(STATIC).then(function (cache) {
      return cache.addAll(ASSETS);
    }).then(function () {
      return self.skipWaiting();
    })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("putokaz-static-") === 0 && name !== STATIC;
      }).map(function (name) {
        return caches.delete(name);
      }));
    }).then(function () {
      return self.clients.claim();
    }).then(refreshAll) // the pages kept point at the new release's files
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== location.origin || NEVER.test(url.pathname)) return;
  if (request.mode === "navigate") {
    event.respondWith(page(event, request, url));
  } else if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(asset(request, url));
  } else if (request.destination === "image" && url.pathname.indexOf("/media/") === 0) {
    event.respondWith(picture(event, request, url));
  }
});

self.addEventListener("message", function (event) {
  var data = event.data || {};
  var reply = event.ports && event.ports[0];
  var work;
  if (data.type === "keep") work = fetchAndKeep(data.url, null);
  else if (data.type === "refresh") work = refreshAll();
  else if (data.type === "keep-picture") work = keepPicture(data.url, data.page);
  else if (data.type === "save-topic") work = saveTopic(data.list, data.topic);
  else if (data.type === "unsave-topic") work = unsaveTopic(data.topic);
  else return;
  event.waitUntil(work.then(function (result) {
    if (reply) reply.postMessage({ok: true, result: result || null});
  }, function (error) {
    if (reply) reply.postMessage({ok: false, error: String(error)});
  }));
});

// -- Pages -----------------------------------------------------------------

function languageOf(url) {
  var first = url.pathname.split("/")[1];
  return LANGUAGES.indexOf(first) >= 0 ? first : null;
}

function page(event, request, url) {
  var language = languageOf(url);
  var network = fetch(request).then(function (response) {
    if (keepable(response)) event.waitUntil(keep(response.url || request.url, response.clone(), undefined));
    return response;
  });
  return new Promise(function (resolve) {
    var answered = false;
    function answer(response) {
      if (response && !answered) {
        answered = true;
        resolve(response);
      }
    }
    network.then(answer, function () {
      kept(request.url).then(function (response) {
        return response || offlinePage(language);
      }).then(answer);
    });
    setTimeout(function () {
      kept(request.url).then(answer);
    }, PATIENCE_MS);
  });
}

function keepable(response) {
  var control = response.headers.get("Cache-Control") || "";
  return response.status === 200 && response.type === "basic" &&
    (response.headers.get("Content-Type") || "").indexOf("text/html") === 0 &&
    !/private|no-store/.test(control) && !NEVER.test(new URL(response.url).pathname);
}

function kept(url) {
  return caches.open(PAGES).then(function (cache) {
    return cache.match(url, {ignoreVary: true});
  });
}

function offlinePage(language) {
  return caches.open(STATIC).then(function (cache) {
    if (language) {
      return cache.match("/" + language + "/offline/").then(function (response) {
        return response || anyOfflinePage(cache);
      });
    }
    return anyOfflinePage(cache);
  });
}

function anyOfflinePage(cache) {
  return cache.keys().then(function (requests) {
    for (var i = 0; i < requests.length; i++) {
      if (/\/offline\/$/.test(requests[i].url)) return cache.match(requests[i]);
    }
    return Response.error();
  });
}

function keepOfflinePage(language) {
  var address = "/" + language + "/offline/";
  return caches.open(STATIC).then(function (cache) {
    return cache.match(address).then(function (hit) {
      return hit || cache.add(address);
    });
  }).catch(function () {});
}

function titleOf(html) {
  var match = /<title>([^<]*)<\/title>/.exec(html);
  var title = match ? match[1].replace(/\s*·\s*Putokaz\s*$/, "") : "";
  return title.replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">").replace(/&amp;/g, "&").trim();
}

// Keep a page (saved: the topic it was saved with; undefined: as it was).
// The offline page of its language is kept first: once the index lists a
// page, everything a reader needs without a network is on the phone.
function keep(url, response, saved) {
  url = url.split("#")[0];
  var language = languageOf(new URL(url));
  return response.text().then(function (html) {
    return caches.open(PAGES).then(function (cache) {
      return cache.put(url, copyOf(html, response));
    }).then(function () {
      return language && keepOfflinePage(language);
    }).then(function () {
      return changeIndex(function (index) {
        var before = index.pages[url] || {};
        index.pages[url] = {
          title: titleOf(html),
          language: language,
          bytes: new Blob([html]).size + (before.pictureBytes || 0),
          pictures: before.pictures || [],
          pictureBytes: before.pictureBytes || 0,
          at: Date.now(),
          saved: saved === undefined ? (before.saved || null) : saved
        };
        return evict(index, url);
      });
    });
  });
}

// A copy made afresh: a navigation may not be answered with a response
// that was redirected, and the body is already decoded.
function copyOf(html, response) {
  var headers = new Headers();
  response.headers.forEach(function (value, name) {
    if (!/^(content-encoding|content-length|set-cookie)$/i.test(name)) headers.set(name, value);
  });
  return new Response(html, {status: 200, headers: headers});
}

function fetchAndKeep(url, saved, conditional) {
  return fetch(url, {credentials: "same-origin", cache: conditional ? "no-cache" : "default"}).then(function (response) {
    if (!keepable(response)) return 0;
    return keep(response.url || url, response, saved === null ? undefined : saved).then(function () {
      return 1;
    });
  });
}

// When the reader is back online (offline.js) and when a release arrives:
// each kept page again, one at a time, so that an editor's correction
// reaches the phone. The server answers "not modified" for what did not
// change.
// The first answers after the phone says "online" often fail still: a page
// that cannot be fetched is tried again after 1, 3 and 9 s; if it still
// cannot, the network is not back and the rest waits for next time.
function refreshAll() {
  return readIndex().then(function (index) {
    var urls = Object.keys(index.pages);
    return urls.reduce(function (chain, url) {
      return chain.then(function () {
        return refreshOne(url, 0);
      });
    }, Promise.resolve()).catch(function () {});
  });
}

function refreshOne(url, attempt) {
  return fetchAndKeep(url, null, true).catch(function (error) {
    if (attempt >= 3) throw error;
    return new Promise(function (resolve) {
      setTimeout(resolve, 1000 * Math.pow(3, attempt));
    }).then(function () {
      return refreshOne(url, attempt + 1);
    });
  });
}

// -- Saved topics ----------------------------------------------------------

function saveTopic(list, topic) {
  return fetch(list, {credentials: "same-origin"}).then(function (response) {
    if (!response.ok) throw new Error("list " + response.status);
    return response.json();
  }).then(function (data) {
    return data.pages.reduce(function (chain, url) {
      return chain.then(function (count) {
        return fetchAndKeep(url, topic).then(function (kept) {
          return count + kept;
        });
      });
    }, Promise.resolve(0)).then(function (count) {
      return changeIndex(function (index) {
        index.topics[topic] = {title: data.title, language: languageOf(new URL(topic, location.origin)), at: Date.now()};
        return {count: count, bytes: topicBytes(index, topic)};
      });
    });
  });
}

function unsaveTopic(topic) {
  return changeIndex(function (index) {
    delete index.topics[topic];
    var urls = Object.keys(index.pages).filter(function (url) {
      return index.pages[url].saved === topic;
    });
    urls.forEach(function (url) {
      delete index.pages[url];
    });
    return caches.open(PAGES).then(function (cache) {
      return Promise.all(urls.map(function (url) {
        return cache.delete(url);
      }));
    }).then(function () {
      return {count: urls.length};
    });
  });
}

function topicBytes(index, topic) {
  return Object.keys(index.pages).reduce(function (sum, url) {
    return sum + (index.pages[url].saved === topic ? index.pages[url].bytes : 0);
  }, 0);
}

// -- Pictures --------------------------------------------------------------

// The size the browser chose (srcset) is the one kept: cache first, and the
// page that showed it carries its bytes in the index.
function picture(event, request, url) {
  return caches.open(PAGES).then(function (cache) {
    return cache.match(request).then(function (hit) {
      if (hit) return hit;
      return fetch(request).then(function (response) {
        if (response.ok && response.type === "basic") {
          var copy = response.clone();
          event.waitUntil(copy.blob().then(function (blob) {
            return cache.put(request, new Response(blob, {headers: copy.headers})).then(function () {
              return notePicture(event.clientId, request.url, blob.size);
            });
          }));
        }
        return response;
      });
    });
  });
}

function notePicture(clientId, pictureUrl, bytes) {
  return self.clients.get(clientId).then(function (client) {
    return client && notePictureOf(client.url, pictureUrl, bytes);
  });
}

function notePictureOf(pageUrl, pictureUrl, bytes) {
  pageUrl = pageUrl.split("#")[0];
  return changeIndex(function (index) {
    var entry = index.pages[pageUrl];
    if (!entry || (entry.pictures || []).indexOf(pictureUrl) >= 0) return;
    entry.pictures = (entry.pictures || []).concat([pictureUrl]);
    entry.pictureBytes = (entry.pictureBytes || 0) + bytes;
    entry.bytes += bytes;
    return evict(index, pageUrl);
  });
}

// A picture the page showed before this worker answered for it (the first
// visit): offline.js names it, at the size the phone chose.
function keepPicture(url, pageUrl) {
  if (new URL(url).origin !== location.origin) return Promise.resolve();
  return caches.open(PAGES).then(function (cache) {
    return cache.match(url).then(function (hit) {
      if (hit) return hit.blob();
      return fetch(url).then(function (response) {
        if (!response.ok) throw new Error("picture " + response.status);
        return response.blob().then(function (blob) {
          return cache.put(url, new Response(blob, {headers: response.headers})).then(function () {
            return blob;
          });
        });
      });
    }).then(function (blob) {
      return notePictureOf(pageUrl, url, blob.size);
    });
  });
}

// -- Static files ----------------------------------------------------------

// Cache first: in production their names change with their content. Offline,
// a page kept from an earlier release asks for the older name of a file
// this release has: the same file without its hash is given.
function asset(request, url) {
  return caches.open(STATIC).then(function (cache) {
    return cache.match(request).then(function (hit) {
      if (hit) return hit;
      return fetch(request).then(function (response) {
        if (response.ok) cache.put(request, response.clone());
        return response;
      }, function () {
        return sameFile(cache, url.pathname);
      });
    });
  });
}

function withoutHash(path) {
  return path.replace(/\.[0-9a-f]{12}(\.[a-z0-9]+)$/, "$1");
}

function sameFile(cache, path) {
  return cache.keys().then(function (requests) {
    for (var i = 0; i < requests.length; i++) {
      if (withoutHash(new URL(requests[i].url).pathname) === withoutHash(path)) return cache.match(requests[i]);
    }
    return Response.error();
  });
}

// -- The index and the cap -------------------------------------------------

var pending = Promise.resolve();

function readIndex() {
  return caches.open(META).then(function (cache) {
    return cache.match(INDEX);
  }).then(function (response) {
    return response ? response.json() : {pages: {}, topics: {}};
  });
}

// One change at a time: two pages kept at once must not lose an entry.
function changeIndex(change) {
  var result;
  pending = pending.then(readIndex).then(function (index) {
    return Promise.resolve(change(index)).then(function (value) {
      result = value;
      return caches.open(META).then(function (cache) {
        return cache.put(INDEX, new Response(JSON.stringify(index), {headers: {"Content-Type": "application/json"}}));
      });
    });
  });
  var done = pending.then(function () {
    return result;
  });
  pending = pending.catch(function () {});
  return done;
}

// Over the cap: the oldest pages not saved on purpose go first, then the
// oldest saved ones; never the page just kept.
function evict(index, keepUrl) {
  var urls = Object.keys(index.pages);
  var total = urls.reduce(function (sum, url) {
    return sum + index.pages[url].bytes;
  }, 0);
  if (total <= LIMIT) return Promise.resolve();
  urls.sort(function (a, b) {
    var pa = index.pages[a], pb = index.pages[b];
    return (pa.saved ? 1 : 0) - (pb.saved ? 1 : 0) || pa.at - pb.at;
  });
  var gone = [];
  for (var i = 0; i < urls.length && total > LIMIT; i++) {
    if (urls[i] === keepUrl) continue;
    total -= index.pages[urls[i]].bytes;
    gone.push(urls[i]);
  }
  return caches.open(PAGES).then(function (cache) {
    return Promise.all(gone.map(function (url) {
      var pictures = index.pages[url].pictures || [];
      delete index.pages[url];
      return Promise.all([cache.delete(url)].concat(pictures.map(function (picture) {
        return cache.delete(picture);
      })));
    }));
  });
}
