"""One settings module for every environment, driven by environment variables.

Typed helpers reject bad values at start-up, so a typo in production fails loudly instead of
running with a default. See README.md ("Configuration") for the list.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

# Lets `admin.ModelAdmin[Model]` and other generic annotations work at run time.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    """A string from the environment, or from the file named by NAME_FILE (for secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true/false, got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


# Development is the default, like healthchecks: production must say DEBUG=false, and then
# must also provide a real SECRET_KEY (checked below).
DEBUG = env_bool("DEBUG", True)
_DEV_SECRET = "dev-only-insecure-secret-key-do-not-use-in-production-0123456789"
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET if DEBUG else "")
if not DEBUG and (not SECRET_KEY or SECRET_KEY == _DEV_SECRET or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured("SECRET_KEY 未设置或过短：生产环境（DEBUG=false）必须提供至少 50 个字符的随机密钥。")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # The admin with a site that audits every add, change and delete (core/admin_site.py).
    "gongkai.core.admin_config.AuditedAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    # Lets the project's templates/django/forms/ replace Django's form templates (FORM_RENDERER below).
    "django.forms",
    "axes",
    "django_htmx",
    "django_ratelimit",
    # The body editor's assets (ProseMirror build, CSS, icon font), served from our own static files.
    "django_prose_editor",
    "huey.contrib.djhuey",
    # Only for its templates and static files: Swagger UI served from our own /static/, not a CDN.
    "ninja",
    "gongkai.core",
    "gongkai.publishing",
    "gongkai.applications",
    "gongkai.qa",
    "gongkai.reports",
    "gongkai.ledger",
    "gongkai.catalog",
    "gongkai.newmedia",
    "gongkai.sitecheck",
    "gongkai.portal",
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
    "django_htmx.middleware.HtmxMiddleware",
    "gongkai.core.middleware.RequestContextMiddleware",
    # Chinese 404/500 pages even with DEBUG on (the demo runs with DEBUG=true).
    "gongkai.portal.middleware.FriendlyErrorPagesMiddleware",
    # Axes must be last: it inspects the response of the login view.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

# Every form renders through the project's templates/django/forms/ (labels without colons, required
# marks, an error summary, fieldsets); locale/ rewords Django's validator messages.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
LOCALE_PATHS = [BASE_DIR / "locale"]
# Show the Chinese 404/500 pages instead of Django's debug pages even when DEBUG is on; set false to
# see tracebacks in the browser while developing (they are always in the log).
FRIENDLY_ERROR_PAGES = env_bool("FRIENDLY_ERROR_PAGES", True)

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
                "gongkai.core.context_processors.site",
                # After core's: the configured government name replaces the generic SITE_NAME.
                "gongkai.portal.context_processors.site_frame_context",
            ],
        },
    },
]

# --- Database: SQLite (WAL) by default, PostgreSQL when DATABASE_URL says so -------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")
# PostgreSQL keeps connections for a minute (a new connection per request costs more than most pages);
# SQLite opens in microseconds.
_default_conn_age = 0 if DATABASE_URL.startswith("sqlite") else 60
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", _default_conn_age),
                                              conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the portal read while the job queue writes; IMMEDIATE avoids the
        # "database is locked" upgrade deadlock of deferred transactions.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
else:
    # Each test run gets its own database (and pytest-xdist adds a worker suffix), so two
    # runs on one server never share or inherit state.
    DATABASES["default"]["TEST"] = {"NAME": f"test_gongkai_{os.getpid()}"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth ---------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "portal:home"

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_RESET_ON_SUCCESS = True

# --- I18N: zh-hans UI, Beijing time ------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns at start-up when it is missing
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
MAX_ATTACHMENT_BYTES = env_int("MAX_ATTACHMENT_BYTES", 20 * 1024 * 1024)
# Public attachments are served through the app (only those of published items: decision 0559). With a web
# server in front, the app can hand the bytes over to it: "nginx" answers with X-Accel-Redirect to
# ATTACHMENT_ACCEL_PREFIX + the stored name (an `internal` location aliased to MEDIA_ROOT), "apache" with
# X-Sendfile and the absolute path (mod_xsendfile). Empty: the app streams the file itself.
ATTACHMENT_SENDFILE = env_str("ATTACHMENT_SENDFILE", "").strip().lower()
if ATTACHMENT_SENDFILE not in ("", "nginx", "apache"):
    raise ImproperlyConfigured(f"ATTACHMENT_SENDFILE must be empty, nginx or apache, got {ATTACHMENT_SENDFILE!r}")
ATTACHMENT_ACCEL_PREFIX = env_str("ATTACHMENT_ACCEL_PREFIX", "/protected-media/")
if not (ATTACHMENT_ACCEL_PREFIX.startswith("/") and ATTACHMENT_ACCEL_PREFIX.endswith("/")):
    raise ImproperlyConfigured(f"ATTACHMENT_ACCEL_PREFIX must start and end with /, got {ATTACHMENT_ACCEL_PREFIX!r}")

# --- Search (tantivy index derived from the database; rebuildable) ------------------------
SEARCH_INDEX_DIR = Path(env_str("SEARCH_INDEX_DIR", str(BASE_DIR / "var" / "search-index")))
SEEDS_DIR = Path(env_str("SEEDS_DIR", str(BASE_DIR.parent / "shared" / "seeds")))

# --- Shared cache: rate limits and cached facets must be the same for every worker ---------
# Redis when REDIS_URL is set, else a table in the database (`createcachetable`; `migrate` creates
# it too, see core.apps). Both increment atomically, which the rate limits rely on.
REDIS_URL = env_str("REDIS_URL", "")
CACHE_TABLE = "gongkai_cache"
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                          "KEY_PREFIX": "gongkai"}}
else:
    CACHES = {"default": {"BACKEND": "gongkai.core.cache.AtomicDatabaseCache", "LOCATION": CACHE_TABLE,
                          "OPTIONS": {"MAX_ENTRIES": 50_000}}}
