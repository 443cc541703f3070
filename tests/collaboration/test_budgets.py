"""Every collaboration page and endpoint costs an exact number of queries, the same for a
small school and a large one (more teachers, classes, students, inquiries, pieces...)."""

import pytest
from django.utils import timezone

from tests.budgets import assert_budget
from tests.collaboration.scenes import build_school
from tests.shared_rows import built_once, for_test

pytestmark = pytest.mark.django_db

SIZES = ("small", "large")


def _both_sizes():
    return {size: build_school(size) for size in SIZES}


# Both schools are built once for the module (tests/shared_rows.py); each test gets its own
# savepoint and copies, as if it had built them.
_school_rows = built_once(_both_sizes)


@pytest.fixture
def schools(request, _school_rows, db):
    return for_test(request, _school_rows)


def _login(client, user):
    client.force_login(user)
    client.get("/")  # warm the session


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("collaboration:index", 5),
        ("collaboration:practices", 4),
        ("collaboration:observations", 5),
        ("collaboration:trust", 6),
        ("collaboration:networks", 4),
        ("api-v1:collaboration_teams", 5),
    ],
)
def test_teacher_lists(client, name, expected, schools):
    for size in SIZES:
        s = schools[size]
        _login(client, s.lead)
        assert_budget(client, name, expected)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("collaboration:matrix", 26),
        ("collaboration:monitoring", 16),
        ("collaboration:summary", 37),
    ],
)
def test_leader_pages(client, name, expected, schools):
    for size in SIZES:
        s = schools[size]
        _login(client, s.leader)
        assert_budget(client, name, expected)


def test_teacher_object_pages(client, schools):
    for size in SIZES:
        s = schools[size]
        _login(client, s.lead)
        assert_budget(client, "collaboration:team", 15, s.team.pk)
        assert_budget(client, "collaboration:pooled", 8, s.team.pk, s.checkin.pk)
        assert_budget(client, "api-v1:collaboration_pooled", 8, s.team.pk, s.checkin.pk)
        assert_budget(client, "collaboration:inquiry_new", 7, s.team.pk)
        assert_budget(client, "collaboration:round_new", 3, s.team.pk)
        assert_budget(client, "collaboration:inquiry", 12, s.inquiry.pk)
        assert_budget(client, "collaboration:practice", 4, s.practice.pk)
        assert_budget(client, "collaboration:round", 5, s.round.pk)
        assert_budget(client, "collaboration:observation", 3, s.observations[0].pk)
        assert_budget(client, "collaboration:pooled_task", 8, s.team.pk, s.task.pk)
        assert_budget(client, "collaboration:pooled_rubric", 10, s.team.pk, s.team_rubric.pk)
        assert_budget(client, "collaboration:networks", 4)
        assert_budget(client, "collaboration:network", 8, s.network.pk)


def test_leader_sees_a_team_page(client, schools):
    for size in SIZES:
        s = schools[size]
        _login(client, s.leader)
        assert_budget(client, "collaboration:team", 8, s.team.pk)


