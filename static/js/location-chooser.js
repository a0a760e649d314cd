// The location chooser: a search result, a click on the map, a dragged pin or the device's
// location all land in the two hidden fields (#id_latitude, #id_longitude); a "change" on the
// latitude tells htmx to describe the chosen place in words. Works without the map: the search
// and its results are plain form controls.
(function () {
  "use strict";
  var lat = document.getElementById("id_latitude");
  var lng = document.getElementById("id_longitude");
  var configNode = document.getElementById("location-map-config");
  if (!lat || !lng || !configNode) { return; }
  var config = JSON.parse(configNode.textContent);
  var marker = null;
  var map = null;

  function pin(latitude, longitude) {
    if (!map) { return; }
    var at = [latitude, longitude];
    if (marker) { marker.setLatLng(at); } else {
      marker = L.marker(at, { alt: "Chosen location", draggable: true, keyboard: true }).addTo(map);
      marker.on("dragend", function () { choose(marker.getLatLng().lat, marker.getLatLng().lng, { fromMap: true }); });
    }
  }

  function choose(latitude, longitude, options) {
    lat.value = latitude.toFixed(6);
    lng.value = longitude.toFixed(6);
    if (options && options.fromMap) {
      // a pin placed by hand wins over an earlier search result
      document.querySelectorAll("input[name=location_choice]").forEach(function (radio) { radio.checked = false; });
    }
    pin(latitude, longitude);
    if (map && options && options.pan) { map.setView([latitude, longitude], Math.max(map.getZoom(), 16)); }
    lat.dispatchEvent(new Event("change", { bubbles: true }));
  }

  // A search result chosen (results arrive by htmx, so listen on the document).
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!target || target.name !== "location_choice" || !target.checked) { return; }
    var parts = target.value.split(",");
    var latitude = parseFloat(parts[0]);
    var longitude = parseFloat(parts[1]);
    if (isFinite(latitude) && isFinite(longitude)) { choose(latitude, longitude, { pan: true }); }
  });

  // "Use my location", where the browser can tell.
  var mineRow = document.getElementById("location-mine-row");
  var mine = document.getElementById("location-mine");
  var status = document.getElementById("location-mine-status");
  if (mineRow && mine && navigator.geolocation) {
    mineRow.hidden = false;
    mine.addEventListener("click", function () {
      status.textContent = "Finding your location…";
      navigator.geolocation.getCurrentPosition(
        function (position) {
          status.textContent = "";
          document.querySelectorAll("input[name=location_choice]").forEach(function (radio) { radio.checked = false; });
          choose(position.coords.latitude, position.coords.longitude, { pan: true });
        },
        function () { status.textContent = "Your location is not available. Search for a postcode or place instead."; },
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
      );
    });
  }

  // The map, where Leaflet loaded.
  var wrapper = document.getElementById("location-map-wrapper");
  if (!wrapper || typeof window.L === "undefined") { return; }
  wrapper.hidden = false;
  map = L.map("location-map", { keyboard: true, scrollWheelZoom: false }).setView(config.center, config.zoom);
  map.attributionControl.setPrefix(false);
  L.tileLayer(config.tileUrl, { attribution: config.tileAttribution, maxZoom: 19 }).addTo(map);
  // Ward outlines help people find their street even when the map background cannot load.
  fetch("/api/v1/areas/?kind=ward&zoom=" + config.zoom, { headers: { Accept: "application/json" } })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (wards) {
      if (!wards) { return; }
      L.geoJSON(wards, {
        interactive: false,
        style: function () { return { color: "#1d70b8", weight: 1, fillOpacity: 0.05 }; }
      }).addTo(map);
    })
    .catch(function () { /* the chooser works without the outlines */ });
  // Where the map has something now (checking a place's pin): a grey dot, labelled, to move from.
  if (config.reference && window.civicDom) {
    L.circleMarker(config.reference.at, { radius: 9, color: "#0b0c0c", weight: 2, fillColor: "#b1b4b6", fillOpacity: 1, interactive: false })
      .bindTooltip(civicDom.text(config.reference.label), { permanent: true, direction: "top" })
      .addTo(map);
  }
  if (lat.value && lng.value) {
    pin(parseFloat(lat.value), parseFloat(lng.value));
    map.setView([parseFloat(lat.value), parseFloat(lng.value)], Math.max(config.zoom, 15));
  }
  map.on("click", function (event) { choose(event.latlng.lat, event.latlng.lng, { fromMap: true }); });
})();
