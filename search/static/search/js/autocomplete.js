/* Progressive enhancement: page titles suggested under the search box (native <datalist>). */
(function () {
  "use strict";
  document.querySelectorAll("input[data-autocomplete-url]").forEach(function (input) {
    var list = document.createElement("datalist");
    list.id = input.id + "-suggestions";
    input.after(list);
    input.setAttribute("list", list.id);
    var timer = null;
    var controller = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var text = input.value.trim();
      if (text.length < 2) { list.replaceChildren(); return; }
      timer = setTimeout(function () {
        if (controller) { controller.abort(); }
        controller = new AbortController();
        var url = input.dataset.autocompleteUrl + "?q=" + encodeURIComponent(text);
        fetch(url, { signal: controller.signal, headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            list.replaceChildren.apply(list, data.results.map(function (result) {
              var option = document.createElement("option");
              option.value = result.title;
              option.label = result.type;
              return option;
            }));
          })
          .catch(function () { /* suggestions are optional */ });
      }, 200);
    });
  });
})();
