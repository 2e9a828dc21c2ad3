/* Sortable index tables: click a column heading to sort by it, click again to reverse.
   Cells may carry data-sort (on the cell or its first child) for a sort key other than the
   visible text, such as a date's key (build_scripts/render/common.py, date_sort_key). An empty
   key (data-sort="", as for an unknown date, or an empty cell) stands for no value: such rows
   go last whichever way the column is sorted, in the order they had. No dependencies, no
   network. */
(function () {
  "use strict";
  function key(cell) {
    var holder = cell.querySelector("[data-sort]") || cell;
    var raw = holder.getAttribute("data-sort");
    var text = (raw !== null ? raw : cell.textContent).trim();
    if (text === "") return null;
    var num = Number(text.replace(/,/g, ""));
    return !isNaN(num) ? { n: num } : { s: text.toLocaleLowerCase() };
  }
  function compare(a, b) {
    if ("n" in a && "n" in b) return a.n - b.n;
    if ("n" in a) return -1;
    if ("n" in b) return 1;
    return a.s < b.s ? -1 : a.s > b.s ? 1 : 0;
  }
  function enable(table) {
    var headers = table.querySelectorAll("thead th");
    headers.forEach(function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var k1 = key(r1.cells[index]), k2 = key(r2.cells[index]);
          if (k1 === null || k2 === null) return (k1 === null) - (k2 === null);
          var c = compare(k1, k2);
          return ascending ? c : -c;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }
  function init() {
    document.querySelectorAll("table[data-sortable]").forEach(function (table) {
      if (!table.dataset.sortable) { table.dataset.sortable = "1"; enable(table); }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
/* Table filters (the claims index): a form.table-filter, hidden in the page as written, filters
   the rows of the page's table[data-filterable]. Each select names, in data-match, the rows' data
   attributes it reads (data-status, data-claimant, data-actor-type...); a row shows when, for every
   select with a value, one of those attributes holds it. The choices are kept in the address
   (?status=contested&role=denies) so that a filtered view can be linked to, and carried along to
   the other pages of the index. Filtering only hides rows, so sorting reorders them unchanged.
   Without scripts the form stays hidden and every row shows. No dependencies, no network. */
(function () {
  "use strict";
  function init() {
    var form = document.querySelector("form.table-filter");
    var table = document.querySelector("table[data-filterable]");
    if (!form || !table || !table.tBodies[0]) return;
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var count = form.querySelector(".table-filter-count");
    var noun = form.getAttribute("data-noun") || "rows";
    var pagers = document.querySelectorAll("nav.pager a");

    function matches(row, select) {
      var value = select.value;
      if (!value) return true;
      return select.getAttribute("data-match").split(" ").some(function (name) {
        return row.getAttribute("data-" + name) === value;
      });
    }

    function apply(remember) {
      var rows = Array.prototype.slice.call(table.tBodies[0].rows);
      var shown = 0;
      rows.forEach(function (row) {
        var on = selects.every(function (select) { return matches(row, select); });
        row.hidden = !on;
        if (on) shown += 1;
      });
      var filtered = selects.some(function (select) { return select.value; });
      count.textContent = shown + " of " + rows.length + " " + noun + " shown.";
      if (remember && window.history && window.URL) {
        var url = new URL(window.location.href);
        selects.forEach(function (select) {
          if (select.value) url.searchParams.set(select.name, select.value); else url.searchParams.delete(select.name);
        });
        window.history.replaceState(null, "", url.toString());
      }
      pagers.forEach(function (link) {
        var to = new URL(link.href);
        selects.forEach(function (select) {
          if (select.value) to.searchParams.set(select.name, select.value); else to.searchParams.delete(select.name);
        });
        link.href = to.toString();
      });
      form.classList.toggle("table-filter-on", filtered);
    }

    var params = new URLSearchParams(window.location.search);
    selects.forEach(function (select) {
      var wanted = params.get(select.name) || "";
      var known = Array.prototype.some.call(select.options, function (o) { return o.value === wanted; });
      select.value = known ? wanted : "";
      select.addEventListener("change", function () { apply(true); });
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.querySelector(".table-filter-reset").addEventListener("click", function () {
      selects.forEach(function (select) { select.value = ""; });
      apply(true);
    });
    form.hidden = false;
    apply(false);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
