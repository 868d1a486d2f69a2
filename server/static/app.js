// BioKG Lào Cai: small enhancements; every page works without this script.
"use strict";
(function () {
  // Suggestions under the search box, from /api/suggest (same origin).
  var box = document.getElementById("q");
  var list = document.getElementById("suggestions");
  if (box && list) {
    var timer = null;
    var last = "";
    box.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = box.value.trim();
        if (q.length < 2 || q === last) return;
        last = q;
        fetch("/api/suggest?limit=8&q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
          .then(function (data) {
            while (list.firstChild) list.removeChild(list.firstChild);
            (data.suggestions || []).forEach(function (s) {
              var option = document.createElement("option");
              option.value = s.label; // text only: never parsed as markup
              list.appendChild(option);
            });
          })
          .catch(function () {});
      }, 150);
    });
  }
  // A ticked facet applies at once.
  var facets = document.getElementById("facets");
  if (facets) {
    facets.addEventListener("change", function (e) {
      if (e.target && e.target.type === "checkbox") facets.submit();
    });
  }
  // Ctrl+Enter (or Cmd+Enter) runs the SPARQL query.
  var editor = document.getElementById("query");
  if (editor && editor.form) {
    editor.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        editor.form.submit();
      }
    });
  }
})();
