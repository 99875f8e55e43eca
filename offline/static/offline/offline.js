// Offline reading (offline/templates/offline/service-worker.js keeps the
// pages). This script registers the worker once the page has loaded, asks
// it to refresh what it keeps when the phone is back online, and runs what
// the reader sees of it: "Save this topic for offline", the offline page's
// list, and "Saved on this phone" with "Clear everything". Without it, or
// where the browser cannot keep pages, every page reads as before.
(function () {
  if (!("serviceWorker" in navigator) || !window.caches) return;
  var language = document.documentElement.lang;
  var CHECKLIST = "putokaz-checklist"; // guides/static/guides/checklist.js

  function reveal(selector) {
    var element = document.querySelector(selector);
    if (element) element.hidden = false;
    return element;
  }
  reveal(".on-this-phone");

  var ready = new Promise(function (resolve) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register("/sw.js").then(function () {
        return navigator.serviceWorker.ready;
      }).then(function (registration) {
        // The first page was loaded before the worker ran: keep it too,
        // then its pictures.
        var kept = navigator.serviceWorker.controller
          ? Promise.resolve()
          : send(registration, {type: "keep", url: location.href});
        resolve(registration);
        kept.then(keepPictures, keepPictures);
      }, function () {});
    });
  });

  // A step's picture, at the size this phone shows, is kept with its page:
  // a folded step's waits to be scrolled to, so it is loaded now.
  function keepPictures() {
    var pictures = document.querySelectorAll(".step-picture img");
    for (var i = 0; i < pictures.length; i++) {
      (function (picture) {
        function keep() {
          if (picture.currentSrc) ask({type: "keep-picture", url: picture.currentSrc, page: location.href});
        }
        if (picture.complete && picture.currentSrc) keep();
        else picture.addEventListener("load", keep, {once: true});
        picture.loading = "eager";
      })(pictures[i]);
    }
  }

  function send(registration, message) {
    return new Promise(function (resolve, reject) {
      var channel = new MessageChannel();
      channel.port1.onmessage = function (event) {
        if (event.data.ok) resolve(event.data.result);
        else reject(new Error(event.data.error));
      };
      registration.active.postMessage(message, [channel.port2]);
    });
  }

  function ask(message) {
    return ready.then(function (registration) {
      return send(registration, message);
    });
  }

  window.addEventListener("online", function () {
    ask({type: "refresh"});
  });

  function readIndex() {
    return caches.open("putokaz-meta").then(function (cache) {
      return cache.match("/offline-index.json");
    }).then(function (response) {
      return response ? response.json() : {pages: {}, topics: {}};
    });
  }

  function size(bytes) {
    var megabytes = bytes >= 1024 * 1024;
    var format = new Intl.NumberFormat(language, {
      style: "unit",
      unit: megabytes ? "megabyte" : "kilobyte",
      maximumFractionDigits: megabytes ? 1 : 0
    });
    return format.format(megabytes ? bytes / 1024 / 1024 : Math.max(1, Math.round(bytes / 1024)));
  }

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (all, name) {
      return name in values ? values[name] : all;
    });
  }

  function link(url, title, titleLanguage, extra) {
    var item = document.createElement("li");
    var anchor = document.createElement("a");
    anchor.href = url;
    anchor.textContent = title;
    if (titleLanguage && titleLanguage !== language) anchor.lang = titleLanguage;
    anchor.dir = "auto";
    item.appendChild(anchor);
    if (extra) item.appendChild(document.createTextNode(" · " + extra));
    return item;
  }

  // -- "Save this topic for offline" (guides/templates/guides/topic_page.html)
  var save = reveal(".offline-save");
  if (save) {
    var saveButton = save.querySelector("[data-save]");
    var removeButton = save.querySelector("[data-remove]");
    var status = save.querySelector("[data-status]");
    var topic = save.dataset.topic;
    var showSaved = function (bytes) {
      status.textContent = fill(save.dataset.saved, {size: size(bytes)});
      saveButton.hidden = true;
      removeButton.hidden = false;
    };
    readIndex().then(function (index) {
      if (!index.topics[topic]) return;
      var bytes = 0;
      Object.keys(index.pages).forEach(function (url) {
        if (index.pages[url].saved === topic) bytes += index.pages[url].bytes;
      });
      showSaved(bytes);
    });
    saveButton.addEventListener("click", function () {
      saveButton.disabled = true;
      status.textContent = save.dataset.saving;
      ask({type: "save-topic", list: save.dataset.list, topic: topic}).then(function (result) {
        showSaved(result.bytes);
      }, function () {
        status.textContent = save.dataset.failed;
      }).then(function () {
        saveButton.disabled = false;
      });
    });
    removeButton.addEventListener("click", function () {
      ask({type: "unsave-topic", topic: topic}).then(function () {
        status.textContent = save.dataset.removed;
        removeButton.hidden = true;
        saveButton.hidden = false;
      });
    });
  }

  // -- The pages kept (the offline page and "Saved on this phone")
  var keptList = document.querySelector("[data-kept-pages]");
  if (keptList) {
    readIndex().then(function (index) {
      var urls = Object.keys(index.pages);
      // The reader's language first, then by title.
      urls.sort(function (a, b) {
        var pa = index.pages[a], pb = index.pages[b];
        return (pa.language !== language) - (pb.language !== language) || pa.title.localeCompare(pb.title);
      });
      var bytes = 0;
      urls.forEach(function (url) {
        var entry = index.pages[url];
        bytes += entry.bytes;
        keptList.appendChild(link(url, entry.title || url, entry.language));
      });
      document.querySelector("[data-kept-none]").hidden = urls.length > 0;
      var total = document.querySelector("[data-kept-total]");
      if (total && urls.length) total.textContent = fill(total.dataset.label, {count: urls.length, size: size(bytes)});
    });
  }

  // -- "My guides": the guides with ticked steps (checklist.js)
  var myGuides = document.querySelector("[data-my-guides]");
  if (myGuides) {
    var guides = {};
    try {
      guides = JSON.parse(localStorage.getItem(CHECKLIST)) || {};
    } catch (error) {
      guides = {};
    }
    var keys = Object.keys(guides).sort(function (a, b) {
      return guides[b].at - guides[a].at;
    });
    keys.forEach(function (key) {
      var guide = guides[key];
      myGuides.appendChild(link(guide.url, guide.title, guide.language,
        fill(myGuides.dataset.progress, {done: guide.done.length, total: guide.total})));
    });
    document.querySelector("[data-my-guides-none]").hidden = keys.length > 0;
  }

  // -- "Clear everything from this phone"
  var clear = reveal("[data-clear-all]");
  if (clear) {
    clear.addEventListener("click", function () {
      try {
        localStorage.removeItem(CHECKLIST);
      } catch (error) { /* storage turned off: nothing kept */ }
      navigator.serviceWorker.getRegistrations().then(function (registrations) {
        return Promise.all(registrations.map(function (registration) {
          return registration.unregister();
        }));
      }).then(function () {
        return caches.keys();
      }).then(function (names) {
        return Promise.all(names.filter(function (name) {
          return name.indexOf("putokaz-") === 0;
        }).map(function (name) {
          return caches.delete(name);
        }));
      }).then(function () {
        [keptList, myGuides].forEach(function (list) {
          if (list) list.textContent = "";
        });
        document.querySelector("[data-kept-none]").hidden = false;
        document.querySelector("[data-my-guides-none]").hidden = false;
        var total = document.querySelector("[data-kept-total]");
        if (total) total.textContent = "";
        reveal("[data-cleared]");
      });
    });
  }
})();
