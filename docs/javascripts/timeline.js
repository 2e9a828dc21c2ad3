/* Timeline filters: show only the rows (dated and undated) that involve one actor, and hide the
   rows quoted from reader comments, or the events. Rows carry their actors' ids in data-actors,
   where on the page their quote stands in data-where, and an event's row the class tl-row-event
   (dated) or tl-undated-event; the choices are kept in the address (?actor=ID, ?comments=hide,
   ?events=hide) so a filtered timeline can be linked to. Without scripts every row shows.
   No dependencies, no network. */
(function () {
  "use strict";

  function involves(row, id) {
    return (" " + (row.getAttribute("data-actors") || "") + " ").indexOf(" " + id + " ") !== -1;
  }

  function fromComment(row) {
    return row.getAttribute("data-where") === "reader-comment";
  }

  function isEvent(row) {
    return row.classList.contains("tl-row-event") || row.classList.contains("tl-undated-event");
  }

  function init() {
    var box = document.querySelector(".tl-filter");
    if (!box) return;
    var select = box.querySelector("select");
    var comments = box.querySelector("#tl-hide-comments");
    var events = box.querySelector("#tl-hide-events");
    var count = box.querySelector(".tl-count");
    var dated = document.querySelectorAll(".tl-row");
    var undated = document.querySelectorAll("tr.tl-undated");

    function show(rows, id, hideComments, hideEvents) {
      var shown = 0;
      rows.forEach(function (row) {
        var on = (!id || involves(row, id)) && !(hideComments && fromComment(row)) && !(hideEvents && isEvent(row));
        row.hidden = !on;
        if (on) shown += 1;
      });
      return shown;
    }

    function apply(remember) {
      var id = select.value;
      var hide = !!(comments && comments.checked);
      var noEvents = !!(events && events.checked);
      var a = show(dated, id, hide, noEvents);
      var b = show(undated, id, hide, noEvents);
      count.textContent = id || hide || noEvents ? "Showing " + a + " of " + dated.length + " dated and " + b +
        " of " + undated.length + " undated items." : "";
      if (remember && window.history && window.URL) {
        var url = new URL(window.location.href);
        if (id) url.searchParams.set("actor", id); else url.searchParams.delete("actor");
        if (hide) url.searchParams.set("comments", "hide"); else url.searchParams.delete("comments");
        if (noEvents) url.searchParams.set("events", "hide"); else url.searchParams.delete("events");
        window.history.replaceState(null, "", url.toString());
      }
    }

    var params = new URLSearchParams(window.location.search);
    var wanted = params.get("actor") || "";
    var known = Array.prototype.some.call(select.options, function (o) { return o.value === wanted; });
    select.value = known ? wanted : "";
    select.addEventListener("change", function () { apply(true); });
    if (comments) {
      comments.checked = params.get("comments") === "hide";
      comments.addEventListener("change", function () { apply(true); });
    }
    if (events) {
      events.checked = params.get("events") === "hide";
      events.addEventListener("change", function () { apply(true); });
    }
    box.hidden = false;
    apply(false);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();

/* An article's highlights (article.html's highlight_switch): the reader chooses how the claims'
   highlights are tinted, by status, by role or not at all, and the legend follows. The choice is
   kept for every article (localStorage) and in the address (?highlight=role), so a reload or a
   link keeps it; an address's choice wins over the kept one. Without scripts the highlights are
   tinted by status and the choice is not shown. Kept here, with the other filters, rather than in
   a file of its own. No dependencies, no network. */
(function () {
  "use strict";
  var CHOICES = ["status", "role", "none"];
  var KEY = "archive-highlight";

  function stored() {
    try { return window.localStorage.getItem(KEY); } catch (e) { return null; }
  }

  function store(value) {
    try { window.localStorage.setItem(KEY, value); } catch (e) { /* storage refused: the address keeps it */ }
  }

  function init() {
    var box = document.querySelector(".highlight-switch");
    var text = document.querySelector(".article-text[data-highlight]");
    if (!box || !text) return;
    var choice = box.querySelector(".highlight-choice");
    var inputs = Array.prototype.slice.call(choice.querySelectorAll("input[name=highlight]"));

    function apply(value, remember) {
      box.setAttribute("data-highlight", value);
      text.setAttribute("data-highlight", value);
      if (!remember) return;
      store(value);
      if (window.history && window.URL) {
        var url = new URL(window.location.href);
        if (value === "status") url.searchParams.delete("highlight"); else url.searchParams.set("highlight", value);
        window.history.replaceState(window.history.state, "", url.toString());
      }
    }

    var wanted = new URLSearchParams(window.location.search).get("highlight") || stored() || "status";
    if (CHOICES.indexOf(wanted) === -1) wanted = "status";
    inputs.forEach(function (input) {
      input.checked = input.value === wanted;
      input.addEventListener("change", function () { if (input.checked) apply(input.value, true); });
    });
    choice.hidden = false;
    apply(wanted, false);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
