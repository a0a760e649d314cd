// Pin picker: clicking the map fills the latitude/longitude fields, which work on their own.
(function () {
  "use strict";
  var wrapper = document.getElementById("pin-map-wrapper");
  var configNode = document.getElementById("pin-map-config");
  var lat = document.getElementById("id_latitude");
  var lng = document.getElementById("id_longitude");
  if (!wrapper || !configNode || !lat || !lng || typeof window.L === "undefined") { return; }
  var config = JSON.parse(configNode.textContent);
  wrapper.hidden = false;
  var map = L.map("pin-map", { keyboard: true, scrollWheelZoom: false }).setView(config.center, config.zoom);
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
    .catch(function () { /* the form works without the outlines */ });
  var marker = null;
  function place(latlng) {
    if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng, { alt: "Chosen location" }).addTo(map); }
  }
  if (lat.value && lng.value) { place([parseFloat(lat.value), parseFloat(lng.value)]); }
  map.on("click", function (event) {
    place(event.latlng);
    lat.value = event.latlng.lat.toFixed(6);
    lng.value = event.latlng.lng.toFixed(6);
    lat.dispatchEvent(new Event("change", { bubbles: true }));
  });
})();
