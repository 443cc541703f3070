"""Evidence events as xAPI 1.0.3 statements (pure: reads the event's own fields, no query).

A **statement** is what a learning record store keeps: an actor (an account on this Trellis,
never an e-mail address or a name), a verb (ADL's where one says it exactly, otherwise the
Trellis profile's), an object (an activity on this Trellis, or, for a correction, a
**StatementRef** to the statement it voids), a result and a context.

The statement's id is a UUID version 5 of the install's address and the event's id, so the
same event always becomes the same statement: a resend never makes a second one.

What never leaves (docs/xapi.md): names and e-mail addresses, and words people typed (a help
note, a suggestion, a reflection, an answer, a correction's reason, a teacher's note). A
result keeps its success, completion, score and duration; `response` only where it is one of
a few fixed words (an observation, a phase move).
"""

import uuid
from datetime import UTC
from urllib.parse import quote

from django.conf import settings

from ..verbs import Verb
from .profile import (
    ACTIVITY_TYPE,
    ACTIVITY_TYPES,
    EXTENSION,
    EXTENSION_DEFINITIONS,
    PROFILE_VERSION,
)

XAPI_VERSION = "1.0.3"

# Verbs whose `response` is one of a few fixed words, never typed text.
_FIXED_RESPONSES = {Verb.OBSERVED.value, Verb.MOVED.value}
# Context extensions whose text is a fixed word (a phase, a kind); other text is dropped.
_FIXED_TEXT = {"from", "to", "recommendation", "kind", "purpose"}
_SCORE_KEYS = ("scaled", "raw", "min", "max")


def home_page() -> str:
    """This install's address: the homePage of every account and the root of activity ids."""
    return getattr(settings, "TRELLIS_XAPI_HOME_PAGE", "https://trellis.school").rstrip("/")


def statement_id(event_id: int, *, home: str | None = None) -> str:
    """The statement id of an event: stable across exports and resends."""
    home = home or home_page()
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{home}/xapi/evidence/{int(event_id)}"))


def _agent(user_id, home: str) -> dict:
    name = str(user_id) if user_id is not None else "removed"
    return {"objectType": "Agent", "account": {"homePage": home, "name": name}}


def _activity(home: str, kind: str, ident) -> dict:
    activity = {
        "objectType": "Activity",
        "id": f"{home}/xapi/activities/{quote(str(kind), safe='')}/{quote(str(ident), safe='')}",
    }
    if kind in ACTIVITY_TYPES:  # only types the profile defines
        activity["definition"] = {"type": ACTIVITY_TYPE + kind}
    return activity


def _timestamp(moment) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _score(raw) -> dict | None:
    if not isinstance(raw, dict):
        return None
    score = {k: raw[k] for k in _SCORE_KEYS if _is_number(raw.get(k))}
    if "scaled" in score and not -1 <= score["scaled"] <= 1:
        score.pop("scaled")
    if "raw" in score and (
        ("min" in score and score["raw"] < score["min"])
        or ("max" in score and score["raw"] > score["max"])
    ):
        score.pop("raw")
    return score or None


def _extensions(values: dict, *, keep_text=frozenset()) -> dict:
    """Short keys become IRIs of the profile; numbers and booleans pass, text only if fixed."""
    out = {}
    for key, value in (values or {}).items():
        if key not in EXTENSION_DEFINITIONS:  # only extensions the profile defines
            continue
        fixed_text = isinstance(value, str) and key in keep_text and value
        if isinstance(value, bool) or _is_number(value) or fixed_text:
            out[EXTENSION + str(key)] = value
    return out


def _result(event) -> dict | None:
    raw = event.result or {}
    result = {}
    if isinstance(raw.get("success"), bool):
        result["success"] = raw["success"]
    if isinstance(raw.get("completion"), bool):
        result["completion"] = raw["completion"]
    score = _score(raw.get("score"))
    if score:
        result["score"] = score
    if isinstance(raw.get("duration"), str) and raw["duration"].startswith("P"):
        result["duration"] = raw["duration"]
    response = raw.get("response")
    if event.verb in _FIXED_RESPONSES and isinstance(response, str) and response:
        result["response"] = response
    ext = _extensions(raw.get("extensions") or {})
    if ext:
        result["extensions"] = ext
    return result or None


def _context(event, home: str) -> dict:
    stored = event.context or {}
    ext = _extensions(stored.get("extensions") or {}, keep_text=_FIXED_TEXT)
    if event.target_id:
        ext[EXTENSION + "target"] = event.target_id
    if event.subject_id and event.subject_id != event.actor_id:
        ext[EXTENSION + "subject"] = _agent(event.subject_id, home)
    # Statements that follow a profile name its version as a category (xAPI Profiles, part 2).
    profile = {
        "objectType": "Activity",
        "id": PROFILE_VERSION,
        "definition": {"type": "http://adlnet.gov/expapi/activities/profile"},
    }
    context = {"platform": "Trellis", "contextActivities": {"category": [profile]}}
    if event.classroom_id:
        context["contextActivities"]["grouping"] = [_activity(home, "class", event.classroom_id)]
    if ext:
        context["extensions"] = ext
    return context


def to_statement(event, *, home: str | None = None) -> dict:
    """One event as one xAPI 1.0.3 statement (no `stored`, no `authority`: the LRS sets them)."""
    home = home or home_page()
    statement = {
        "id": statement_id(event.pk, home=home),
        "actor": _agent(event.actor_id, home),
        "verb": {"id": Verb(event.verb).iri, "display": {"en-US": event.verb}},
        "timestamp": _timestamp(event.occurred_at),
        "version": XAPI_VERSION,
    }
    if event.verb == Verb.VOIDED:
        # A voiding statement names the statement it voids and says nothing else.
        statement["object"] = {
            "objectType": "StatementRef",
            "id": statement_id(event.voids_id, home=home),
        }
        return statement
    statement["object"] = _activity(home, event.object_type, event.object_id)
    result = _result(event)
    if result:
        statement["result"] = result
    statement["context"] = _context(event, home)
    return statement
