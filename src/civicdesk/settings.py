"""CivicDesk settings: every value that differs between deployments comes from the environment.

`.env.example` and docs/configuration.md list each variable. `CIVICDESK_ENV` chooses the profile:
`development` (the default: DEBUG on, a throwaway secret key, console e-mail) or `production`
(DEBUG off, `SECRET_KEY` required, secure cookies, HSTS, SSL redirect unless told otherwise).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from civicdesk.core.env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(env_str("CIVICDESK_HOME", str(Path.cwd())))
VAR_DIR = Path(env_str("CIVICDESK_VAR_DIR", str(BASE_DIR / "var")))

ENVIRONMENT = env_str("CIVICDESK_ENV", "development")
if ENVIRONMENT not in {"development", "production", "test"}:
    raise ImproperlyConfigured(
        f"CIVICDESK_ENV must be development, production or test, not {ENVIRONMENT!r}."
    )
IS_PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_bool("DEBUG", default=not IS_PRODUCTION)

_secret_key = env_str("SECRET_KEY", "")
if not _secret_key:
    if IS_PRODUCTION:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when CIVICDESK_ENV=production "
            "(generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    _secret_key = "development-only-insecure-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = _secret_key

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if IS_PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "civicdesk.apps.CivicDeskAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "civicdesk.core",
    "civicdesk.accounts",
    "civicdesk.catalog",
    "civicdesk.crm",
    "civicdesk.service_requests",
    "civicdesk.notifications",
    "civicdesk.geo",
    "civicdesk.knowledge",
    "civicdesk.demo",
    "civicdesk.open311",
    "civicdesk.portal",
    "civicdesk.reporting",
    "civicdesk.routing",
    "civicdesk.fieldwork",
    "civicdesk.surveys",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "civicdesk.urls"
WSGI_APPLICATION = "civicdesk.wsgi.application"
ASGI_APPLICATION = "civicdesk.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "civicdesk.context_processors.site",
            ],
        },
    },
]

# --- Database ------------------------------------------------------------------------------------

DEFAULT_SQLITE_PATH = VAR_DIR / "civicdesk.sqlite3"
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{DEFAULT_SQLITE_PATH}")
# A production server keeps its connections a minute (checked before each request reuses one):
# a new connection per request costs milliseconds, and intake's statements are prepared only on
# kept connections. Each web thread holds one: `civicdesk serve`'s 5 x 4 hold 20.
_database: dict[str, Any] = dict(
    dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60 if IS_PRODUCTION else 0),
        conn_health_checks=True,
    )
)
if _database["ENGINE"] == "django.db.backends.sqlite3":
    if _database["NAME"] and _database["NAME"] != ":memory:":
        Path(_database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    _database["OPTIONS"] = {
        # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock when a
        # transaction starts, so concurrent writers wait (busy timeout) instead of failing.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    _database["CONN_MAX_AGE"] = 0
elif _database["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "DATABASE_PREPARED_STATEMENTS", default=True
):
    # Intake's statements (`core.sql.bound_cursor`) are prepared once per connection; Django's
    # other cursors bind on the client and never prepare. Turn this off behind a
    # connection pooler in transaction mode that does not keep prepared statements.
    _database["OPTIONS"] = {**_database.get("OPTIONS", {}), "prepare_threshold": 5}
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Users and passwords -------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["civicdesk.accounts.backends.RoleBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# --- Language and time ---------------------------------------------------------------------------

LANGUAGE_CODE = env_str("LANGUAGE_CODE", "en")
# Languages offered to residents. Add one with no code change: write its catalogue
# (`civicdesk update_translations --language vi`, then translate locale/vi/LC_MESSAGES/django.po),
# compile it (`civicdesk compile_translations`, part of the set-up step) and list its code here,
# e.g. LANGUAGES=en,es,vi. Names come from Django's table of languages.
LANGUAGES = [("en", "English"), ("es", "Español")]
if env_list("LANGUAGES", []):
    from django.conf.locale import LANG_INFO

    _unknown_languages = [code for code in env_list("LANGUAGES", []) if code not in LANG_INFO]
    if _unknown_languages:
        raise ImproperlyConfigured(
            f"LANGUAGES names unknown language codes: {', '.join(_unknown_languages)}."
        )
    LANGUAGES = [(code, LANG_INFO[code]["name_local"]) for code in env_list("LANGUAGES", [])]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_str("TIME_ZONE", "America/Chicago")
USE_TZ = True

# --- Static files and media ----------------------------------------------------------------------

STATIC_URL = "/static/"
# Project-wide assets (layout, icons); each app also ships its own under <app>/static/.
STATICFILES_DIRS: list[Any] = [PACKAGE_DIR / "static"]
# Leaflet for the portal's maps, shipped by the xstatic-leaflet package (no npm, no CDN).
try:
    import xstatic.pkg.leaflet as _xstatic_leaflet

    STATICFILES_DIRS.append(("vendor/leaflet", _xstatic_leaflet.BASE_DIR))
except ImportError:  # pragma: no cover - installed with the project
    pass
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if IS_PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- E-mail --------------------------------------------------------------------------------------

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if IS_PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "CivicDesk 311 <no-reply@civicdesk.localhost>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# --- Cache (rate limits, shared look-up tables, sessions stay in the database) -----------------

# redis://host:6379/0 for several web processes or machines; the default is a folder of files
# under var/, which every process on one machine shares; locmem:// keeps it in one process.
CACHE_URL = env_str("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    _cache: dict[str, Any] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CACHE_URL,
    }
elif CACHE_URL.startswith("locmem://"):
    _cache = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
elif CACHE_URL:
    raise ImproperlyConfigured(
        f"CACHE_URL must start with redis://, rediss://, unix:// or locmem://, not {CACHE_URL!r}."
    )
else:
    _cache = {
        "BACKEND": "civicdesk.core.cache.FileCache",  # Django's, culled now and then
        "LOCATION": str(VAR_DIR / "cache"),
    }
CACHES = {"default": {**_cache, "KEY_PREFIX": "civicdesk"}}

# --- Background work -----------------------------------------------------------------------------

_tasks_backend = env_str("TASKS_BACKEND", "database")
_task_backends = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if _tasks_backend not in _task_backends:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {', '.join(_task_backends)}, not {_tasks_backend!r}."
    )
TASKS = {
    "default": {
        "BACKEND": _task_backends[_tasks_backend],
        "QUEUES": ["default", "notifications"],
    }
}

# --- Security ------------------------------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if IS_PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
    if env_bool("BEHIND_TLS_PROXY", default=True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Content Security Policy: scripts only from this site (inline ones need the per-response nonce,
# `{{ request.csp_nonce }}`); map tiles from MAP_TILE_HOSTS; no framing, no plugins.
MAP_TILE_HOSTS = env_list("MAP_TILE_HOSTS", [])
# The portal's map background, e.g. https://tiles.example/{z}/{x}/{y}.png (its host must be in
# MAP_TILE_HOSTS); empty shows the city boundary and points on a plain background.
MAP_TILE_URL = env_str("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = env_str("MAP_TILE_ATTRIBUTION", "")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:", *MAP_TILE_HOSTS],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SILENCED_SYSTEM_CHECKS = env_list("SILENCED_SYSTEM_CHECKS", [])

# --- Logging -------------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# --- CivicDesk -----------------------------------------------------------------------------------

CIVICDESK: dict[str, Any] = {
    # The city or county this deployment serves.
    "CITY_NAME": env_str("CITY_NAME", "City of Alderport"),
    "JURISDICTION_ID": env_str("JURISDICTION_ID", "alderport.example"),
    # Public holidays come from the `holidays` package for this country and subdivision.
    "HOLIDAYS_COUNTRY": env_str("HOLIDAYS_COUNTRY", "US"),
    "HOLIDAYS_SUBDIVISION": env_str("HOLIDAYS_SUBDIVISION", ""),
    # Phone numbers without a country code are read as numbers of this region.
    "PHONE_REGION": env_str("PHONE_REGION", "US"),
    # Public base URL used in links sent to residents (e-mails, SMS).
    "PUBLIC_URL": env_str("PUBLIC_URL", "http://127.0.0.1:8000"),
    # Open311: who developers contact, how they get a key, and the limits on POST requests.
    "OPEN311_CONTACT": env_str("OPEN311_CONTACT", "311 Open Data team, open311@alderport.example"),
    "OPEN311_KEY_SERVICE": env_str(
        "OPEN311_KEY_SERVICE",
        "Ask the 311 Open Data team for an API key: open311@alderport.example",
    ),
    # Service requests one API key may file a minute (0: no limit); a key can have its own.
    "OPEN311_RATE_LIMIT_PER_MINUTE": env_int("OPEN311_RATE_LIMIT_PER_MINUTE", 60),
    # The cache (a key of CACHES) that holds rate-limit counters; point it at Redis in production.
    "RATE_LIMIT_CACHE": env_str("RATE_LIMIT_CACHE", "default"),
    # GET requests.json pages kept in each process's memory (open311/pages.py): for how many
    # seconds at most (0: not kept; the tests keep none but in their own module), and how many
    # bytes of pages each process keeps.
    "OPEN311_PAGE_CACHE_SECONDS": env_int(
        "OPEN311_PAGE_CACHE_SECONDS", 0 if ENVIRONMENT == "test" else 30
    ),
    "OPEN311_PAGE_CACHE_BYTES": env_int("OPEN311_PAGE_CACHE_BYTES", 32 * 1024 * 1024),
    # Largest photo accepted on POST requests, in bytes.
    "OPEN311_MEDIA_MAX_BYTES": env_int("OPEN311_MEDIA_MAX_BYTES", 10 * 1024 * 1024),
    # Geography (docs/geography.md). The geocoder class, by dotted path: the offline default
    # reads the city's own address points; civicdesk.geo.geocoding.NominatimGeocoder asks a
    # Nominatim-compatible HTTP service at GEOCODER_URL.
    "GEOCODER": env_str("GEOCODER", "civicdesk.geo.geocoding.AddressPointGeocoder"),
    "GEOCODER_URL": env_str("GEOCODER_URL", "https://nominatim.openstreetmap.org"),
    "GEOCODER_TIMEOUT_SECONDS": env_int("GEOCODER_TIMEOUT_SECONDS", 5),
    "GEOCODER_USER_AGENT": env_str("GEOCODER_USER_AGENT", "CivicDesk 311 (civicdesk.localhost)"),
    # A typed address counts as found when its best candidate scores at least this (0-100).
    "GEOCODER_MIN_SCORE": env_int("GEOCODER_MIN_SCORE", 70),
    # Reverse geocoding names the nearest address point only within this distance.
    "GEOCODER_REVERSE_MAX_METRES": env_int("GEOCODER_REVERSE_MAX_METRES", 150),
    # How often a process checks whether boundaries or address points changed (0: every use).
    "GEO_INDEX_CHECK_SECONDS": env_int(
        "GEO_INDEX_CHECK_SECONDS", 0 if ENVIRONMENT == "test" else 2
    ),
    # Nearby-duplicate search for services without their own rule.
    "GEO_DUPLICATE_RADIUS_METRES": env_int("GEO_DUPLICATE_RADIUS_METRES", 50),
    "GEO_DUPLICATE_WINDOW_DAYS": env_int("GEO_DUPLICATE_WINDOW_DAYS", 30),
    # Public map layers: points per page, and the fewest requests a hotspot cell must hold.
    "GEO_MAP_PAGE_SIZE": env_int("GEO_MAP_PAGE_SIZE", 500),
    "GEO_HOTSPOT_MIN_COUNT": env_int("GEO_HOTSPOT_MIN_COUNT", 3),
    # Resident portal (docs/portal.md): reports one address (IP) and one resident (e-mail or
    # phone) may file an hour; follow requests one address may make an hour.
    "PORTAL_REPORTS_PER_IP_PER_HOUR": env_int("PORTAL_REPORTS_PER_IP_PER_HOUR", 10),
    "PORTAL_REPORTS_PER_CONTACT_PER_HOUR": env_int("PORTAL_REPORTS_PER_CONTACT_PER_HOUR", 5),
    "PORTAL_FOLLOWS_PER_IP_PER_HOUR": env_int("PORTAL_FOLLOWS_PER_IP_PER_HOUR", 20),
    # Text messages to residents (docs/notifications.md): the provider class by dotted path —
    # civicdesk.notifications.sms.ConsoleSmsProvider prints them, TwilioSmsProvider sends them.
    "SMS_PROVIDER": env_str("SMS_PROVIDER", "civicdesk.notifications.sms.ConsoleSmsProvider"),
    "SMS_TIMEOUT_SECONDS": env_int("SMS_TIMEOUT_SECONDS", 10),
    "TWILIO_ACCOUNT_SID": env_str("TWILIO_ACCOUNT_SID", ""),
    "TWILIO_AUTH_TOKEN": env_str("TWILIO_AUTH_TOKEN", ""),
    "TWILIO_FROM_NUMBER": env_str("TWILIO_FROM_NUMBER", ""),
    "TWILIO_MESSAGING_SERVICE_SID": env_str("TWILIO_MESSAGING_SERVICE_SID", ""),
    # Replaces https://api.twilio.com (a regional edge or a proxy); empty for Twilio itself.
    "TWILIO_API_BASE_URL": env_str("TWILIO_API_BASE_URL", ""),
    # Outbound webhooks: seconds to wait for a receiving system to answer.
    "WEBHOOK_TIMEOUT_SECONDS": env_int("WEBHOOK_TIMEOUT_SECONDS", 10),
}
