"""Who gets what, for every charter page and API endpoint.

Roles: anonymous, a student of team A, a student of team B (same class), a student of another
class, the class's teacher, another teacher, a leader, the school admin, a teacher of another
school. Forbidden and missing look the same (404); anonymous pages go to sign-in, anonymous API
calls get 401.
"""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.charter.world import build_charter
from tests.shared_rows import built_once, for_test
from tests.world import build_world

# The world is read by every case and changed by none that the next one sees: built once for
# the module, each test gets its own savepoint and copy (tests/shared_rows.py).
_charter_rows = built_once(lambda: build_charter(build_world()))


@pytest.fixture
def cw(request, _charter_rows, db):
    return for_test(request, _charter_rows)


ROLES = [
    "anonymous",
    "student",
    "student_b",
    "other_student",
    "teacher",
    "other_teacher",
    "leader",
    "admin",
    "far_teacher",
]
VISIBLE = {"student", "student_b", "teacher", "admin"}
MANAGE = {"teacher", "admin"}
TEAM_A = {"student", "teacher", "admin"}
STUDENTS = {"student", "student_b"}


def expect(allowed, ok=200, denied=404, **overrides):
    table = {r: (ok if r in allowed else denied) for r in ROLES if r != "anonymous"}
    table.update(overrides)
    return table


def _ratings(w):
    return {f"item_{i.pk}": "3" for i in w.commitments}


def _api_ratings(w):
    return {"ratings": {str(i.pk): 3 for i in w.commitments}}


future = (timezone.localdate() + timedelta(days=10)).isoformat()

