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
  var marker = null;
  function place(latlng) {
    if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng, { alt: "Chosen location" }).addTo(map); }
  }
  if (lat.value && lng.value) { place([parseFloat(lat.value), parseFloat(lng.value)]); }
  map.on("click", function (event) {
    place(event.latlng);
    lat.value = event.latlng.lat.toFixed(6);
    lng.value = event.latlng.lng.toFixed(6);
  });
})();
