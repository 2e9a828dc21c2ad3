/* Timeline filter: show only the rows (dated and undated) that involve one actor. Rows carry
   their actors' ids in data-actors; the choice is kept in the address (?actor=ID) so a
   filtered timeline can be linked to. Without scripts every row shows.
   No dependencies, no network. */
(function () {
  "use strict";

  function involves(row, id) {
    return (" " + (row.getAttribute("data-actors") || "") + " ").indexOf(" " + id + " ") !== -1;
  }

  function init() {
    var box = document.querySelector(".tl-filter");
    if (!box) return;
    var select = box.querySelector("select");
    var count = box.querySelector(".tl-count");
    var dated = document.querySelectorAll(".tl-row");
    var undated = document.querySelectorAll("tr.tl-undated");

    function show(rows, id) {
      var shown = 0;
      rows.forEach(function (row) {
        var on = !id || involves(row, id);
        row.hidden = !on;
        if (on) shown += 1;
      });
      return shown;
    }

    function apply(id, remember) {
      var a = show(dated, id);
      var b = show(undated, id);
      count.textContent = id ? "Showing " + a + " of " + dated.length + " dated and " + b + " of " +
        undated.length + " undated items." : "";
      if (remember && window.history && window.URL) {
        var url = new URL(window.location.href);
        if (id) url.searchParams.set("actor", id); else url.searchParams.delete("actor");
        window.history.replaceState(null, "", url.toString());
      }
    }

    var wanted = new URLSearchParams(window.location.search).get("actor") || "";
    var known = Array.prototype.some.call(select.options, function (o) { return o.value === wanted; });
    select.value = known ? wanted : "";
    select.addEventListener("change", function () { apply(select.value, true); });
    box.hidden = false;
    apply(select.value, false);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
