"""Helpers shared by the release's pages."""

from django.utils.http import url_has_allowed_host_and_scheme

POLL_SECONDS = 3


def _safe_next(request, fallback: str) -> str:
    nxt = request.POST.get("next") or ""
    if nxt and url_has_allowed_host_and_scheme(nxt, {request.get_host()}):
        return nxt
    return fallback
