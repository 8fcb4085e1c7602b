// Search page enhancement with Pagefind (loaded only on /search/). Without this script the
// form leads to the archives. Strings come from the page (gettext), not from here.
(function () {
  "use strict";
  var script = document.currentScript;
  var form = document.querySelector("[data-search-form]");
  var input = document.getElementById("search-query");
  var results = document.querySelector("[data-search-results]");
  var filtersBox = document.querySelector("[data-search-filters]");
  var selects = Array.prototype.slice.call(document.querySelectorAll("[data-filter]"));
  var pagefind = null;

  var archivesUrl = form.getAttribute("action");  // where the form goes without JavaScript
  form.setAttribute("action", "");  // with JavaScript, results appear on this page
  document.querySelector("[data-search-nojs]").hidden = true;

  function text(tag, value, className) {
    var element = document.createElement(tag);
    element.textContent = value;
    if (className) element.className = className;
    return element;
  }

  // A language with many pages is indexed in shards (tools/search_index.py): shards.json names
  // the extra bundles of each language, merged here so that one search covers them all.
  function mergeShards(module) {
    var lang = document.documentElement.lang;
    return fetch(script.dataset.bundle + "shards.json").then(function (response) {
      return response.ok ? response.json() : {};
    }).then(function (shards) {
      return Promise.all((shards[lang] || []).map(function (shard) {
        return module.mergeIndex(script.dataset.bundle + shard, { language: lang, excerptLength: 24 });
      }));
    }).then(function () { return module; });
  }

  function load() {
    if (!pagefind) {
      pagefind = import(script.dataset.bundle + "pagefind.js").then(function (module) {
        return module.options({ excerptLength: 24 }).then(function () { return mergeShards(module); });
      });
    }
    return pagefind;
  }

  function fillFilters(module) {
    return module.filters().then(function (all) {
      selects.forEach(function (select) {
        var values = Object.keys(all[select.dataset.filter] || {}).sort();
        if (select.dataset.filter === "year") values.reverse();
        values.forEach(function (value) { select.appendChild(text("option", value)); });
      });
      filtersBox.hidden = false;
    });
  }

  function render(found, items) {
    results.textContent = "";
    var count = found.results.length;
    // "Results: 3" reads right in every language (Russian needs three plural forms otherwise)
    results.appendChild(text("p", count === 0 ? script.dataset.none :
      script.dataset.count.replace("{n}", count), "search-results__count"));
    if (count === 0) {  // the archives the message speaks of, one tap away
      var archives = text("a", script.dataset.archives);
      archives.href = archivesUrl;
      var line = document.createElement("p");
      line.appendChild(archives);
      results.appendChild(line);
    }
    var list = document.createElement("ol");
    items.forEach(function (item) {
      var entry = document.createElement("li");
      var link = text("a", item.meta.title || item.url);
      link.href = item.url;
      var heading = document.createElement("h2");
      heading.className = "card__title";
      heading.appendChild(link);
      entry.appendChild(heading);
      var details = [item.filters.type && item.filters.type[0], item.meta.date, item.meta.section].filter(Boolean);
      entry.appendChild(text("p", details.join(" · "), "card__meta"));
      var excerpt = document.createElement("p");
      excerpt.innerHTML = item.excerpt;  // Pagefind escapes the text and adds only <mark>
      entry.appendChild(excerpt);
      entry.className = "card";
      list.appendChild(entry);
    });
    results.appendChild(list);
  }

  function search() {
    var query = input.value.trim();
    var filters = {};
    selects.forEach(function (select) { if (select.value) filters[select.dataset.filter] = select.value; });
    var params = new URLSearchParams(query ? { q: query } : {});
    history.replaceState(null, "", query ? "?" + params.toString() : location.pathname);
    if (!query) { results.textContent = ""; return; }
    results.textContent = script.dataset.loading;
    load().then(function (module) {
      return module.search(query, { filters: filters });
    }).then(function (found) {
      return Promise.all(found.results.slice(0, 20).map(function (r) { return r.data(); }))
        .then(function (items) { render(found, items); });
    });
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); search(); });
  selects.forEach(function (select) { select.addEventListener("change", search); });
  load().then(fillFilters);
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { input.value = initial; search(); }
})();
