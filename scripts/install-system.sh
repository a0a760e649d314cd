#!/usr/bin/env bash
# Installs the Debian 12 packages Civic Twin needs, only those missing (fast when all are there).
set -euo pipefail
PACKAGES=(
  gdal-bin libsqlite3-mod-spatialite postgresql postgresql-15-postgis-3 redis-server
  python3-venv python3-dev gettext chromium fonts-noto-core fonts-dejavu-core wrk nodejs npm
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
)
missing=()
for pkg in "${PACKAGES[@]}"; do
  if [ "$pkg" = nodejs ] || [ "$pkg" = npm ]; then
    command -v "$pkg" >/dev/null 2>&1 && continue   # a newer Node.js may come from elsewhere
  fi
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing system packages: ${missing[*]}"
pg_was_running=0
if command -v pg_lsclusters >/dev/null 2>&1 && pg_lsclusters 2>/dev/null | grep -q online; then
  pg_was_running=1
fi
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
# An upgrade under a running PostgreSQL leaves it unable to load its libraries: restart it.
if [ "$pg_was_running" = 1 ]; then
  ver=$(ls /etc/postgresql | sort -n | tail -1)
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$ver" main restart || true
fi
