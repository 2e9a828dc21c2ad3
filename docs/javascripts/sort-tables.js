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
