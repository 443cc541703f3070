"""Login throttling: a small rule on Django's cache (Redis in production, shared by servers).

Per account: SIGNIN_LOCK_FAILURES failed sign-ins within SIGNIN_LOCK_MINUTES lock the account
for SIGNIN_LOCK_MINUTES, even for the right password; an admin can lift the lock. Per client
address: SIGNIN_ADDRESS_FAILURES failures (any account, any card code) block that address for
the same time. Why not django-axes: it insists on the request in every authenticate() call
(scripts and the test client call it without one), adds three tables, a middleware and a
backend that must come first, and replaces our sign-in page with its own lockout response; the
rule we need is these few lines, and the cache is already there.

Counters use a fixed window that starts at the first failure; keys hold a hash of the name, so
the cache never holds a username in clear.
"""

import hashlib
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"signin:{kind}:{digest}"


def _window() -> int:
    return settings.SIGNIN_LOCK_MINUTES * 60


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the X-Forwarded-For entry our own proxies added."""
    hops = settings.SIGNIN_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if hops and forwarded:
        entries = [e.strip() for e in forwarded.split(",") if e.strip()]
        if len(entries) >= hops:
            return entries[-hops]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _locked_until(kind: str, value: str) -> datetime | None:
    until = cache.get(_key(f"{kind}-lock", value))
    if until is None or until <= timezone.now():
        return None
    return until


def account_locked_until(username: str) -> datetime | None:
    return _locked_until("account", username) if username else None


def address_blocked_until(address: str) -> datetime | None:
    return _locked_until("address", address)


def _count_failure(kind: str, value: str, limit: int) -> datetime | None:
    """Count one failure; lock and return the lock's end when the limit is reached."""
    key = _key(kind, value)
    cache.add(key, 0, _window())
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, _window())
        count = 1
    if count < limit:
        return None
    until = timezone.now() + timedelta(seconds=_window())
    cache.set(_key(f"{kind}-lock", value), until, _window())
    cache.delete(key)
    return until


def record_failure(request: HttpRequest, username: str | None) -> datetime | None:
    """Count a failed sign-in for the account (if named) and the address; returns the account's
    lock end if this failure locked it."""
    _count_failure("address", client_address(request), settings.SIGNIN_ADDRESS_FAILURES)
    if username:
        return _count_failure("account", username, settings.SIGNIN_LOCK_FAILURES)
    return None


def record_success(username: str) -> None:
    cache.delete(_key("account", username))


def unlock_account(username: str) -> None:
    cache.delete_many([_key("account", username), _key("account-lock", username)])


def lock_message(until: datetime) -> str:
    return gettext(
        "This account is locked after %(failures)s failed sign-ins in %(minutes)s minutes. "
        "Try again after %(at)s, or ask %(contact)s to unlock it now."
    ) % {
        "failures": settings.SIGNIN_LOCK_FAILURES,
        "minutes": settings.SIGNIN_LOCK_MINUTES,
        "at": time_format(timezone.localtime(until), "H:i"),
        "contact": settings.SIGNIN_HELP_CONTACT,
    }


def address_message(until: datetime) -> str:
    return gettext(
        "Too many failed sign-ins came from this network. Try again after %(at)s; if a whole "
        "class is affected, ask %(contact)s."
    ) % {
        "at": time_format(timezone.localtime(until), "H:i"),
        "contact": settings.SIGNIN_HELP_CONTACT,
    }
