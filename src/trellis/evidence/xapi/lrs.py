"""Posting statements to a learning record store (xAPI 1.0.3, HTTP basic authentication).

`post_statements` sends one batch and says what came of it:

- 200 (the ids stored) and 204 (nothing new: every id was already there) are **delivered**;
- 409 is **delivered** too: the store already holds statements with these ids (our ids are
  stable, so they are these statements);
- 401/403 and other 4xx are the school's to fix (`LrsRefused`, not retried: it would fail
  the same way);
- a 5xx, a timeout or an unreachable address is passing (`LrsUnavailable`, retried later);
- an address the outbound guard refuses (`trellis.common.outbound`: internal, or http:// not
  allowed) is the school's to fix (`LrsRefused`): nothing is sent to it.
"""

import json

import httpx
from django.utils.translation import gettext as _

from trellis.common import outbound

from .statements import XAPI_VERSION

TIMEOUT_SECONDS = 20.0


class LrsRefused(Exception):
    """The store refused the batch for a reason retrying will not change."""


class LrsUnavailable(Exception):
    """The store could not be reached or failed; a later attempt may succeed."""


def statements_url(endpoint: str) -> str:
    return endpoint.rstrip("/") + "/statements"


def _reason(response: httpx.Response) -> str:
    text = response.text.strip().replace("\n", " ")
    return text[:300] if text else response.reason_phrase


def post_statements(endpoint: str, key: str, secret: str, statements: list[dict]) -> int:
    """POST one batch; returns the HTTP status when delivered, raises otherwise."""
    try:
        with outbound.client(timeout=TIMEOUT_SECONDS) as http:
            response = http.post(
                statements_url(endpoint),
                content=json.dumps(statements, ensure_ascii=False).encode(),
                headers={
                    "Content-Type": "application/json",
                    "X-Experience-API-Version": XAPI_VERSION,
                },
                auth=(key, secret),
            )
    except outbound.OutboundRefused as exc:
        raise LrsRefused(exc.message) from exc
    except httpx.HTTPError as exc:
        raise LrsUnavailable(
            _("could not reach %(url)s: %(error)s")
            % {"url": statements_url(endpoint), "error": exc}
        ) from exc
    status = response.status_code
    if status in (200, 204, 409):
        return status
    if status in (401, 403):
        raise LrsRefused(
            _(
                "the learning record store refused the key and secret (HTTP %(status)s): "
                "check them on this page"
            )
            % {"status": status}
        )
    if 400 <= status < 500:
        raise LrsRefused(
            _("the learning record store refused the batch (HTTP %(status)s): %(reason)s")
            % {"status": status, "reason": _reason(response)}
        )
    raise LrsUnavailable(
        _("the learning record store failed (HTTP %(status)s): %(reason)s")
        % {"status": status, "reason": _reason(response)}
    )


def get_statements(endpoint: str, key: str, secret: str, **params) -> dict:
    """GET /statements (one page): for checking what a store holds."""
    with outbound.client(timeout=TIMEOUT_SECONDS) as http:
        response = http.get(
            statements_url(endpoint),
            params=params,
            headers={"X-Experience-API-Version": XAPI_VERSION},
            auth=(key, secret),
        )
    response.raise_for_status()
    return response.json()
