// My checklist: each step of a guide can be ticked as done. The ticks stay
// in this browser only (localStorage, nothing is sent), under the guide's
// translation key and each step's block id, so they hold in every language
// and offline. The overview says "3 of 6 steps done"; "Saved on this phone"
// (offline/offline.js) lists the guides started. A printed guide shows the
// boxes as ticked. Without script the guide reads as before.
(function () {
  var list = document.querySelector("ol.steps[data-guide]");
  if (!list) return;
  var KEY = "putokaz-checklist";
  var guide = list.dataset.guide;
  var ids = list.dataset.stepIds.split(",");
  var steps = list.querySelectorAll(":scope > .step");
  var overview = document.querySelectorAll(".step-overview li");
  // A preview's new step has no id yet: no checklist there.
  if (steps.length !== ids.length || ids.indexOf("") >= 0) return;

  function load() {
    try {
      return JSON.parse(localStorage.getItem(KEY)) || {};
    } catch (error) {
      return null; // storage turned off: no checklist
    }
  }
  var all = load();
  if (all === null) return;
  var done = (all[guide] && all[guide].done) || [];

  var progress = document.createElement("p");
  progress.className = "progress";
  progress.setAttribute("role", "status");
  var heading = document.getElementById("overview-heading");
  if (heading) heading.parentNode.insertBefore(progress, heading.nextSibling);

  function store() {
    var kept = load() || {};
    var current = ids.filter(function (id) {
      return done.indexOf(id) >= 0;
    });
    if (current.length) {
      var title = document.querySelector("article.guide h1");
      kept[guide] = {
        title: title ? title.textContent.trim() : document.title,
        url: location.pathname,
        language: document.documentElement.lang,
        total: ids.length,
        done: current,
        at: Date.now()
      };
    } else {
      delete kept[guide];
    }
    try {
      localStorage.setItem(KEY, JSON.stringify(kept));
    } catch (error) { /* full or turned off: the ticks last this visit */ }
  }

  function show() {
    var count = 0;
    for (var i = 0; i < steps.length; i++) {
      var ticked = done.indexOf(ids[i]) >= 0;
      if (ticked) count++;
      steps[i].classList.toggle("done", ticked);
      steps[i].querySelector(".step-done input").checked = ticked;
      if (overview[i]) overview[i].classList.toggle("done", ticked);
    }
    progress.textContent = list.dataset.progress.replace("{done}", count).replace("{total}", ids.length);
  }

  for (var i = 0; i < steps.length; i++) {
    (function (step, id) {
      var label = document.createElement("label");
      label.className = "step-done";
      var box = document.createElement("input");
      box.type = "checkbox";
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + list.dataset.done));
      step.querySelector(".step-content").appendChild(label);
      box.addEventListener("change", function () {
        done = done.filter(function (other) {
          return other !== id;
        });
        if (box.checked) done.push(id);
        store();
        show();
      });
    })(steps[i], ids[i]);
  }
  show();
  // Another tab, or "Clear everything" on the saved page.
  window.addEventListener("storage", function (event) {
    if (event.key !== KEY && event.key !== null) return;
    var fresh = load() || {};
    done = (fresh[guide] && fresh[guide].done) || [];
    show();
  });
})();
