// The header's menus (templates/base.html: "Menu" on phones and the
// language switcher, templates/includes/language_switcher.html) are
// <details> of plain links that work without script. This adds what only
// script can: the other language opens at the same step (the #step-N
// fragment never reaches the server; a redirect without one keeps the
// link's), and a menu closes on Escape or a click elsewhere.
(function () {
  var languages = document.querySelector("details.languages");
  if (languages) {
    var links = languages.querySelectorAll("a[href]");
    languages.addEventListener("toggle", function () {
      if (!languages.open) return;
      for (var i = 0; i < links.length; i++) {
        links[i].href = links[i].href.split("#")[0] + location.hash;
      }
    });
  }
  var menus = document.querySelectorAll(".site-header details");
  function each(action) {
    for (var i = 0; i < menus.length; i++) action(menus[i]);
  }
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    each(function (menu) {
      if (!menu.open) return;
      var focused = menu.contains(document.activeElement);
      menu.open = false;
      if (focused) menu.querySelector("summary").focus();
    });
  });
  document.addEventListener("click", function (event) {
    each(function (menu) {
      if (menu.open && !menu.contains(event.target)) menu.open = false;
    });
  });
})();

// A guide's steps (guides/templates/guides/guide_page.html) are all open in
// the HTML. Script folds each to its heading, a button that opens it, with
// "Show all steps" above them; the step a link points at (#step-N, from the
// overview or a search result) opens. Printing shows every step.
(function () {
  var list = document.querySelector("ol.steps");
  if (!list) return;
  var steps = list.querySelectorAll(".step");
  var toggles = [];
  function setOpen(step, open) {
    step.querySelector(".step-content").hidden = !open;
    step.querySelector(".step-toggle").setAttribute("aria-expanded", String(open));
  }
  function allOpen() {
    for (var i = 0; i < steps.length; i++) {
      if (steps[i].querySelector(".step-content").hidden) return false;
    }
    return true;
  }
  var showAll = document.createElement("button");
  showAll.type = "button";
  showAll.className = "show-all secondary";
  function label() {
    var open = allOpen();
    showAll.textContent = open ? list.dataset.hideAll : list.dataset.showAll;
    showAll.setAttribute("aria-expanded", String(open));
  }
  showAll.addEventListener("click", function () {
    var open = !allOpen();
    for (var i = 0; i < steps.length; i++) setOpen(steps[i], open);
    label();
  });
  for (var i = 0; i < steps.length; i++) {
    (function (step) {
      var heading = step.querySelector("h2");
      var content = step.querySelector(".step-content");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "step-toggle";
      button.setAttribute("aria-controls", content.id);
      while (heading.firstChild) button.appendChild(heading.firstChild);
      heading.appendChild(button);
      button.addEventListener("click", function () {
        setOpen(step, content.hidden);
        label();
      });
      toggles.push(button);
      setOpen(step, false);
    })(steps[i]);
  }
  function openTarget() {
    var target = location.hash && document.getElementById(location.hash.slice(1));
    var step = target && target.closest && target.closest(".step");
    if (step && list.contains(step)) {
      setOpen(step, true);
      label();
      step.scrollIntoView();
    }
  }
  list.parentNode.insertBefore(showAll, list);
  label();
  openTarget();
  window.addEventListener("hashchange", openTarget);
  window.addEventListener("beforeprint", function () {
    for (var i = 0; i < steps.length; i++) setOpen(steps[i], true);
    label();
  });
})();
