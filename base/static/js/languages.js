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
