"""Test settings: fast hashing, an in-memory cache, and whatever database DATABASE_URL names."""

from .base import *  # noqa: F403
from .base import DATABASES

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
ALLOWED_HOSTS = ["*"]
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Test databases are made fresh by pytest-django; the name only sets the template.
    DATABASES["default"]["TEST"] = {"NAME": None}
