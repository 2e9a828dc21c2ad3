/*
 * The header search box with Pagefind (`extra: archive_search: pagefind`).
 *
 * Pagefind's JavaScript API (pagefind/pagefind.js, written next to the pages by the build) is
 * imported on first use, from this site only, and runs on the page's own thread (no worker: one
 * file fewer to download). The site is indexed in several bundles (build_scripts/publish/search.py):
 * a query searches pagefind/, which holds the kinds of page listed in its bundles.json ("first":
 * all but the claims, in an archive of a few thousand pages); the other bundles listed there
 * ("more", each with its kinds: the claims, and in a large archive the kinds that did not fit
 * pagefind/) are merged in when the reader picks one of their kinds or asks for more results, so
 * that a first query downloads little. Until then the result line names the kinds not searched
 * yet, and a button searches them too. Each search loads just the index chunks for its words and
 * the fragments of the results shown. Results can be limited to one kind of page through
 * Pagefind's "kind" filter. A query of one word that is exactly an actor's or place's alias (an
 * acronym such as HTS: the "alias" filter values of their pages' meta cards) puts that page first,
 * whatever its score.
 *
 * Everything a result shows is set as text: the title with textContent, the excerpt rebuilt
 * from text nodes and Pagefind's <mark> highlights only (parsed in an inert document), so
 * no markup from the archive's texts can reach the page.
 */
