#!/usr/bin/env bash
# The production shape on one machine: HTTP on gunicorn (2 workers x 4 threads), WebSockets on
# uvicorn (the next port, 8100), a Celery worker and Celery beat,
# against PostGIS and Redis, with production settings. A council runs the same three process
# types under its own supervisor (systemd, Kubernetes…); see docs/deploy.md.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var
[ -s var/secret_key ] || head -c 48 /dev/urandom | base64 | tr -d '\n/+=' > var/secret_key
export DJANGO_SETTINGS_MODULE=config.settings.production
export SECRET_KEY="${SECRET_KEY:-$(cat var/secret_key)}"
export DATABASE_URL="${DATABASE_URL:-postgis://civic:civic@127.0.0.1:5432/civic}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/1}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost}"
# Served over plain HTTP on loopback here; behind a TLS-terminating proxy in a real deployment.
export SECURE_SSL_REDIRECT="${SECURE_SSL_REDIRECT:-false}"
export SESSION_COOKIE_SECURE="${SESSION_COOKIE_SECURE:-false}"
export CSRF_COOKIE_SECURE="${CSRF_COOKIE_SECURE:-false}"
.venv/bin/python manage.py migrate --noinput -v0
# Hashing and compressing the static files takes half a minute: skipped when the release has
# collected them already (STATIC_COLLECTED=true, as docs/deploy.md's release steps do).
if [ "${STATIC_COLLECTED:-false}" != true ]; then .venv/bin/python manage.py collectstatic --noinput -v0; fi
echo "Serving http://${HOST:-127.0.0.1}:${PORT:-8000} with production settings (web x${WEB_CONCURRENCY:-2}, ws, worker, beat)"
# honcho gives each process type a PORT, 100 apart: web (HTTP) gets this one, ws the next.
exec .venv/bin/honcho start -f Procfile -p "${PORT:-8000}"
