"""Test suite: PostGIS + Redis (DATABASE_URL, REDIS_URL from the Makefile)."""

from .base import *  # noqa: F403

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
