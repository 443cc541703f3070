"""Settings shared by every environment. Everything that differs comes from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent  # src/trellis
# Where the SQLite database and uploads live; a checkout keeps them in ./var.
DATA_DIR = Path(os.environ.get("TRELLIS_DATA_DIR", Path.cwd() / "var"))

SECRET_KEY = os.environ.get(
    "TRELLIS_SECRET_KEY", "dev-only-insecure-key-change-me-0123456789abcdefghijklmnop"
)
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
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "trellis.accounts.middleware.SchoolTimeZoneMiddleware",
    "trellis.common.ids.IdRangeMiddleware",
]

# ModelBackend that reads the user's school in the same query (for the school's time zone).
AUTHENTICATION_BACKENDS = ["trellis.accounts.backends.SchoolModelBackend"]

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
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

REDIS_URL = os.environ.get("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


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

LANGUAGE_CODE = "en-us"
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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("TRELLIS_LOG_LEVEL", "WARNING")},
}
