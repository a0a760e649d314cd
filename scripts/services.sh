#!/usr/bin/env bash
# Makes sure PostgreSQL+PostGIS and Redis are running for the tests, starting them if not,
# and that the `civic` role and database exist.
set -euo pipefail
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
ver=$(ls /etc/postgresql 2>/dev/null | sort -n | tail -1 || true)
if [ -z "$ver" ]; then
  echo "PostgreSQL is not installed: run scripts/install-system.sh" >&2; exit 1
fi
if ! pg_lsclusters 2>/dev/null | awk -v v="$ver" '$1==v && $2=="main"' | grep -q online; then
  echo "Starting PostgreSQL $ver"
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$ver" main start
fi
if [ "$(id -u)" -eq 0 ]; then AS_PG="runuser -u postgres --"; else AS_PG="sudo -u postgres"; fi
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 1
done
psql_admin() { (cd / && $AS_PG psql -v ON_ERROR_STOP=1 -qtA "$@"); }
if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname='civic'")" != "1" ]; then
  # SUPERUSER so the test runner can CREATE EXTENSION postgis in its test database.
  psql_admin -c "CREATE ROLE civic LOGIN SUPERUSER PASSWORD 'civic'"
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname='civic'")" != "1" ]; then
  psql_admin -c "CREATE DATABASE civic OWNER civic"
fi
psql_admin -d civic -c "CREATE EXTENSION IF NOT EXISTS postgis"

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "Starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no
  for _ in $(seq 1 20); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 0.5; done
fi
