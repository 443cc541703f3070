"""Settings shared by every environment. Everything that differs comes from the environment."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from . import signin as signin_env

BASE_DIR = Path(__file__).resolve().parent.parent  # src/trellis
# Where the SQLite database and uploads live; a checkout keeps them in ./var.
DATA_DIR = Path(os.environ.get("TRELLIS_DATA_DIR", Path.cwd() / "var"))

# Public, so only for development and tests: production.py refuses it.
DEV_SECRET_KEY = "dev-only-insecure-key-change-me-0123456789abcdefghijklmnop"
SECRET_KEY = os.environ.get("TRELLIS_SECRET_KEY", DEV_SECRET_KEY)
DEBUG = os.environ.get("TRELLIS_DEBUG", "1") == "1"
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("TRELLIS_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    # Only for its vendored Swagger UI files: the API docs page then loads nothing from a CDN.
    "ninja",
    "trellis.common",
    "trellis.accounts",
    "trellis.audit",
    "trellis.rosters",
    "trellis.charter",
    "trellis.evidence",
    "trellis.curriculum",
    "trellis.progression",
    "trellis.work",
    "trellis.checkins",
    "trellis.collaboration",
    "trellis.reflection",
    "trellis.signin",
    # LTI 1.3 tool (docs/lti.md): django-lti's tables, then Trellis's links to them.
    "lti_tool",
    "trellis.lti",
    # Single sign-on only: no allauth sign-up or password pages are routed (see trellis.signin).
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.microsoft",
    "allauth.socialaccount.providers.openid_connect",
    "trellis.privacy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "trellis.accounts.middleware.PersonLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "trellis.accounts.middleware.SchoolTimeZoneMiddleware",
    "trellis.common.ids.IdRangeMiddleware",
]

# Content-Security-Policy on every response (docs/deploy.md): scripts, styles, images and
# fonts only from Trellis itself (the vendored htmx and each app's static files), no inline
# script or style, no plug-ins, no framing, no <base> tricks. A test walks every page and
# fails on an inline script, handler or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Swagger UI's icons are data: URIs; uploads and QR codes come from Trellis.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
    }
}

ROOT_URLCONF = "trellis.urls"
WSGI_APPLICATION = "trellis.wsgi.application"
ASGI_APPLICATION = "trellis.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def database_config() -> dict:
    """SQLite (WAL, busy timeout, immediate transactions) unless DATABASE_URL names another."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "trellis.sqlite3",
        "OPTIONS": {
            # WAL lets readers and one writer work at once; IMMEDIATE takes the write lock at
            # the start of a transaction so two writers queue instead of deadlocking.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


DATABASES = {"default": database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Both read the signed-in user together with their school (one query; the school's time zone is
# active for the request): Django's password check, then allauth's (single sign-on).
AUTHENTICATION_BACKENDS = [
    "trellis.accounts.backends.SchoolModelBackend",
    "trellis.accounts.backends.SchoolAllauthBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# One shared cache for derived pages and readiness (trellis.common.cache): Redis when set, so
# every process and machine shares it; otherwise each process's memory, bounded by
# MAX_ENTRIES (an entry is at most a class's compressed grid or readiness, ~50 KB).
REDIS_URL = os.environ.get("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("TRELLIS_CACHE_ENTRIES", "2000"))},
        }
    }


def tasks_settings(env) -> tuple[dict, dict]:
    """(TASKS, RQ_QUEUES): background jobs in the database (run by `trellis worker`) unless
    TRELLIS_TASKS_BACKEND=rq, which keeps them in Redis for workers on several machines (needs
    REDIS_URL and `pip install 'trellis[rq]'`; see docs/jobs.md)."""
    backend = env.get("TRELLIS_TASKS_BACKEND", "database").strip().lower()
    if backend == "rq":
        url = env.get("TRELLIS_TASKS_REDIS_URL") or env.get("REDIS_URL")
        if not url:
            raise ImproperlyConfigured(
                "TRELLIS_TASKS_BACKEND=rq needs REDIS_URL (for example redis://127.0.0.1:6379/0)."
            )
        return (
            {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}},
            {"default": {"URL": url}},
        )
    if backend != "database":
        raise ImproperlyConfigured(
            f"TRELLIS_TASKS_BACKEND={backend!r} is not known: use 'database' (the default) or 'rq'."
        )
    return {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}, {}


TASKS, RQ_QUEUES = tasks_settings(os.environ)
if RQ_QUEUES:
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
# A running job's worker touches its heartbeat every 10 s; after this long without one the job
# counts as abandoned (worker killed, machine restarted) and is run again.
TRELLIS_JOB_STALE_SECONDS = int(os.environ.get("TRELLIS_JOB_STALE_SECONDS", "120"))

# How often a live page (the board, the projector, a student's lesson, a live check-in, the
# charter's boards) asks the server what changed, in seconds: every open page makes one small
# request per interval (docs/performance.md). Fractions are allowed (0.5); the least is 0.2.
TRELLIS_LIVE_POLL_SECONDS = max(0.2, float(os.environ.get("TRELLIS_LIVE_POLL_SECONDS", "3")))

# Addresses Trellis calls from the server (an LRS, a CASE package, an LMS): public https only
# (trellis.common.outbound, docs/deploy.md). TRELLIS_OUTBOUND_ALLOW, comma-separated, lists
# hosts the operator trusts anyway ("lrs.school.lan", "10.0.0.5:8080"): internal addresses and
# http:// are allowed for them. TRELLIS_OUTBOUND_ALLOW_HTTP=1 allows http:// to public hosts.
TRELLIS_OUTBOUND_ALLOW = [
    h.strip() for h in os.environ.get("TRELLIS_OUTBOUND_ALLOW", "").split(",") if h.strip()
]
TRELLIS_OUTBOUND_ALLOW_HTTP = os.environ.get("TRELLIS_OUTBOUND_ALLOW_HTTP", "0") == "1"

# Pages speak English or French (Canada) (docs/languages.md): a person's own choice, else
# their school's default, else the browser's Accept-Language, else English
# (trellis.accounts.middleware.PersonLanguageMiddleware). The catalogue is in
# src/trellis/locale (`make messages` extracts and compiles it).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr-ca", "Français (Canada)")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TRELLIS_TIME_ZONE", "America/Toronto")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "media/"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie

# How long a class join code stays valid after it is made or rotated.
JOIN_CODE_DAYS = int(os.environ.get("TRELLIS_JOIN_CODE_DAYS", "14"))
# Resolves an API token to its user (trellis.common.api asks; common imports no app).
TRELLIS_TOKEN_RESOLVER = "trellis.accounts.actions.user_for_token"

# --- Signing in (trellis.signin, docs/signin.md) ---------------------------------------------
EMAIL_SETTINGS = signin_env.email_settings(os.environ, default_dir=DATA_DIR / "mail")
globals().update(EMAIL_SETTINGS)
# A reset link works once, for this long; an invitation link works once, for longer.
PASSWORD_RESET_TIMEOUT = int(os.environ.get("TRELLIS_PASSWORD_RESET_HOURS", "24")) * 3600
SIGNIN_INVITATION_DAYS = int(os.environ.get("TRELLIS_INVITATION_DAYS", "7"))
SIGNIN_CARD_DAYS = int(os.environ.get("TRELLIS_SIGNIN_CARD_DAYS", "7"))
# Students often share devices: their sessions end sooner than staff sessions (two weeks).
STUDENT_SESSION_HOURS = float(os.environ.get("TRELLIS_STUDENT_SESSION_HOURS", "12"))
# Throttling: this many failures within the window lock an account for SIGNIN_LOCK_MINUTES.
SIGNIN_LOCK_FAILURES = int(os.environ.get("TRELLIS_SIGNIN_LOCK_FAILURES", "10"))
SIGNIN_LOCK_MINUTES = int(os.environ.get("TRELLIS_SIGNIN_LOCK_MINUTES", "15"))
# A whole school often shares one public address, so the per-address limit is much higher.
SIGNIN_ADDRESS_FAILURES = int(os.environ.get("TRELLIS_SIGNIN_ADDRESS_FAILURES", "100"))
# How many proxies in front of Trellis append to X-Forwarded-For (0: use REMOTE_ADDR).
SIGNIN_PROXY_COUNT = int(os.environ.get("TRELLIS_PROXY_COUNT", "0"))
# Who a refused person should ask, in the words of the sign-in page.
SIGNIN_HELP_CONTACT = os.environ.get(
    "TRELLIS_SIGNIN_HELP_CONTACT", "your school's Trellis administrator"
)
# The OpenID Connect claim that carries the roster's sourcedId (empty: match by email only).
SIGNIN_SOURCED_ID_CLAIM = os.environ.get("TRELLIS_SSO_SOURCED_ID_CLAIM", "sourced_id")
SIGNIN_TRUSTED_EMAIL_PROVIDERS = signin_env.trusted_email_providers(os.environ)

SOCIALACCOUNT_PROVIDERS = signin_env.sso_providers(os.environ)
SOCIALACCOUNT_ADAPTER = "trellis.signin.sso.MatchImportedPeople"
ACCOUNT_ADAPTER = "trellis.signin.sso.NoSignup"
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("TRELLIS_LOG_LEVEL", "WARNING")},
}
