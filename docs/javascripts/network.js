/* Network pictures: pointing at or focusing a node (an actor, a claim, a dispute) brings out
   its lines and the nodes at their other ends, and fades the rest. Lines carry their two
   ends in data-ends; nodes their id in data-node. No dependencies, no network. */
(function () {
  "use strict";

  function enable(svg) {
    var edges = Array.prototype.slice.call(svg.querySelectorAll("[data-ends]"));
    var nodes = {};
    svg.querySelectorAll("[data-node]").forEach(function (node) { nodes[node.getAttribute("data-node")] = node; });
    var lit = [];

    function clear() {
      svg.classList.remove("nw-focus");
      lit.forEach(function (el) { el.classList.remove("nw-on"); });
      lit = [];
    }

    function light(id) {
      clear();
      svg.classList.add("nw-focus");
      var self = nodes[id];
      if (self) { self.classList.add("nw-on"); lit.push(self); }
      edges.forEach(function (edge) {
        var ends = edge.getAttribute("data-ends").split(" ");
        if (ends.indexOf(id) === -1) return;
        edge.classList.add("nw-on");
        lit.push(edge);
        ends.forEach(function (end) {
          var other = nodes[end];
          if (other && end !== id) { other.classList.add("nw-on"); lit.push(other); }
        });
      });
    }

    Object.keys(nodes).forEach(function (id) {
      var node = nodes[id];
      node.addEventListener("mouseenter", function () { light(id); });
      node.addEventListener("focus", function () { light(id); });
      node.addEventListener("mouseleave", clear);
      node.addEventListener("blur", clear);
    });
  }

  /* "Hide reader comments": the claims quoted from reader comments, and their lines, carry
     nw-comment; the figure's class hides them (archive.css). */
  function commentsFilter(figure) {
    var box = figure.querySelector(".nw-filter");
    if (!box) return;
    var input = box.querySelector("input");
    input.addEventListener("change", function () {
      figure.classList.toggle("nw-without-comments", input.checked);
    });
    box.hidden = false;
  }

  function init() {
    document.querySelectorAll("svg.network-svg").forEach(function (svg) {
      if (svg.querySelector("[data-ends]")) enable(svg);
    });
    document.querySelectorAll("figure.network-figure").forEach(commentsFilter);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
