"""Settings for the board benchmark: production-like (DEBUG off), plus a trivial one-query view
to compare against and a Server-Timing header carrying the server's own time."""

from trellis.settings.base import *  # noqa: F403
from trellis.settings.base import MIDDLEWARE

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench_urls"
MIDDLEWARE = ["bench_timing.ServerTiming", *MIDDLEWARE]
# Logging in 31 simulated people must not dominate the run; the board is what is measured.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING = {"version": 1, "disable_existing_loggers": True}