RATELIMIT_USE_CACHE = "default"
RATELIMIT_EXCEPTION_CLASS = "gongkai.core.limits.RateLimited"  # a DomainError: 429 with a Chinese message
# Fail closed: when the cache cannot count, a limited view answers 429 rather than letting guesses through.
RATELIMIT_FAIL_OPEN = False
# django-ratelimit lists memcached and django-redis only; Django's RedisCache and our database cache
# (core/cache.py) both increment atomically, which is what its check is about.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]

# --- Client IP: X-Forwarded-For is believed only from these proxies (IPs or CIDRs) ------------
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as _exc:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES 中的 {_proxy!r} 不是 IP 地址或网段。") from _exc

# --- Personal data encryption (个人信息保护法) ---------------------------------------------
# Comma-separated Fernet keys, newest first; old keys keep decrypting during rotation.
# Without it (development only) a key is derived from SECRET_KEY.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS", [])
if not DEBUG and not FIELD_ENCRYPTION_KEYS:
    raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS 未设置：生产环境必须提供个人信息加密密钥（Fernet）。")
# Keys of the blind indexes (keyed hashes for look-ups: the same applicant's ID number, tracking
# codes), newest first. Separate from SECRET_KEY, so rotating that never breaks a look-up; rotation:
# docs/security.md. Without it (development only) SECRET_KEY serves, as before this setting existed.
BLIND_INDEX_KEYS = env_list("BLIND_INDEX_KEYS", [])
if not DEBUG and not BLIND_INDEX_KEYS:
    raise ImproperlyConfigured("BLIND_INDEX_KEYS 未设置：生产环境必须提供盲索引密钥（至少 32 个字符的随机串）。")
for _key in BLIND_INDEX_KEYS:
    if len(_key) < 32:
        raise ImproperlyConfigured("BLIND_INDEX_KEYS 中的每个密钥至少需要 32 个字符。")

# --- Jobs: huey on SQLite by default, Redis when REDIS_URL is set --------------------------
HUEY_IMMEDIATE = env_bool("HUEY_IMMEDIATE", DEBUG)
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "gongkai",
        "url": REDIS_URL,
        "immediate": HUEY_IMMEDIATE,
    }
else:
    (BASE_DIR / "var").mkdir(exist_ok=True)
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "gongkai",
        "filename": env_str("HUEY_DB", str(BASE_DIR / "var" / "huey.sqlite3")),
        "immediate": HUEY_IMMEDIATE,
    }

# --- Mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "gongkai@localhost")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)

# --- Security: on whenever DEBUG is off --------------------------------------------------
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp): every script, style, font and image from this site only;
# no inline script or style (they live in static/), no plugins, no framing, forms post here only.
# Document bodies lose external images when saved (publishing.services.sanitise_html).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Rate limits (django-ratelimit, counted in the shared cache), per client IP and, where a request
# number is given, per request number: "count/period" with s, m, h or d (e.g. 10/10m).
RATE_LIMITS = {
    "track": env_str("RATE_LIMIT_TRACK", "10/10m"),  # tracking page and API: codes cannot be guessed
    "track_number": env_str("RATE_LIMIT_TRACK_NUMBER", "20/h"),
    "letter": env_str("RATE_LIMIT_LETTER", "30/10m"),  # an applicant's letter downloads
    "letter_number": env_str("RATE_LIMIT_LETTER_NUMBER", "60/h"),
    "submit": env_str("RATE_LIMIT_SUBMIT", "10/h"),  # new requests from one client
    "ask": env_str("RATE_LIMIT_ASK", "30/m"),  # questions to 政策问答
}

# --- Logging: one JSON object per line, so the log can be searched ------------------------
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "gongkai.core.logging.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "huey": {"level": "WARNING"},
        # One INFO line per HTTP request would drown the site checker's own log lines.
        "httpx": {"level": "WARNING"},
        # WeasyPrint and fontTools narrate every step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "httpcore": {"level": "WARNING"},
    },
}
AXES_VERBOSE = False
