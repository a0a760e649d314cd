#!/usr/bin/env bash
# Copies front-end packages' dist files from node_modules into static/vendor and compiles our
# Sass against GOV.UK Frontend. Nothing in static/vendor is edited or committed by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
V=static/vendor
rm -rf "$V" && mkdir -p "$V/govuk-frontend" "$V/leaflet" "$V/leaflet.markercluster" "$V/htmx" "$V/chart.js" "$V/leaflet-geoman"
cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js{,.map} "$V/govuk-frontend/"
cp -r node_modules/govuk-frontend/dist/govuk/assets "$V/govuk-frontend/"
rm -rf "$V/govuk-frontend/assets/fonts"   # rebranded: no GDS Transport font
cp node_modules/leaflet/dist/leaflet.js{,.map} node_modules/leaflet/dist/leaflet.css "$V/leaflet/"
cp -r node_modules/leaflet/dist/images "$V/leaflet/"
cp node_modules/leaflet.markercluster/dist/leaflet.markercluster.js{,.map} \
   node_modules/leaflet.markercluster/dist/MarkerCluster.css \
   node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css "$V/leaflet.markercluster/"
cp node_modules/htmx.org/dist/htmx.min.js "$V/htmx/"
cp node_modules/@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.{min.js,min.js.map,css,css.map} "$V/leaflet-geoman/"
cp node_modules/chart.js/dist/chart.umd.min.js{,.map} "$V/chart.js/"
mkdir -p static/css
node_modules/.bin/sass --no-source-map --style=compressed --load-path=node_modules --quiet-deps \
  static/scss/civic.scss static/css/civic.css
touch "$V/.built"