# (name, method, url(w), data(w), expectations)
PAGES = [
    ("home", "get", lambda w: reverse("charter:home", args=[w.klass.pk]), None, expect(VISIBLE)),
    ("print", "get", lambda w: reverse("charter:print", args=[w.klass.pk]), None, expect(VISIBLE)),
    (
        "item",
        "get",
        lambda w: reverse("charter:item", args=[w.klass.pk, w.item.key]),
        None,
        expect(VISIBLE, ok=302),
    ),
    (
        "version",
        "get",
        lambda w: reverse("charter:version", args=[w.klass.pk, 1]),
        None,
        expect(VISIBLE),
    ),
    (
        "kickoff",
        "get",
        lambda w: reverse("charter:kickoff", args=[w.klass.pk]),
        None,
        expect(VISIBLE, student=302, student_b=302),
    ),
    ("boards", "get", lambda w: reverse("charter:boards", args=[w.klass.pk]), None, expect(MANAGE)),
    (
        "boards_live",
        "get",
        lambda w: reverse("charter:boards_live", args=[w.klass.pk]),
        None,
        expect(MANAGE),
    ),
    (
        "board",
        "get",
        lambda w: reverse("charter:board", args=[w.klass.pk, w.team_a.pk]),
        None,
        expect(TEAM_A),
    ),
    (
        "board_live",
        "get",
        lambda w: reverse("charter:board_live", args=[w.klass.pk, w.team_a.pk]),
        None,
        expect(TEAM_A),
    ),
    (
        "summary",
        "get",
        lambda w: reverse("charter:summary", args=[w.klass.pk]),
        None,
        expect(MANAGE),
    ),
    (
        "project",
        "get",
        lambda w: reverse("charter:project", args=[w.klass.pk]),
        None,
        expect(MANAGE),
    ),
    (
        "project_live",
        "get",
        lambda w: reverse("charter:project_live", args=[w.klass.pk]),
        None,
        expect(MANAGE),
    ),
    (
        "pulses",
        "get",
        lambda w: reverse("charter:pulses", args=[w.klass.pk]),
        None,
        expect(VISIBLE),
    ),
    (
        "pulse_answer",
        "get",
        lambda w: reverse("charter:pulse_answer", args=[w.klass.pk, w.pulse.pk]),
        None,
        expect(VISIBLE, teacher=302, admin=302),
    ),
    (
        "pulse_results",
        "get",
        lambda w: reverse("charter:pulse_results", args=[w.klass.pk, w.pulse.pk]),
        None,
        expect(VISIBLE),
    ),
    (
        "pulse_trends",
        "get",
        lambda w: reverse("charter:pulse_trends", args=[w.klass.pk]),
        None,
        expect(VISIBLE),
    ),
    (
        "culture",
        "get",
        lambda w: reverse("charter:culture"),
        None,
        expect({"teacher", "other_teacher", "leader", "admin", "far_teacher"}),
    ),
    # Writes: success redirects (302); forbidden is 404.
    (
        "kickoff_start",
        "post",
        lambda w: reverse("charter:kickoff_start", args=[w.klass.pk]),
        lambda w: {},
        expect(MANAGE, ok=302),
    ),
    (
        "prompt_add",
        "post",
        lambda w: reverse("charter:prompt_add", args=[w.klass.pk]),
        lambda w: {"text": "A new prompt"},
        expect(MANAGE, ok=302),
    ),
    (
        "prompt_edit",
        "post",
        lambda w: reverse("charter:prompt_edit", args=[w.klass.pk, w.prompt.pk]),
        lambda w: {"text": "Edited"},
        expect(MANAGE, ok=302),
    ),
    (
        "prompt_move",
        "post",
        lambda w: reverse("charter:prompt_move", args=[w.klass.pk, w.prompt.pk]),
        lambda w: {"direction": "down"},
        expect(MANAGE, ok=302),
    ),
    (
        "prompt_remove",
        "post",
        lambda w: reverse("charter:prompt_remove", args=[w.klass.pk, w.prompt.pk]),
        lambda w: {},
        expect(MANAGE, ok=302),
    ),
    (
        "nudge",
        "post",
        lambda w: reverse("charter:nudge", args=[w.klass.pk]),
        lambda w: {"team": w.team_b.pk, "message": "Keep going"},
        expect(MANAGE, ok=302),
    ),
    (
        "board_entry",
        "post",
        lambda w: reverse("charter:board_entry", args=[w.klass.pk, w.team_a.pk]),
        lambda w: {"prompt": w.prompt.pk, "text": "Practice"},
        expect({"student"}, ok=302),
    ),
    (
        "contribute",
        "post",
        lambda w: reverse("charter:contribute", args=[w.klass.pk, w.team_a.pk]),
        lambda w: {"section": "act", "text": "Retakes"},
        expect({"student"}, ok=302),
    ),
    (
        "item_reword",
        "post",
        lambda w: reverse("charter:item_reword", args=[w.klass.pk, w.idea.pk]),
        lambda w: {"text": "We never judge"},
        expect(MANAGE, ok=302),
    ),
    (
        "item_move",
        "post",
        lambda w: reverse("charter:item_move", args=[w.klass.pk, w.idea.pk]),
        lambda w: {"direction": "up"},
        expect(MANAGE, ok=302),
    ),
    (
        "item_merge",
        "post",
        lambda w: reverse("charter:item_merge", args=[w.klass.pk, w.idea.pk]),
        lambda w: {
            "other": w.kickoff.summary_items.filter(section="see").exclude(pk=w.idea.pk).first().pk
        },
        expect(MANAGE, ok=302),
    ),
    (
        "contribution_split",
        "post",
        lambda w: reverse("charter:contribution_split", args=[w.klass.pk, w.contribution.pk]),
        lambda w: {},
        expect(MANAGE, ok=302),
    ),
    (
        "draft_from_summary",
        "post",
        lambda w: reverse("charter:draft_from_summary", args=[w.klass.pk]),
        lambda w: {},
        expect(MANAGE, ok=302),
    ),
    (
        "draft_item_add",
        "post",
        lambda w: reverse("charter:draft_item_add", args=[w.klass.pk]),
        lambda w: {"section": "students", "text": "Ask questions"},
        expect(MANAGE, ok=302),
    ),
    (
        "draft_item_edit",
        "post",
        lambda w: reverse("charter:draft_item_edit", args=[w.klass.pk, w.draft_item.pk]),
        lambda w: {"text": "Reworded", "version": w.draft_item.text_version},
        expect(MANAGE, ok=302),
    ),
    (
        "draft_item_move",
        "post",
        lambda w: reverse("charter:draft_item_move", args=[w.klass.pk, w.draft_item.pk]),
        lambda w: {"direction": "down"},
        expect(MANAGE, ok=302),
    ),
    (
        "draft_item_remove",
        "post",
        lambda w: reverse("charter:draft_item_remove", args=[w.klass.pk, w.draft_item.pk]),
        lambda w: {},
        expect(MANAGE, ok=302),
    ),
    (
        "publish",
        "post",
        lambda w: reverse("charter:publish", args=[w.klass.pk]),
        lambda w: {"note": "Clearer wording", "version": w.draft_item.version.draft_version},
        expect(MANAGE, ok=302),
    ),
    (
        "revise",
        "post",
        lambda w: reverse("charter:revise", args=[w.klass.pk]),
        lambda w: {},
        expect(MANAGE, ok=302),
    ),
    (
        "endorse",
        "post",
        lambda w: reverse("charter:endorse", args=[w.klass.pk]),
        lambda w: {"would_change": ""},
        expect(STUDENTS, ok=302),
    ),
    (
        "pulse_schedule",
        "post",
        lambda w: reverse("charter:pulse_schedule", args=[w.klass.pk]),
        lambda w: {"opens_on": future, "anonymous": "on"},
        expect(MANAGE, ok=302),
    ),
    (
        "pulse_answer_post",
        "post",
        lambda w: reverse("charter:pulse_answer", args=[w.klass.pk, w.pulse.pk]),
        _ratings,
        # The world's student already answered this anonymous pulse: sealed, so 409.
        expect(STUDENTS, ok=302, teacher=302, admin=302, student=409),
    ),
    (
        "pulse_close",
        "post",
        lambda w: reverse("charter:pulse_close", args=[w.klass.pk, w.pulse.pk]),
        lambda w: {},
        expect(MANAGE, ok=302),
    ),
    (
        "pulse_share",
        "post",
        lambda w: reverse("charter:pulse_share", args=[w.klass.pk, w.pulse.pk]),
        lambda w: {"shared": "0"},
        expect(MANAGE, ok=302),
    ),
]

