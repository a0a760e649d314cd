"""Settings shared by every configuration. Backends switch on DATABASE_URL / REDIS_URL."""

import datetime
import json
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("CIVIC_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# Absolute links in emails (unsubscribe, the item) start with this.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

SITE_ID = 1
# load_demo_data runs when DEBUG is on, or where this is set (benchmarks, browser tests).
DEMO_DATA_ALLOWED = env_bool("DEMO_DATA_ALLOWED", False)
SITE_NAME = env_str("SITE_NAME", "Civic Twin · East Birmingham")
WAGTAIL_SITE_NAME = SITE_NAME
WAGTAILADMIN_BASE_URL = env_str("BASE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.gis",
    "django.contrib.humanize",
    # third party
    "rest_framework",
    "rest_framework_gis",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "guardian",
    "channels",
    "django_celery_beat",
    "leaflet",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # ours (foundation first)
    "params",  # a library below every app; installed for its integer `in` lookup (params/lookups.py)
    "accounts",
    "places",
    "engagement",
    "twin",
    "proposals",
    "investors",
    "gamification",
    "cms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "pagecache.PersonVersionMiddleware",  # a signed-in person's write makes their cached pages out of date
    "accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.RequireMfaForStaffRolesMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "config.middleware.BadParameterMiddleware",  # a bad id or number in a request is a 400 with its reason
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "config.context_processors.site",
                "config.context_processors.notifications",
            ],
        },
    },
]

# --- Database: SpatiaLite file by default, PostGIS when DATABASE_URL says so -----------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"spatialite:///{VAR_DIR / 'civic.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.contrib.gis.db.backends.spatialite":
    # Wait for a writer instead of failing at once: eager Celery and the dev server share the file.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
SPATIALITE_LIBRARY_PATH = "mod_spatialite"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache, Celery broker, channel layer. Absent means the embedded default. ----------
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # django-redis: one client per server, and a Redis outage is a cache miss, not an error
            # (IGNORE_EXCEPTIONS): throttles and posting limits fail open, pages are computed.
            "BACKEND": "config.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "civic"),
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": env_float("CACHE_CONNECT_TIMEOUT", 0.5),
                "SOCKET_TIMEOUT": env_float("CACHE_TIMEOUT", 0.5),
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True  # an outage is logged (django_redis.cache), never raised
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL]},
        }
    }
    CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "Europe/London"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_TIMEOUT = 1
# Publishing a task tries the broker twice at most; with the broker down the task runs in the
# request instead (config.celery.ResilientTask), so nothing waits seconds or answers 500.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}

# --- Auth ------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "accounts.backends.CachedPermissionsBackend",  # ModelBackend with permission sets cached per roles version
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "/"

ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupExtraForm"
ACCOUNT_FORMS = {
    "login": "accounts.allauth_forms.LoginForm",
    "reset_password": "accounts.allauth_forms.ResetPasswordForm",
}
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Civic Twin] "
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_QUERY_EMAIL = True
# Federated sign-in without code changes: a JSON list of OpenID Connect apps, e.g. the council's
# identity provider and LinkedIn ("Sign In with LinkedIn using OpenID Connect"). Providers can also
# be added as "Social applications" in the admin.
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "APPS": json.loads(env_str("OIDC_PROVIDERS_JSON", "[]")),
        "OAUTH_PKCE_ENABLED": True,
    }
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Civic Twin"
# Roles whose members must have an authenticator before using the site.
MFA_REQUIRED_ROLES = ["moderator", "policy_lead", "administrator"]
MFA_REQUIRED = env_bool("MFA_REQUIRED", True)

GUARDIAN_RAISE_403 = True
ANONYMOUS_USER_NAME = None

# --- Engagement ---------------------------------------------------------------------------------
# Models people can comment on, react to, follow and flag ("app_label.ModelName"); feature apps
# add theirs here as they arrive.
ENGAGEABLE_MODELS: list[str] = [
    "proposals.PlanningProposal",
    "proposals.Idea",
    "engagement.Consultation",
    "twin.Scenario",  # policy scenarios go to consultation for citizen feedback
    "gamification.Report",  # support ("me too"), follow, comment on and report a street report
]
COMMENT_EDIT_WINDOW_MINUTES = 15