def test_actions(client, schools):
    today = timezone.localdate().isoformat()
    for size in SIZES:
        s = schools[size]
        t, p = s.team.pk, s.pieces[0].pk
        _login(client, s.lead)
        levels = {"level_c1": "2", "level_c2": "2"}
        assert_budget(
            client,
            "collaboration:add_member",
            14,
            t,
            method="post",
            data={"teacher": s.extra.pk},
            status=302,
        )
        assert_budget(
            client, "collaboration:remove_member", 13, t, s.extra.pk, method="post", status=302
        )
        assert_budget(client, "collaboration:rotate", 13, t, method="post", status=302)
        assert_budget(
            client,
            "collaboration:decision_new",
            8,
            t,
            method="post",
            status=302,
            data={"proposal": "New", "decision": "Yes", "review_on": today},
        )
        assert_budget(
            client,
            "collaboration:decision_review",
            12,
            s.decisions[0].pk,
            method="post",
            status=302,
            data={"outcome": "worked", "note": "ok"},
        )
        assert_budget(
            client,
            "collaboration:inquiry_finish",
            19,
            s.inquiry.pk,
            method="post",
            status=302,
            data={"outcome": "worked", "conclusion": "It helped."},
        )
        assert_budget(
            client, "collaboration:score", 11, s.round.pk, p, method="post", status=302, data=levels
        )
        assert_budget(
            client,
            "collaboration:agree",
            10,
            s.round.pk,
            p,
            method="post",
            status=302,
            data={**levels, "note": "Agreed", "exemplar": "1"},
        )
        assert_budget(
            client,
            "collaboration:observation_reply",
            11,
            s.observations[0].pk,
            method="post",
            status=302,
            data={"reply": "Thanks", "share": "on"},
        )
        assert_budget(
            client,
            "collaboration:index",
            9,
            method="post",
            status=302,
            data={"name": "New team", "kind": "grade"},
        )
        assert_budget(
            client,
            "collaboration:inquiry_new",
            11,
            t,
            method="post",
            status=302,
            data={"question": "Q?", "starts_on": today, "ends_on": today, "action": "Try it"},
        )
        assert_budget(
            client,
            "collaboration:round_new",
            8,
            t,
            method="post",
            status=302,
            data={"title": "R", "criteria": "A\nB", "levels": "3", "pieces": "one\n---\ntwo"},
        )
        assert_budget(
            client,
            "collaboration:practices",
            7,
            method="post",
            status=302,
            data={"title": "New practice", "description": "Do it"},
        )
        assert_budget(
            client,
            "collaboration:observations",
            9,
            method="post",
            status=302,
            data={"observer": s.second.pk, "focus": "Questions", "lesson_on": today},
        )
        _login(client, s.second)
        assert_budget(
            client,
            "collaboration:observation",
            8,
            s.observations[0].pk,
            method="post",
            status=302,
            data={"saw": "More", "students_did": "Talked", "wondered": ""},
        )
        assert_budget(
            client, "collaboration:copy_checkin", 16, t, s.checkin.pk, method="post", status=302
        )
        mine = s.classes[1 if size == "small" else 2].pk
        assert_budget(
            client,
            "collaboration:copy_task",
            20,  # +1 since the scene's task has steps
            t,
            s.task.pk,
            method="post",
            status=302,
            data={"classroom": mine},
        )
        assert_budget(
            client,
            "collaboration:share_rubric",
            11,
            t,
            method="post",
            status=302,
            data={"rubric": s.rubric.pk},
        )
        assert_budget(
            client,
            "collaboration:copy_rubric",
            25,
            t,
            s.team_rubric.pk,
            method="post",
            status=302,
            data={"classroom": mine},
        )
        assert_budget(
            client,
            "collaboration:network_adopt",
            11,
            s.network.pk,
            s.far_practices[0].pk,
            method="post",
            status=302,
        )
        _login(client, s.extra)
        assert_budget(
            client,
            "collaboration:trust_answer",
            12,
            s.pulse.pk,
            method="post",
            status=302,
            data={f"s{i}": "3" for i in range(5)},
        )
        _login(client, s.leader)
        assert_budget(
            client, "collaboration:focus", 5, method="post", status=302, data={"title": "Reading"}
        )
        assert_budget(
            client,
            "collaboration:roles",
            13,
            method="post",
            status=302,
            data={"teacher": s.extra.pk, "role": "facilitator"},
        )
        assert_budget(
            client,
            "collaboration:trust",
            10,
            method="post",
            status=302,
            data={"title": "Spring", "opens_on": today, "closes_on": today},
        )
        assert_budget(
            client,
            "collaboration:networks",
            8,
            method="post",
            status=302,
            data={"name": "Second network"},
        )
        assert_budget(
            client,
            "collaboration:network_join",
            6,
            method="post",
            status=302,
            data={"code": s.network.join_code},
        )
        assert_budget(
            client, "collaboration:network_leave", 9, s.network.pk, method="post", status=302
        )


@pytest.mark.parametrize("size", SIZES)
def test_joining_a_network_team(client, schools, size):
    """A teacher of the network's other school joins a network team with its code."""
    from trellis.collaboration import actions

    s = schools[size]
    team = actions.create_team(s.lead, name="District", kind="network")
    _login(client, s.far_practices[0].created_by)
    assert_budget(
        client, "collaboration:join", 8, method="post", status=302, data={"code": team.join_code}
    )
