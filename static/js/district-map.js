// District map: each layer (ward outlines, proposals, ideas, thematic layers) is fetched when first
// switched on and toggled by the checkboxes, which double as the legend. Lists on the page carry
// the same items for people who do not use the map.
(function () {
  "use strict";
  var wrapper = document.getElementById("district-map-wrapper");
  var node = document.getElementById("district-map-config");
  if (!wrapper || !node || typeof window.L === "undefined" || !L.markerClusterGroup || !window.civicDom) { return; }
  var config = JSON.parse(node.textContent);
  var notice = document.getElementById("district-map-notice");
  wrapper.hidden = false;
  document.getElementById("layer-controls").hidden = false;

  var map = L.map("district-map", { keyboard: true, scrollWheelZoom: false }).setView(config.center, config.zoom);
  map.attributionControl.setPrefix(false);
  L.tileLayer(config.tileUrl, { attribution: config.tileAttribution, maxZoom: 19 }).addTo(map);
  var loaded = {};
  // One cluster group for every point layer, so points from two layers at the same place group
  // together (and spread out on click) instead of drawing overlapping targets.
  var points = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 45 }).addTo(map);

  function build(spec, collection) {
    if (spec.kind === "areas") {
      return L.geoJSON(collection, {
        style: function () { return { color: spec.colour, weight: 2, fillOpacity: 0.04 }; },
        onEachFeature: function (f, l) { l.bindTooltip(civicDom.text(f.properties.name)); }
      });
    }
    var markers = [];
    collection.features.forEach(function (f) {
      var c = f.geometry.coordinates;
      var m = L.circleMarker([c[1], c[0]], { radius: 12, color: "#0b0c0c", weight: 1, fillColor: spec.colour, fillOpacity: 0.9 });
      m.bindPopup(civicDom.link(f.properties.url, f.properties.title || f.properties.name));
      m.bindTooltip(civicDom.text(f.properties.title || f.properties.name));
      markers.push(m);
    });
    return { points: markers };
  }

  function attach(layer, on) {
    if (layer.points) { if (on) { points.addLayers(layer.points); } else { points.removeLayers(layer.points); } return; }
    if (on) { layer.addTo(map); } else { map.removeLayer(layer); }
  }

  function show(spec, on) {
    if (loaded[spec.slug]) { attach(loaded[spec.slug], on); return; }
    if (!on) { return; }
    fetch(spec.url, { headers: { Accept: "application/geo+json" } })
      .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
      .then(function (collection) {
        loaded[spec.slug] = build(spec, collection);
        var box = document.getElementById("toggle-" + spec.slug);
        if (box && box.checked) { attach(loaded[spec.slug], true); }
      })
      .catch(function () { if (notice) { notice.textContent = wrapper.getAttribute("data-data-failed"); } });
  }

  config.layers.forEach(function (spec) {
    var box = document.getElementById("toggle-" + spec.slug);
    if (!box) { return; }
    box.addEventListener("change", function () { show(spec, box.checked); });
    if (box.checked) { show(spec, true); }
  });
})();
