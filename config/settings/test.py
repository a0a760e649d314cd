"""Test suite: PostGIS + Redis (DATABASE_URL, REDIS_URL from the Makefile).

Run in parallel by pytest-xdist, each worker has its own test database (pytest-django adds the
worker's name) and its own Redis database (below): cache, broker and channel layer are never
shared between workers, so one worker's cache.clear() cannot empty another's."""

import os
import re

_worker = os.environ.get("PYTEST_XDIST_WORKER", "")  # "gw0", "gw1", …
if _worker.startswith("gw") and os.environ.get("REDIS_URL"):
    os.environ["REDIS_URL"] = re.sub(r"/\d+$", "", os.environ["REDIS_URL"].rstrip("/")) + f"/{8 + int(_worker[2:])}"

from .base import *  # noqa: E402, F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}  # noqa: F405
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}  # noqa: F405

# A small model the engagement tests comment on, so engagement is tested without feature apps.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.engagement_testapp"]  # noqa: F405
ENGAGEABLE_MODELS = [*ENGAGEABLE_MODELS, "engagement_testapp.Thing"]  # noqa: F405

# Tests post many comments quickly; tests of the limits set POSTING_RATES themselves.
POSTING_RATES: dict = {}

# A migrated database to copy instead of migrating from nothing (tests/dbtemplate.py; the
# Makefile names it). Without it, Django migrates the test database as usual.
if os.environ.get("CIVIC_DB_TEMPLATE") and DATABASES["default"]["ENGINE"].endswith("postgis"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"TEMPLATE": os.environ["CIVIC_DB_TEMPLATE"]}  # noqa: F405
