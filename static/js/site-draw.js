// Drawing a site's boundary (Leaflet-Geoman). What is drawn is written to the boundary text box
// (#id_site_boundary) as a GeoJSON geometry, and what is typed or pasted there is drawn: the box is
// the keyboard's way in and works with no map at all. The server parses and checks the box either
// way (places/sites.py); this script only mirrors it.
(function () {
  "use strict";
  var box = document.getElementById("id_site_boundary");
  var node = document.getElementById("site-draw-config");
  var wrapper = document.getElementById("site-draw-wrapper");
  if (!box || !node || !wrapper || typeof window.L === "undefined" || !L.PM) { return; }
  var config = JSON.parse(node.textContent);
  var text = config.text || {};
  var status = document.getElementById("site-draw-status");
  wrapper.hidden = false;

  var map = L.map("site-draw", { keyboard: true, scrollWheelZoom: false }).setView(config.center, config.zoom);
  map.attributionControl.setPrefix(false);
  L.tileLayer(config.tileUrl, { attribution: config.tileAttribution, maxZoom: 19 }).addTo(map);
  var drawn = L.featureGroup().addTo(map);
  var style = { color: "#1d70b8", weight: 3, fillOpacity: 0.2 };

  map.pm.setLang("civic", config.geoman || {}, "en");
  map.pm.setGlobalOptions({ pathOptions: style, layerGroup: drawn, snappable: false });
  map.pm.addControls({
    position: "topleft",
    drawMarker: false, drawCircleMarker: false, drawPolyline: false, drawCircle: false, drawText: false,
    drawPolygon: true, drawRectangle: true, editMode: true, dragMode: false, cutPolygon: false,
    removalMode: true, rotateMode: false
  });
  // Geoman's buttons are links with role=button whose name sits in a title on their container:
  // give each its name, so screen readers announce it and axe finds one.
  wrapper.querySelectorAll(".leaflet-pm-toolbar .button-container").forEach(function (container) {
    var button = container.querySelector(".leaflet-buttons-control-button");
    if (button && container.title) { button.setAttribute("aria-label", container.title); }
  });

  function say(message) { if (status) { status.textContent = message; } }

  function corners(geometry) {
    var rings = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    var count = 0;
    rings.forEach(function (polygon) { polygon.forEach(function (ring) { count += Math.max(ring.length - 1, 0); }); });
    return count;
  }

  function write() {
    var layers = drawn.getLayers();
    if (!layers.length) { box.value = ""; say(text.removed || ""); return; }
    var geometry = layers[0].toGeoJSON(7).geometry;
    box.value = JSON.stringify(geometry);
    say((text.drawn || "").replace("%(n)s", String(corners(geometry))));
  }

  function watch(layer) { layer.on("pm:edit", write); }

  // From the box to the map: GeoJSON, or "latitude, longitude" lines.
  function read() {
    var value = box.value.trim();
    if (!value) { return null; }
    if (value.charAt(0) === "{") {
      try {
        var parsed = JSON.parse(value);
        if (parsed.type === "FeatureCollection" && parsed.features && parsed.features.length === 1) { parsed = parsed.features[0]; }
        if (parsed.type === "Feature") { parsed = parsed.geometry; }
        return parsed && (parsed.type === "Polygon" || parsed.type === "MultiPolygon") ? parsed : null;
      } catch (e) { return null; }
    }
    var ring = [];
    var lines = value.split(/\r?\n/);
    for (var i = 0; i < lines.length; i += 1) {
      if (!lines[i].trim()) { continue; }
      var parts = lines[i].trim().split(/[\s,;]+/);
      var latitude = parseFloat(parts[0]);
      var longitude = parseFloat(parts[1]);
      if (parts.length !== 2 || !isFinite(latitude) || !isFinite(longitude)) { return null; }
      ring.push([longitude, latitude]);
    }
    if (ring.length < 3) { return null; }
    ring.push(ring[0]);
    return { type: "Polygon", coordinates: [ring] };
  }

  function show(fit) {
    var geometry = read();
    drawn.clearLayers();
    if (!geometry) { return; }
    L.geoJSON(geometry, { style: function () { return style; } }).eachLayer(function (layer) {
      drawn.addLayer(layer);
      watch(layer);
    });
    if (fit && drawn.getLayers().length) { map.fitBounds(drawn.getBounds(), { maxZoom: 17, padding: [20, 20] }); }
  }

  map.on("pm:create", function (event) {
    // one site: a new drawing replaces the old one
    drawn.getLayers().forEach(function (layer) { if (layer !== event.layer) { drawn.removeLayer(layer); } });
    if (!drawn.hasLayer(event.layer)) { drawn.addLayer(event.layer); }
    watch(event.layer);
    write();
  });
  map.on("pm:remove", write);
  box.addEventListener("change", function () { show(true); });

  // Follow the place chosen above, so drawing starts where the site is.
  var latitude = document.getElementById("id_latitude");
  var longitude = document.getElementById("id_longitude");
  if (latitude && longitude) {
    latitude.addEventListener("change", function () {
      var at = [parseFloat(latitude.value), parseFloat(longitude.value)];
      if (isFinite(at[0]) && isFinite(at[1]) && !drawn.getLayers().length) { map.setView(at, 17); }
    });
    if (!box.value.trim() && latitude.value && longitude.value) {
      var start = [parseFloat(latitude.value), parseFloat(longitude.value)];
      if (isFinite(start[0]) && isFinite(start[1])) { map.setView(start, 17); }
    }
  }
  show(true);
})();
