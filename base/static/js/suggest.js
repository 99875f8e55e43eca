// Suggestions as you type on the search page. The page works without this:
// it only adds a short list of matching guides under the search box.
(function () {
  var input = document.querySelector("input[data-suggest]");
  if (!input || !window.fetch) return;
  var list = document.createElement("ul");
  list.className = "suggestions";
  list.setAttribute("aria-live", "polite");
  input.closest("form").appendChild(list);
  var timer, latest = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var query = input.value.trim(), ticket = ++latest;
      if (query.length < 2) { list.replaceChildren(); return; }
      fetch(input.dataset.suggest + encodeURIComponent(query))
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) {
          if (ticket !== latest) return;
          list.replaceChildren.apply(list, data.suggestions.map(function (item) {
            var li = document.createElement("li"), a = document.createElement("a");
            a.href = item.url;
            a.textContent = item.title;
            li.appendChild(a);
            return li;
          }));
        })
        .catch(function () { list.replaceChildren(); });
    }, 200);
  });
})();
