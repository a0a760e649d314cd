"""Production: refuses to start without a real secret key or with DEBUG on."""

from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

from .base import *  # noqa: F403
from .base import STORAGES, env_bool, env_int, env_str

SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY or SECRET_KEY.startswith("dev-only") or len(SECRET_KEY) < 32:
    raise ImproperlyConfigured("SECRET_KEY must be set to a random value of at least 32 characters.")
if env_bool("DEBUG", False):
    raise ImproperlyConfigured("DEBUG must not be on in production.")
DEBUG = False

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Source maps (22 MB of the 71 MB collected, most in drf-spectacular's Swagger UI and Redoc) are
# fetched only by a developer's browser tools: served as they are, not compressed twice (gzip and
# Brotli) on every deploy, which halves collectstatic's time.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
# Under ASGI each request may run on a different thread, so persistent per-thread connections
# pile up; a psycopg connection pool per process is the supported way to reuse them.
if DATABASES["default"]["ENGINE"] == "django.contrib.gis.db.backends.postgis":  # noqa: F405
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {  # noqa: F405
        "min_size": env_int("DB_POOL_MIN_SIZE", 2),
        "max_size": env_int("DB_POOL_MAX_SIZE", 8),
        "timeout": 10,
    }

SILENCED_SYSTEM_CHECKS = [
    *SILENCED_SYSTEM_CHECKS,  # noqa: F405
    # Wagtail's live preview shows the page in a same-origin frame, so SAMEORIGIN, not DENY.
    "security.W019",
    # HSTS preloading is hard to undo; a council opts in with SECURE_HSTS_PRELOAD=true.
    "security.W021",
]