# --- I18n --------------------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", _("English")), ("ur", _("Urdu")), ("pl", _("Polish"))]
LANGUAGE_COOKIE_NAME = "civic_language"
# locale/ is ours (makemessages); locale_overrides/ translates third-party pages we ship.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
# Wagtail ships no Urdu admin translation; its editors work in English or Polish.
WAGTAILADMIN_PERMITTED_LANGUAGES = [("en", "English"), ("pl", "Polish")]

# --- Static and media --------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME", "")
STORAGES = {
    "default": (
        {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": AWS_STORAGE_BUCKET_NAME,
                "endpoint_url": env_str("AWS_S3_ENDPOINT_URL", "") or None,
                "default_acl": None,
                "querystring_auth": True,
            },
        }
        if AWS_STORAGE_BUCKET_NAME
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Files only Django may hand out, after a permission check (data rooms, message attachments):
    # never under MEDIA_ROOT or MEDIA_URL, and in a bucket's own prefix without public URLs.
    "private": (
        {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": AWS_STORAGE_BUCKET_NAME,
                "endpoint_url": env_str("AWS_S3_ENDPOINT_URL", "") or None,
                "default_acl": "private",
                "location": "private",
                "querystring_auth": True,
            },
        }
        if AWS_STORAGE_BUCKET_NAME
        else {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {
                "location": str(Path(env_str("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")))),
                "base_url": None,
            },
        }
    ),
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Email -------------------------------------------------------------------------------------
EMAIL_HOST = env_str("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Civic Twin <noreply@civictwin.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- API -----------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_THROTTLE_CLASSES": (
        ["rest_framework.throttling.AnonRateThrottle", "rest_framework.throttling.UserRateThrottle"]
        if env_bool("API_THROTTLE", True)
        else []
    ),
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_RATE_ANON", "600/min"),
        "user": env_str("API_RATE_USER", "1200/min"),
    },
    "EXCEPTION_HANDLER": "config.api.exception_handler",
}
# The licence of the platform's public data (exports, API, consultation results).
OPEN_DATA_LICENCE = "Open Government Licence v3.0"
OPEN_DATA_LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"

