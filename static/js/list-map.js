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

  // Clusters split and merge without moving for people who ask for reduced motion (WCAG 2.3.3).
  var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 50, chunkedLoading: true, animate: !still });
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
      if (made.length) {
        dataBounds = L.latLngBounds(made.map(function (m) { return m.getLatLng(); }));
        fitToData();  // before the markers go on, so they are drawn once, where they stay
      }
      cluster.addLayers(made, true);
      map.addLayer(cluster);
      say("count", collection.features.length + " " + wrapper.getAttribute("data-count-label") + ".");
    })
    .catch(function () { say("count", wrapper.getAttribute("data-data-failed")); });

  // The whole set in view, markers kept clear of the zoom buttons (top left) and the attribution
  // (bottom right): a marker beside a button fails WCAG 2.5.8's spacing on a phone-sized map. Until
  // the person moves the map themselves, it is fitted again when its size changes (a phone turned
  // round, a window resized), or markers fitted for the wide map would sit under the buttons.
  var dataBounds = null;
  var fitting = false;
  var movedByPerson = false;
  function fitToData() {
    fitting = true;
    map.fitBounds(dataBounds, { paddingTopLeft: [70, 30], paddingBottomRight: [30, 40], maxZoom: 15, animate: false });
    fitting = false;
  }
  map.on("movestart zoomstart", function () { if (!fitting) { movedByPerson = true; } });
  map.on("resize", function () { if (dataBounds && !movedByPerson) { fitToData(); } });

  // The list entry being pointed at or focused, and the layer showing its tooltip: the marker when
  // it is drawn on its own, else the cluster that holds it (markercluster's getVisibleParent only
  // knows icon markers, not circle markers). Which layer that is changes as the map zooms, and
  // clusters live on between zooms, so the tooltip is moved once markercluster has finished
  // (animationend) and a cluster's borrowed tooltip is always unbound from the cluster it was
  // bound to: never left on a cluster to show the wrong title later.
  var active = { id: null, layer: null, borrowed: false };
  function visibleFor(m) { return map.hasLayer(m) ? m : cluster.getVisibleParent(m); }
  function takeDown() {
    var layer = active.layer;
    active.layer = null;
    if (!layer) { return; }
    if (active.borrowed) { layer.unbindTooltip(); } else { layer.closeTooltip(); }
  }
  function putUp() {
    takeDown();
    var m = markers[active.id];
    var shown = m && visibleFor(m);
    if (!shown) { return; }
    active.borrowed = shown !== m;
    if (active.borrowed) { shown.bindTooltip(civicDom.text(titles[active.id])); }
    shown.openTooltip();
    active.layer = shown;
  }
  cluster.on("animationend", function () { if (active.id !== null) { putUp(); } });
  map.on("moveend", function () { if (active.id !== null) { putUp(); } });

  document.querySelectorAll("[data-feature-id]").forEach(function (item) {
    var id = item.getAttribute("data-feature-id");
    function show() { active.id = id; putUp(); }
    function hide() {
      if (active.id !== id) { return; }
      takeDown();
      active.id = null;
    }
    item.addEventListener("focusin", show);
    item.addEventListener("focusout", hide);
    item.addEventListener("mouseenter", show);
    item.addEventListener("mouseleave", hide);
  });
})();
