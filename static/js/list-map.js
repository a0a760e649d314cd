// List map: draws the same filtered set as the list (from the features URL built with the list's
// own query string) as clustered markers. Items on the current page of the list are linked both
// ways: focusing or hovering a list entry opens its marker; a marker's popup links to the item.
(function () {
  "use strict";
  var wrapper = document.getElementById("list-map-wrapper");
  var configNode = document.getElementById("list-map-config");
  if (!wrapper || !configNode || typeof window.L === "undefined" || !L.markerClusterGroup) { return; }
  var config = JSON.parse(configNode.textContent);
  var notice = document.getElementById("list-map-notice");
  wrapper.hidden = false;

  var map = L.map("list-map", { keyboard: true, scrollWheelZoom: false }).setView(config.center, config.zoom);
  map.attributionControl.setPrefix(false);
  var tiles = L.tileLayer(config.tileUrl, { attribution: config.tileAttribution, maxZoom: 19 });
  var tileErrors = 0;
  tiles.on("tileerror", function () {
    tileErrors += 1;
    if (tileErrors === 3 && notice) { notice.textContent = wrapper.getAttribute("data-tiles-failed"); }
  });
  tiles.addTo(map);

  var cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 50 });
  var markers = {};
  var colour = config.kind === "idea" ? "#d4351c" : "#1d70b8";

  function popup(props) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = props.url;
    link.textContent = props.title;
    box.appendChild(link);
    var status = document.createElement("p");
    status.textContent = props.status_label;
    box.appendChild(status);
    return box;
  }

  fetch(config.features, { headers: { Accept: "application/geo+json" } })
    .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
    .then(function (collection) {
      collection.features.forEach(function (f) {
        var c = f.geometry.coordinates;
        var m = L.circleMarker([c[1], c[0]], { radius: 12, color: "#0b0c0c", weight: 1, fillColor: colour, fillOpacity: 0.9 });
        m.bindPopup(popup(f.properties));
        m.bindTooltip(f.properties.title);
        markers[f.id] = m;
        cluster.addLayer(m);
      });
      map.addLayer(cluster);
      if (collection.features.length) { map.fitBounds(cluster.getBounds(), { padding: [20, 20], maxZoom: 15 }); }
      if (notice) { notice.textContent = collection.features.length + " " + wrapper.getAttribute("data-count-label"); }
    })
    .catch(function () { if (notice) { notice.textContent = wrapper.getAttribute("data-data-failed"); } });

  document.querySelectorAll("[data-feature-id]").forEach(function (item) {
    var id = item.getAttribute("data-feature-id");
    function show() {
      var m = markers[id];
      if (!m) { return; }
      var shown = cluster.getVisibleParent(m);
      if (shown === m) { m.openTooltip(); } else if (shown) { shown.bindTooltip(m.getTooltip().getContent()).openTooltip(); }
    }
    function hide() {
      var m = markers[id];
      if (!m) { return; }
      var shown = cluster.getVisibleParent(m);
      if (shown === m) { m.closeTooltip(); } else if (shown) { shown.unbindTooltip(); }
    }
    item.addEventListener("focusin", show);
    item.addEventListener("focusout", hide);
    item.addEventListener("mouseenter", show);
    item.addEventListener("mouseleave", hide);
  });
})();
