// Area map: draws area boundaries from /api/v1/areas/ on a Leaflet map. The table under the map
// carries the same information, so the page works without this script, tiles or a mouse.
(function () {
  "use strict";
  var wrapper = document.getElementById("area-map-wrapper");
  var configNode = document.getElementById("area-map-config");
  if (!wrapper || !configNode || typeof window.L === "undefined" || !window.civicDom) { return; }
  var config = JSON.parse(configNode.textContent);
  var notice = document.getElementById("area-map-notice");
  var strings = {
    tiles: wrapper.getAttribute("data-tiles-failed") || "The map background could not be loaded. Area outlines are still shown, and the list below has every area.",
    data: wrapper.getAttribute("data-data-failed") || "The areas could not be loaded on the map. Use the list below."
  };
  wrapper.hidden = false;

  var map = L.map("area-map", { keyboard: true, scrollWheelZoom: false }).setView(config.center, config.zoom);
  map.attributionControl.setPrefix(false);
  var tiles = L.tileLayer(config.tileUrl, { attribution: config.tileAttribution, maxZoom: 19 });
  var tileErrors = 0;
  tiles.on("tileerror", function () {
    tileErrors += 1;
    if (tileErrors === 3 && notice) { notice.textContent = strings.tiles; }
  });
  tiles.addTo(map);
  map.attributionControl.addAttribution(
    'Boundaries: Contains OS data &copy; Crown copyright 2023; ONS, <a href="/areas/data-sources/">OGL v3.0</a>'
  );

  var style = { color: "#1d70b8", weight: 2, fillColor: "#1d70b8", fillOpacity: 0.12 };
  var highlight = { weight: 4, fillOpacity: 0.3 };
  var layersByCode = {};
  var url = "/api/v1/areas/?kind=" + encodeURIComponent(config.kind) + "&zoom=" + config.zoom;

  fetch(url, { headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    })
    .then(function (collection) {
      var layer = L.geoJSON(collection, {
        style: function () { return style; },
        onEachFeature: function (feature, featureLayer) {
          var props = feature.properties;
          featureLayer.bindPopup(civicDom.link(props.url, props.name));
          featureLayer.bindTooltip(civicDom.text(props.name), { sticky: true });
          featureLayer.on("mouseover", function () { featureLayer.setStyle(highlight); });
          featureLayer.on("mouseout", function () { featureLayer.setStyle(style); });
          layersByCode[feature.id] = featureLayer;
        }
      }).addTo(map);
      if (layer.getLayers().length) { map.fitBounds(layer.getBounds(), { padding: [10, 10] }); }
    })
    .catch(function () { if (notice) { notice.textContent = strings.data; } });

  // Hovering or focusing an area in the list highlights it on the map.
  document.querySelectorAll("[data-area-code]").forEach(function (anchor) {
    var code = anchor.getAttribute("data-area-code");
    function on() { if (layersByCode[code]) { layersByCode[code].setStyle(highlight); } }
    function off() { if (layersByCode[code]) { layersByCode[code].setStyle(style); } }
    anchor.addEventListener("focus", on);
    anchor.addEventListener("blur", off);
    anchor.addEventListener("mouseenter", on);
    anchor.addEventListener("mouseleave", off);
  });
})();