SPECTACULAR_SETTINGS = {
    "TITLE": "Civic Twin API",
    "DESCRIPTION": (
        "Open API of Civic Twin: areas, proposals, consultations and city KPIs. "
        "Public data is licensed under the Open Government Licence v3.0 unless stated."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    # Several models have a "status": name each set of choices once, so the schema is unambiguous.
    "ENUM_NAME_OVERRIDES": {
        "ProposalStatusEnum": "proposals.models.PlanningProposal.Status",
        "IdeaStatusEnum": "proposals.models.Idea.Status",
    },
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "PREPROCESSING_HOOKS": ["config.api.public_api_only"],
}

# --- Maps --------------------------------------------------------------------------------------
MAP_TILE_URL = env_str("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env_str(
    "MAP_TILE_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)
# The deployment's district: the map opens here and new pins must fall inside it.
DEPLOYMENT_DISTRICT_CODE = env_str("DEPLOYMENT_DISTRICT_CODE", "EBHAM")
MAP_CENTER = [float(x) for x in env_list("MAP_CENTER", ["52.474", "-1.82"])]
MAP_ZOOM = env_int("MAP_ZOOM", 12)
LEAFLET_CONFIG = {
    "TILES": [("Map", MAP_TILE_URL, {"attribution": MAP_TILE_ATTRIBUTION, "maxZoom": 19})],
    "DEFAULT_CENTER": MAP_CENTER,
    "DEFAULT_ZOOM": MAP_ZOOM,
    "RESET_VIEW": False,
}

# --- Wagtail -----------------------------------------------------------------------------------
WAGTAILADMIN_LOGIN_URL = "/accounts/login/"
# Wagtail's database search (sitesearch/backend.py adds one fix): PostgreSQL full-text search
# with English stemming on PostGIS, SQLite FTS5 on the embedded default (SEARCH_CONFIG is
# PostgreSQL's and ignored there).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "sitesearch.backend", "SEARCH_CONFIG": "english"}}
# The site search (sitesearch/): "kind in URLs and the API": "app_label.ModelName". A model joins
# the search with one line here (its search_fields and search_* methods: sitesearch/__init__.py).
# Open311 GeoReport v2 (gamification/open311/): who this server is, for discovery and jurisdiction_id.
OPEN311_JURISDICTION = env_str("OPEN311_JURISDICTION", "east-birmingham.civictwin")
OPEN311_CONTACT = env_str("OPEN311_CONTACT", "Civic Twin, Birmingham City Council – open311@example.org")
OPEN311_KEY_SERVICE = env_str("OPEN311_KEY_SERVICE", "Ask the council's digital team for a partner key.")
OPEN311_CHANGESET = datetime.datetime(2026, 12, 2, 9, 0, tzinfo=datetime.UTC)  # when the service list last changed

# Cache keys whose values a signed-in person's cached page is keyed by (pagecache.cache_page), each
# a function person -> key: a page is stored only while every one of them has a value.
PAGECACHE_PERSONAL_KEYS = [
    "accounts.backends.permissions_version_key",  # roles and permissions
    "engagement.notifications.unread_key",  # the unread count in the header
]

SEARCHABLE_MODELS: dict[str, str] = {
    "proposals": "proposals.PlanningProposal",
    "ideas": "proposals.Idea",
    "consultations": "engagement.Consultation",
    "opportunities": "investors.Opportunity",
    "news": "cms.NewsPage",
    "pages": "cms.StandardPage",
}
WAGTAILDOCS_EXTENSIONS = ["csv", "pdf", "xlsx", "docx", "odt", "ods"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000

# --- Security defaults (production tightens further) ---------------------------------------------
# Sessions: read from the cache, written through to the database; safe with Redis down (accounts/sessions.py).
SESSION_ENGINE = "accounts.sessions"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}
MFA_ADAPTER = "accounts.adapters.MFAAdapter"

# GDAL < 3.9 cannot block network access while parsing spatial references. We never hand
# user-supplied files to GDAL: boundaries are read as GeoJSON through GEOS (places.boundaries).
SILENCED_SYSTEM_CHECKS = ["gis.W001"]

# --- Moderation ---------------------------------------------------------------------------------
# Models a moderator can hide (besides comments): they have hidden_at, hidden_reason and author.
MODERATABLE_MODELS: list[str] = ["proposals.Idea", "gamification.Report", "investors.Message"]
# Posting limits per person (django-ratelimit notation); skipped, never enforced, if the cache is down.
POSTING_RATES = {
    "comment": "10/5m",
    "idea": "5/h",
    "flag": "20/h",
    "report": "10/h",
    "message": "30/h",
    "suggestion": "20/h",
    "photo": "20/h",
}
# A "me too" counts towards a report's points only from accounts at least this old (no sock puppets).
POINTS_TRUSTED_ACCOUNT_DAYS = env_int("POINTS_TRUSTED_ACCOUNT_DAYS", 7)
RATELIMIT_USE_CACHE = "default"
RATELIMIT_FAIL_OPEN = True  # with the cache down, limits are skipped rather than refusing everyone

# --- Notifications ------------------------------------------------------------------------------
from celery.schedules import crontab  # noqa: E402

CELERY_BEAT_SCHEDULE = {
    "daily-digests": {"task": "engagement.tasks.send_daily_digests", "schedule": crontab(hour=7, minute=0)},
    "report-questionnaires": {
        "task": "gamification.tasks.send_questionnaires",
        "schedule": crontab(hour=10, minute=15),
    },
    "open311-send-due": {"task": "gamification.tasks.send_due_reports", "schedule": crontab(minute="*")},
    "open311-pull-updates": {"task": "gamification.tasks.pull_open311_updates", "schedule": crontab(minute="*/10")},
    "opportunity-alerts-weekly": {
        "task": "investors.tasks.alerts_weekly",
        "schedule": crontab(day_of_week="mon", hour=7, minute=30),
    },
    "campaigns-settle-due": {"task": "investors.tasks.campaigns_settle_due", "schedule": crontab(minute="*")},
    "dataroom-grants-tidy": {"task": "investors.tasks.dataroom_grants_tidy", "schedule": crontab(hour=2, minute=10)},
    "neighbourhood-champions": {
        "task": "gamification.tasks.crown_champions",
        "schedule": crontab(day_of_month=1, hour=6, minute=30),
    },
}
