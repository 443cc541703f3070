"""Test settings: fast hashing, an in-memory cache, and whatever database DATABASE_URL names."""

from .base import *  # noqa: F403
from .base import DATABASES

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# xAPI deliveries take events as soon as they are written (production waits a minute for
# writes still open to commit: trellis.evidence.queries.SETTLE_SECONDS).
TRELLIS_XAPI_SETTLE_SECONDS = 0
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
ALLOWED_HOSTS = ["*"]
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Test databases are made fresh by pytest-django; the name only sets the template.
    DATABASES["default"]["TEST"] = {"NAME": None}
# Live pages poll every second in the browser tests (3 s in production): a test that waits for
# the board or the projector to catch up waits a third as long. The behaviour is the same.
TRELLIS_LIVE_POLL_SECONDS = 1
