// List map: draws the same filtered set as the list (from the features URL built with the list's
// own query string) as clustered markers. Items on the current page of the list are linked both
// ways: focusing or hovering a list entry opens its marker; a marker's popup links to the item.
(function () {
  "use strict";
  var wrapper = document.getElementById("list-map-wrapper");
  var configNode = document.getElementById("list-map-config");
  if (!wrapper || !configNode || typeof window.L === "undefined" || !L.markerClusterGroup || !window.civicDom) { return; }
  var config = JSON.parse(configNode.textContent);
  var notice = document.getElementById("list-map-notice");
  // The notice says how many items are on the map and, if it happens, that the background failed:
  // both, whichever arrives first (one must never overwrite the other).
  var said = { count: "", tiles: "" };
  function say(part, text) {
    said[part] = text;
    if (notice) { notice.textContent = [said.count, said.tiles].filter(Boolean).join(" "); }
  }
  wrapper.hidden = false;

  var map = L.map("list-map", { keyboard: true, scrollWheelZoom: false }).setView(config.center, config.zoom);
  map.attributionControl.setPrefix(false);
  var tiles = L.tileLayer(config.tileUrl, { attribution: config.tileAttribution, maxZoom: 19 });
  var tileErrors = 0;
  tiles.on("tileerror", function () {
    tileErrors += 1;
    if (tileErrors === 3) { say("tiles", wrapper.getAttribute("data-tiles-failed")); }
  });
  tiles.addTo(map);

  var cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 50, chunkedLoading: true });
  var markers = {};
  var titles = {};
  var colours = { idea: "#d4351c", report: "#f47738" };
  var colour = colours[config.kind] || "#1d70b8";

  // A collection may name its categories and statuses once, in `labels` (the street reports'
  // map), instead of in every feature: each feature then links to its page by id.
  function describe(collection, f) {
    var p = f.properties || {};
    var labels = collection.labels;
    if (!labels) { return { title: p.title, status: p.status_label, url: p.url }; }
    return {
      title: (labels.services || {})[p.service] || p.service,
      status: (labels.statuses || {})[p.status] || p.status,
      url: (config.itemUrl || "/") + encodeURIComponent(f.id) + "/"
    };
  }


  fetch(config.features, { headers: { Accept: "application/geo+json" } })
    .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
    .then(function (collection) {
      var made = collection.features.map(function (f) {
        var c = f.geometry.coordinates;
        var item = describe(collection, f);
        var m = L.circleMarker([c[1], c[0]], { radius: 12, color: "#0b0c0c", weight: 1, fillColor: colour, fillOpacity: 0.9 });
        m.bindPopup(civicDom.box([civicDom.link(item.url, item.title), civicDom.paragraph(item.status)]));
        m.bindTooltip(civicDom.text(item.title));
        markers[f.id] = m;
        titles[f.id] = item.title;
        return m;
      });
      cluster.addLayers(made, true);
      map.addLayer(cluster);
      // Keep markers clear of the zoom buttons (top left) and the attribution (bottom right):
      // a marker beside a button fails WCAG 2.5.8's spacing on a phone-sized map.
      if (collection.features.length) {
        map.fitBounds(cluster.getBounds(), { paddingTopLeft: [70, 30], paddingBottomRight: [30, 40], maxZoom: 15 });
      }
      say("count", collection.features.length + " " + wrapper.getAttribute("data-count-label") + ".");
    })
    .catch(function () { say("count", wrapper.getAttribute("data-data-failed")); });

  // The marker itself when it is drawn on its own, else the cluster that holds it (markercluster's
  // getVisibleParent only knows icon markers, not circle markers drawn on their own).
  function visibleFor(m) { return map.hasLayer(m) ? m : cluster.getVisibleParent(m); }

  document.querySelectorAll("[data-feature-id]").forEach(function (item) {
    var id = item.getAttribute("data-feature-id");
    function show() {
      var m = markers[id];
      if (!m) { return; }
      var shown = visibleFor(m);
      if (shown === m) { m.openTooltip(); } else if (shown) { shown.bindTooltip(civicDom.text(titles[id])).openTooltip(); }
    }
    function hide() {
      var m = markers[id];
      if (!m) { return; }
      var shown = visibleFor(m);
      if (shown === m) { m.closeTooltip(); } else if (shown) { shown.unbindTooltip(); }
    }
    item.addEventListener("focusin", show);
    item.addEventListener("focusout", hide);
    item.addEventListener("mouseenter", show);
    item.addEventListener("mouseleave", hide);
  });
})();
