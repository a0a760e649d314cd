"""Browser tests: a real server on PostGIS + Redis, emails written to files the tests read."""

from .base import env_str
from .test import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "e2e-mail"))  # noqa: F405
DEMO_DATA_ALLOWED = True
INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "tests.engagement_testapp"]  # noqa: F405
ENGAGEABLE_MODELS = [m for m in ENGAGEABLE_MODELS if not m.startswith("engagement_testapp.")]  # noqa: F405