API = "/api/v1"
ENDPOINTS = [
    ("charter", "get", lambda w: f"{API}/classes/{w.klass.pk}/charter", None, expect(VISIBLE)),
    (
        "commitments",
        "get",
        lambda w: f"{API}/classes/{w.klass.pk}/charter/commitments",
        None,
        expect(VISIBLE),
    ),
    (
        "kickoff",
        "post",
        lambda w: f"{API}/classes/{w.klass.pk}/charter/kickoff",
        lambda w: {},
        expect(MANAGE, ok=409),
    ),
    (
        "board",
        "get",
        lambda w: f"{API}/classes/{w.klass.pk}/charter/boards/{w.team_a.pk}",
        None,
        expect(TEAM_A),
    ),
    (
        "entries",
        "post",
        lambda w: f"{API}/classes/{w.klass.pk}/charter/boards/{w.team_a.pk}/entries",
        lambda w: {"prompt_id": w.prompt.pk, "text": "Practice"},
        expect({"student"}, ok=201),
    ),
    (
        "contributions",
        "post",
        lambda w: f"{API}/classes/{w.klass.pk}/charter/boards/{w.team_a.pk}/contributions",
        lambda w: {"section": "act", "text": "Retakes"},
        expect({"student"}, ok=201),
    ),
    (
        "summary",
        "get",
        lambda w: f"{API}/classes/{w.klass.pk}/charter/summary",
        None,
        expect(MANAGE),
    ),
    (
        "endorsements",
        "post",
        lambda w: f"{API}/classes/{w.klass.pk}/charter/endorsements",
        lambda w: {"would_change": ""},
        expect(STUDENTS),
    ),
    ("pulses", "get", lambda w: f"{API}/classes/{w.klass.pk}/pulses", None, expect(VISIBLE)),
    (
        "answers",
        "post",
        lambda w: f"{API}/classes/{w.klass.pk}/pulses/{w.pulse.pk}/answers",
        _api_ratings,
        expect(STUDENTS, student=409),  # already answered, and the pulse is anonymous
    ),
    (
        "results",
        "get",
        lambda w: f"{API}/classes/{w.klass.pk}/pulses/{w.pulse.pk}/results",
        None,
        expect(VISIBLE),
    ),
    (
        "indicators",
        "get",
        lambda w: f"{API}/classes/{w.klass.pk}/charter/indicators",
        None,
        expect({"teacher", "leader", "admin"}),
    ),
]


def _user(w, role):
    return None if role == "anonymous" else getattr(w, role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "url", "data", "table"), PAGES, ids=[p[0] for p in PAGES]
)
def test_page_permissions(cw, client, role, name, method, url, data, table):
    user = _user(cw, role)
    if user:
        client.force_login(user)
    target = url(cw)
    response = getattr(client, method)(target, data(cw) if data else None)
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        return
    assert response.status_code == table[role], (name, role, response.content[:300])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "url", "data", "table"), ENDPOINTS, ids=[e[0] for e in ENDPOINTS]
)
def test_api_permissions(cw, client, role, name, method, url, data, table):
    user = _user(cw, role)
    if user:
        client.force_login(user)
    kwargs = {}
    if data:
        kwargs = {"data": json.dumps(data(cw)), "content_type": "application/json"}
    response = getattr(client, method)(url(cw), **kwargs)
    if role == "anonymous":
        assert response.status_code == 401
        return
    assert response.status_code == table[role], (name, role, response.content[:300])
    if response.status_code == 404:
        assert "No such" in response.json()["detail"]


def test_unshared_pulse_results_are_hidden_from_students(cw, client):
    from trellis.charter import actions

    actions.share_pulse(cw.teacher, cw.pulse.pk, shared=False)
    client.force_login(cw.student)
    url = reverse("charter:pulse_results", args=[cw.klass.pk, cw.pulse.pk])
    assert client.get(url).status_code == 404
    assert client.get(f"{API}/classes/{cw.klass.pk}/pulses/{cw.pulse.pk}/results").status_code == (
        404
    )
    client.force_login(cw.teacher)
    assert client.get(url).status_code == 200
