// Nodes for text that came from data (titles, names, statuses): built with textContent, so no
// user-written string is ever parsed as HTML. Leaflet's bindTooltip/bindPopup/setContent treat a
// string as HTML: give them these nodes. The lint rule (eslint.config.mjs, no-unsanitized)
// accepts only literals and these builders at HTML sinks.
(function () {
  "use strict";
  function text(value) {
    var span = document.createElement("span");
    span.textContent = value === null || value === undefined ? "" : String(value);
    return span;
  }
  function link(href, value) {
    var anchor = document.createElement("a");
    var url = String(href || "");
    // Only our own pages: a path on this site, never javascript: or another origin.
    anchor.href = url.charAt(0) === "/" && url.charAt(1) !== "/" ? url : "#";
    anchor.textContent = value === null || value === undefined ? "" : String(value);
    return anchor;
  }
  function box(children) {
    var div = document.createElement("div");
    children.forEach(function (child) { div.appendChild(child); });
    return div;
  }
  function paragraph(value) {
    var p = document.createElement("p");
    p.textContent = value === null || value === undefined ? "" : String(value);
    return p;
  }
  window.civicDom = { text: text, link: link, box: box, paragraph: paragraph };
})();
