// Site map on a proposal page: its point or boundary. The page lists the areas it touches.
(function () {
  "use strict";
  var wrapper = document.getElementById("site-map-wrapper");
  var node = document.getElementById("site-map-config");
  if (!wrapper || !node || typeof window.L === "undefined") { return; }
  var config = JSON.parse(node.textContent);
  wrapper.hidden = false;
  var map = L.map("site-map", { keyboard: true, scrollWheelZoom: false }).setView(config.center, config.zoom);
  map.attributionControl.setPrefix(false);
  L.tileLayer(config.tileUrl, { attribution: config.tileAttribution, maxZoom: 19 }).addTo(map);
  var site = L.geoJSON(JSON.parse(config.geometry), {
    style: function () { return { color: "#1d70b8", weight: 3, fillOpacity: 0.2 }; },
    pointToLayer: function (f, latlng) { return L.circleMarker(latlng, { radius: 9, color: "#0b0c0c", weight: 1, fillColor: "#1d70b8", fillOpacity: 0.9 }); }
  }).addTo(map);
  map.fitBounds(site.getBounds(), { maxZoom: 16, padding: [20, 20] });
})();