(function () {
  "use strict";
  var box = document.querySelector("[data-archive-search]");
  if (!box) return;
  var toggle = document.getElementById("__search");
  var form = box.querySelector("form");
  var input = box.querySelector(".md-search__input");
  var meta = box.querySelector(".md-search-result__meta");
  var list = box.querySelector(".md-search-result__list");
  var kinds = box.querySelectorAll("input[name=archive-search-kind]");
  var bundle = new URL(box.getAttribute("data-archive-search"), document.baseURI);
  var more = box.querySelector(".archive-search__more");
  var root = new URL("../", bundle);
  var SHOWN = 10;
  var PLURAL = { article: "articles", claim: "claims", actor: "actors", dispute: "disputes", event: "events",
                 place: "places", "": "other pages" };
  var pagefind = null;
  var later = [];  // the bundles not searched by every query: {folder, kinds}
  var merging = {};  // folder → its merge, once asked for (then every query searches it)
  var latest = 0;
  var settings = { baseUrl: root.pathname, noWorker: true };  // Pagefind records root-relative URLs

  function load() {
    if (!pagefind) {
      var listing = fetch(bundle.href + "bundles.json").then(function (response) {
        return response.ok ? response.json() : {};
      });
      pagefind = Promise.all([import(bundle.href + "pagefind.js"), listing]).then(function (loaded) {
        var api = loaded[0];
        later = loaded[1].more || [];
        return api.options(settings).then(function () {
          api.init();
          return api;
        });
      });
      pagefind.catch(function () { pagefind = null; });
    }
    return pagefind;
  }

  // The later bundles holding kind `k` (any kind: ""), not merged yet.
  function pending(k) {
    return later.filter(function (b) { return !merging[b.folder] && (!k || b.kinds.indexOf(k) >= 0); });
  }

  function merge(api, bundles) {
    return Promise.all(bundles.map(function (b) {
      if (!merging[b.folder]) {
        merging[b.folder] = api.mergeIndex(new URL(b.folder, root).pathname, { baseUrl: settings.baseUrl });
        merging[b.folder].catch(function () { delete merging[b.folder]; });
      }
      return merging[b.folder];
    })).then(function () { return api; });
  }

  // "articles, places and claims": the kinds of `bundles`, in the order of the kind filter.
  function named(bundles) {
    var all = {};
    bundles.forEach(function (b) { b.kinds.forEach(function (k) { all[k] = true; }); });
    var names = Object.keys(PLURAL).filter(function (k) { return all[k]; }).map(function (k) { return PLURAL[k]; });
    return names.length < 2 ? names.join("") : names.slice(0, -1).join(", ") + " and " + names[names.length - 1];
  }

  function kind() {
    for (var i = 0; i < kinds.length; i++) if (kinds[i].checked) return kinds[i].value;
    return "";
  }

  // Pagefind's excerpt is the page's text, escaped, with <mark> around the matched words.
  function excerpt(html) {
    var out = document.createDocumentFragment();
    var doc = new DOMParser().parseFromString("<body>" + html, "text/html");
    doc.body.childNodes.forEach(function (node) {
      if (node.nodeType === Node.ELEMENT_NODE && node.tagName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function item(data) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = data.url;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var title = document.createElement("h1");
    title.textContent = (data.meta && data.meta.title) || data.url;
    var kindName = data.filters && data.filters.kind && data.filters.kind[0];
    if (kindName) {
      var tag = document.createElement("span");
      tag.className = "archive-search__kind";
      tag.textContent = kindName;
      title.appendChild(document.createTextNode(" "));
      title.appendChild(tag);
    }
    var text = document.createElement("p");
    text.appendChild(excerpt(data.excerpt || ""));
    article.appendChild(title);
    article.appendChild(text);
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }

  // The pages whose alias is exactly `query` (letters and digits, any case): [] for any other query.
  function aliased(api, query, k) {
    if ((k && k !== "actor") || !/^[\p{L}\p{N}]+$/u.test(query)) return Promise.resolve([]);
    var want = query.toLowerCase();
    return api.filters().then(function (filters) {
      var values = Object.keys((filters && filters.alias) || {}).filter(function (v) {
        return v.toLowerCase() === want;
      });
      if (!values.length) return [];
      return api.search(null, { filters: { alias: { any: values } } }).then(function (r) { return r.results; });
    });
  }

  // The exact alias matches first, then every other result in Pagefind's order.
  function ranked(named, results) {
    var first = {};
    named.forEach(function (r) { first[r.id] = true; });
    return named.concat(results.filter(function (r) { return !first[r.id]; }));
  }

  function search() {
    var query = input.value.trim();
    var ticket = ++latest;
    if (!query) {
      list.replaceChildren();
      meta.textContent = "Type to start searching";
      return;
    }
    var k = kind();
    load().then(function (api) {
      return k ? merge(api, pending(k)) : api;
    }).then(function (api) {
      return api.debouncedSearch(query, k ? { filters: { kind: k } } : {}, 150).then(function (found) {
        if (found === null || ticket !== latest) return null;  // a newer query superseded this one
        return aliased(api, query, k).then(function (named) { return ranked(named, found.results); });
      });
    }).then(function (results) {
      if (results === null || ticket !== latest) return null;
      return Promise.all(results.slice(0, SHOWN).map(function (r) { return r.data(); }))
        .then(function (pages) {
          if (ticket !== latest) return;
          var n = results.length;
          var left = pending(k);
          meta.textContent = (n === 0 ? "No matching documents"
            : n === 1 ? "1 matching document"
            : n + " matching documents" + (n > SHOWN ? ", the first " + SHOWN + " shown" : ""))
            + (left.length ? "; " + named(left) + " not searched yet" : "");
          if (more) {
            more.hidden = !left.length;
            more.textContent = "More results: search " + named(left) + " too";
          }
          list.replaceChildren.apply(list, pages.map(item));
        });
    }).catch(function (error) {
      if (ticket !== latest) return;
      meta.textContent = "Search is unavailable.";
      console.warn("archive search:", error);
    });
  }

  input.addEventListener("focus", function () {
    if (toggle) toggle.checked = true;
    load();
  });
  input.addEventListener("input", search);
  kinds.forEach(function (radio) { radio.addEventListener("change", search); });
  if (more) {
    more.addEventListener("click", function () {
      more.hidden = true;
      load().then(function (api) { return merge(api, pending("")); }).then(search);
      input.focus();
    });
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) window.location.href = first.href;
  });
  form.addEventListener("reset", function () {
    setTimeout(search, 0);
    input.focus();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle && toggle.checked) {
      toggle.checked = false;
      input.blur();
    } else if (event.key === "/" && !/^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName)) {
      event.preventDefault();
      input.focus();
    }
  });
  if (toggle) {
    toggle.addEventListener("change", function () {
      if (toggle.checked) input.focus();
    });
  }
})();
