/* "Cite this page": puts the day the page is read into each citation, and its full address
   when the build did not know it (the box then shows a path from the site root; a site built
   with its public address, ARCHIVE_SITE_URL, shows the full address, which is kept), and adds a
   Copy button to each format. Without scripts the box still shows every citation.
   No dependencies, no network. */
(function () {
  "use strict";
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December"];

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function accessed(format, now) {
    if (format === "text") {
      return " Accessed " + now.getDate() + " " + MONTHS[now.getMonth()] + " " + now.getFullYear() + ".";
    }
    if (format === "bibtex") {
      return "\n  urldate = {" + now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate()) + "},";
    }
    if (format === "csl") {
      return ",\n    \"accessed\": {\"date-parts\": [[" + now.getFullYear() + ", " + (now.getMonth() + 1) + ", " +
        now.getDate() + "]]}";
    }
    return "";
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) resolve(); else reject(new Error("copy refused"));
    });
  }

  function addCopyButton(format, status) {
    var pre = format.querySelector("pre.cite");
    var label = format.querySelector(".cite-label");
    if (!pre || !label) return;
    var name = label.textContent;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "cite-copy md-button";
    button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy the " + name + " citation");
    button.addEventListener("click", function () {
      copyText(pre.textContent).then(function () {
        button.textContent = "Copied";
        status.textContent = name + " citation copied.";
      }, function () {
        var range = document.createRange();
        range.selectNodeContents(pre);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        status.textContent = "Could not copy; the citation is selected: press Ctrl+C or Cmd+C.";
      });
      window.setTimeout(function () { button.textContent = "Copy"; }, 2000);
    });
    label.appendChild(button);
  }

  function init() {
    var boxes = document.querySelectorAll(".cite-box");
    if (!boxes.length) return;
    var url = window.location.href.split("#")[0].split("?")[0];
    var now = new Date();
    boxes.forEach(function (box) {
      box.querySelectorAll(".cite-url").forEach(function (el) {
        if (el.textContent.charAt(0) === "/") el.textContent = url;
      });
      box.querySelectorAll(".cite-accessed").forEach(function (el) {
        el.textContent = accessed(el.getAttribute("data-format"), now);
      });
      var status = document.createElement("p");
      status.className = "cite-status";
      status.setAttribute("role", "status");
      box.appendChild(status);
      box.querySelectorAll(".cite-format").forEach(function (format) { addCopyButton(format, status); });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
