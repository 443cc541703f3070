"""Production settings. Every secret and host comes from the environment (see docs/deploy.md)."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DEV_SECRET_KEY, MIDDLEWARE

# Static files straight from the app servers, compressed and cache-busted; run
# `trellis collectstatic` at deploy time.
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DEBUG = False


def real_secret_key(env) -> str:
    """TRELLIS_SECRET_KEY, refused when missing, short, or the public development key (with it,
    anyone could forge sessions and link anonymous answers to students)."""
    key = env.get("TRELLIS_SECRET_KEY", "").strip()
    how = (
        "Set TRELLIS_SECRET_KEY to 50 or more random characters, for example the output of "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`, and keep it secret."
    )
    if not key:
        raise ImproperlyConfigured(f"TRELLIS_SECRET_KEY is not set. {how}")
    if key == DEV_SECRET_KEY or key.startswith("dev-only"):
        raise ImproperlyConfigured(f"TRELLIS_SECRET_KEY is the public development key. {how}")
    if len(key) < 50 or len(set(key)) < 5:
        raise ImproperlyConfigured(f"TRELLIS_SECRET_KEY is too short or too simple. {how}")
    return key


SECRET_KEY = real_secret_key(os.environ)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("TRELLIS_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = int(os.environ.get("TRELLIS_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("TRELLIS_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

# Trellis inside an LMS iframe (LTI 1.3, docs/lti.md): the iframe is a third-party context, so
# the session and CSRF cookies must be SameSite=None (always with Secure, set above) for the
# browser to send them there. Off by default: SameSite=Lax is the stronger default when Trellis
# is opened in its own window or tab, which every LMS can also do.
if os.environ.get("TRELLIS_LTI_IFRAME", "0") == "1":
    SESSION_COOKIE_SAMESITE = "None"
    CSRF_COOKIE_SAMESITE = "None"
