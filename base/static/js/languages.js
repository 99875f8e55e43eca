// The language switcher (templates/includes/language_switcher.html) is a
// <details> menu of plain links that works without script. This adds what
// only script can: the other language opens at the same step (the #step-N
// fragment never reaches the server; a redirect without one keeps the
// link's), and the menu closes on Escape or a click elsewhere.
(function () {
  var menu = document.querySelector("details.languages");
  if (!menu) return;
  var links = menu.querySelectorAll("a[href]");
  menu.addEventListener("toggle", function () {
    if (!menu.open) return;
    for (var i = 0; i < links.length; i++) {
      links[i].href = links[i].href.split("#")[0] + location.hash;
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !menu.open) return;
    var focused = menu.contains(document.activeElement);
    menu.open = false;
    if (focused) menu.querySelector("summary").focus();
  });
  document.addEventListener("click", function (event) {
    if (menu.open && !menu.contains(event.target)) menu.open = false;
  });
})();
