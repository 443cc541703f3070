"""The one shared cache (Django's cache framework): Redis when REDIS_URL is set, so every
server process and machine shares it; local memory otherwise, bounded by MAX_ENTRIES.

What is cached is always derived and keyed by the state it was derived from (a class's
evidence mark, phases, roster), never by the clock or by a person's token: dropping any entry
changes nothing anyone sees. Rendered HTML is stored compressed (a grid compresses ~10×)."""

import zlib

from django.core.cache import cache

PREFIX = "trellis:"


def get(key: str):
    return cache.get(PREFIX + key)


def set(key: str, value, timeout: int) -> None:
    cache.set(PREFIX + key, value, timeout)


def get_html(key: str) -> str | None:
    blob = cache.get(PREFIX + key)
    return zlib.decompress(blob).decode() if blob is not None else None


def set_html(key: str, html: str, timeout: int) -> None:
    cache.set(PREFIX + key, zlib.compress(html.encode(), 1), timeout)


def clear() -> None:
    """Forget everything (tests; a deploy that changes templates need not: keys name versions)."""
    cache.clear()
