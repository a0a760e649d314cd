# Civic Twin. `make run` and `make test` do all set-up on a fresh Debian 12 machine (as root).
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
STAMPS := var/.stamps
PO := $(wildcard locale/*/LC_MESSAGES/django.po locale_overrides/*/LC_MESSAGES/django.po)
MO := $(PO:.po=.mo)

TEST_DATABASE_URL ?= postgis://civic:civic@127.0.0.1:5432/civic
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0
TEST_ENV := DJANGO_SETTINGS_MODULE=config.settings.test DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL)
# Test databases are copies of one migrated template, built when migrations change (tests/dbtemplate.py).
# Should building it fail, the name is empty and each test database is migrated as before.
TEMPLATE_DB = CIVIC_DB_TEMPLATE=$$($(TEST_ENV) $(PY) -m tests.dbtemplate)
# The suite runs on every core (pytest-xdist; a test database and a Redis database per worker).
# Whole files go to one worker, so a module's fixtures and fixed resources stay together.
# Files are handed out in collection order (--no-loadscope-reorder): pytest-django puts the tests
# that empty every table (transaction=True) after the others, and xdist's default of biggest
# file first would run ordinary tests on a worker whose database such a test has just emptied.
# WORKERS=0 runs in this process: quickest for one app with --reuse-db (see README).
WORKERS ?= auto
# Set-up steps (Python packages, the front-end build, message catalogues, services) do not depend
# on each other: make builds them side by side. A recipe's own lines still run one after another.
MAKEFLAGS += --jobs=4
XDIST := $(if $(filter 0,$(WORKERS)),-p no:xdist,-n $(WORKERS) --dist loadfile --no-loadscope-reorder)

.PHONY: help install run test unit e2e lint bench bench-twin bench-reports bench-budgets bench-investors serve services static messages messages-update constraints clean

messages-update:  ## after changing user-facing strings: refresh the catalogues, then translate
	$(PY) manage.py makemessages -l ur -l pl --no-obsolete --ignore=.venv --ignore=node_modules --ignore=var --ignore=tests --ignore=static --ignore=locale_overrides

help:
	@echo "make run    – install what is missing, load demo data, serve on http://127.0.0.1:8000"
	@echo "make test   – install what is missing, start PostGIS + Redis, run the suite, then the browser tests"
	@echo "make lint | make e2e | make bench | make serve (production shape: web x2, worker, beat)"

$(STAMPS):
	@mkdir -p $(STAMPS)

$(STAMPS)/system: scripts/install-system.sh | $(STAMPS)
	scripts/install-system.sh
	@touch $@

$(STAMPS)/python: requirements.txt constraints.txt $(STAMPS)/system
	@test -x $(PY) || /usr/bin/python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt -c constraints.txt
	@touch $@

node_modules/.package-lock.json: package.json package-lock.json $(STAMPS)/system
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

static/vendor/.built: node_modules/.package-lock.json static/scss/civic.scss scripts/build-static.sh
	scripts/build-static.sh

%/LC_MESSAGES/django.mo: %/LC_MESSAGES/django.po $(STAMPS)/system
	msgfmt --check-format -o $@ $<

static: static/vendor/.built
messages: $(MO)

install: $(STAMPS)/python static messages

services: $(STAMPS)/system
	@scripts/services.sh

run: install
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py load_demo_data
	@echo
	@echo "  Civic Twin is running at http://127.0.0.1:8000  (CMS: /cms/, admin: /django-admin/, API: /api/v1/)"
	@echo "  Sign in with any demo account above; emails are written to var/mail/."
	@echo
	$(PY) manage.py runserver 127.0.0.1:8000

# The browser tests' database is built (a template copy + demo data) while the unit suite runs.
test: install services
	@export $(TEMPLATE_DB); \
	$(TEST_ENV) $(PY) -m tests.e2e.prepare > var/e2e-prepare.log 2>&1 & prepared=$$!; \
	$(TEST_ENV) $(PY) -m pytest tests --ignore=tests/e2e -p no:cacheprovider $(XDIST); unit=$$?; \
	if ! wait $$prepared; then cat var/e2e-prepare.log; exit 1; fi; \
	if [ $$unit -ne 0 ]; then exit $$unit; fi; \
	E2E_DATABASE_READY=1 $(MAKE) --no-print-directory e2e

unit: install services
	$(TEST_ENV) $(TEMPLATE_DB) $(PY) -m pytest --ignore=tests/e2e -p no:cacheprovider $(XDIST) $(ARGS)

# Browser tests run in parallel like the unit suite: each worker serves its own copy of the
# prepared database (tests/e2e/prepare.py) to its own Chromium.
e2e: install services
	@if [ "$$E2E_DATABASE_READY" != 1 ]; then $(TEST_ENV) $(TEMPLATE_DB) $(PY) -m tests.e2e.prepare; fi
	$(TEST_ENV) $(TEMPLATE_DB) E2E_DATABASE_READY=1 DJANGO_ALLOW_ASYNC_UNSAFE=true \
	  $(PY) -m pytest tests/e2e -p no:cacheprovider $(XDIST) $(ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	node_modules/.bin/eslint static/js
	$(PY) manage.py makemigrations --check --dry-run -v0
	DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY=lint-only-$$(head -c 32 /dev/urandom | base64 | tr -dc a-zA-Z0-9) \
	  DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(PY) manage.py check --deploy --fail-level WARNING

bench: install services
	$(TEST_ENV) $(PY) bench/run.py

bench-twin: install services  ## ingest 1M observations, re-score 10k proposals
	$(TEST_ENV) $(PY) bench/twin.py

bench-reports: install services  ## 100k street reports, 1M ledger rows: Open311, lists, map, leaderboards, submissions
	$(TEST_ENV) $(PY) bench/reports.py

bench-budgets: install services  ## planning-game moves, 10k-ballot counts, ballots cast by 50 clients
	$(TEST_ENV) $(PY) bench/budgets.py

bench-investors: install services  ## 10,000 opportunities: the listing against the floor, re-scoring after a KPI refresh
	$(TEST_ENV) $(PY) bench/investors.py

serve: install services
	scripts/serve.sh

constraints:  ## after changing requirements.txt: re-resolve and record every version
	$(PY) -m pip install -q -r requirements.txt
	{ head -2 constraints.txt; $(PY) -m pip freeze --exclude polib | grep -v "^-e"; } > constraints.tmp && mv constraints.tmp constraints.txt

clean:
	rm -rf $(STAMPS) static/vendor static/css var/staticfiles
