"""Permission matrix: every collaboration page and endpoint, for every kind of person.

Missing and forbidden look the same (404); anonymous visitors are sent to sign in (pages) or
get 401 (API). Teams are private to their members; leaders see the school's teams, inquiries
and decisions but never moderation pieces or observation notes; other schools see nothing.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.permissions import ACTORS, codes, request_as
from trellis.collaboration import actions

pytestmark = pytest.mark.django_db

STAFF = {"teacher", "other_teacher", "leader", "admin", "far_teacher", "far_admin"}


@pytest.fixture
def things(world, team_scene):
    s = team_scene
    today = timezone.localdate()
    s.inquiry = actions.open_inquiry(
        world.teacher, s.team, question="Why?", starts_on=today, ends_on=today, action="Try"
    )
    s.practice = actions.create_practice(world.teacher, title="P", description="D")
    s.round = actions.create_round(
        world.teacher, s.team, title="R", criteria=["A"], levels=3, pieces=["text"]
    )
    s.piece = s.round.pieces.get()
    s.obs = actions.invite_observer(
        world.teacher,
        observer_id=world.other_teacher.pk,
        focus="F",
        lesson_on=today,
        team_id=s.team.pk,
    )
    s.decision = actions.log_decision(
        world.teacher, s.team, proposal="P", decision="D", review_on=today + timedelta(days=3)
    )
    s.pulse = actions.open_trust_pulse(world.leader, title="T", opens_on=today, closes_on=today)
    return s


def _expect(allowed, anonymous=302):
    return codes(anonymous=anonymous, rest=404, **{a: 200 for a in allowed})


def _pages(s):
    t = s.team.pk
    members = {"teacher", "other_teacher"}
    readers = {"leader", "admin", "far_admin"}
    return {
        "/teams/": _expect(STAFF),
        f"/teams/{t}/": _expect(members | {"leader", "admin"}),
        f"/teams/{t}/pooled/{s.checkin.pk}/": _expect(members),
        f"/teams/{t}/inquiries/new/": _expect(members),
        f"/teams/{t}/rounds/new/": _expect(members),
        f"/teams/inquiries/{s.inquiry.pk}/": _expect(members | {"leader", "admin"}),
        "/teams/practices/": _expect(STAFF),
        f"/teams/practices/{s.practice.pk}/": _expect(members | {"leader", "admin"}),
        f"/teams/rounds/{s.round.pk}/": _expect(members),
        "/teams/observations/": _expect({"teacher", "other_teacher", "far_teacher"}),
        f"/teams/observations/{s.obs.pk}/": _expect(members),
        "/teams/trust/": _expect(STAFF),
        "/teams/school/": _expect(readers),
        "/teams/school/monitoring/": _expect(readers),
        "/teams/school/summary/": _expect(readers),
        "/api/v1/teams": _expect(STAFF, anonymous=401),
        f"/api/v1/teams/{t}/pooled/{s.checkin.pk}": _expect(members, anonymous=401),
    }


def test_every_page_and_endpoint_for_every_actor(client, world, things):
    for url, expected in _pages(things).items():
        for actor in ACTORS:
            client.logout()
            got = request_as(client, world, actor, "get", url).status_code
            assert got == expected[actor], f"{actor} GET {url}: {got}, expected {expected[actor]}"


def _posts(s, world):
    t, today = s.team.pk, timezone.localdate().isoformat()
    return {
        f"/teams/{t}/members/": {"teacher": world.far_teacher.pk},
        f"/teams/{t}/members/{s.third.pk}/remove/": {},
        f"/teams/{t}/rotate/": {},
        f"/teams/{t}/copy/checkin/{s.checkin.pk}/": {},
        f"/teams/{t}/decisions/": {"proposal": "x", "decision": "y", "review_on": today},
        f"/teams/{t}/inquiries/new/": {"question": "q", "starts_on": today, "ends_on": today},
        f"/teams/{t}/rounds/new/": {"title": "r", "criteria": "a", "levels": 3, "pieces": "x"},
        f"/teams/inquiries/{s.inquiry.pk}/finish/": {"outcome": "worked", "conclusion": "c"},
        f"/teams/rounds/{s.round.pk}/pieces/{s.piece.pk}/score/": {"level_c1": 1},
        f"/teams/rounds/{s.round.pk}/pieces/{s.piece.pk}/agree/": {"level_c1": 1, "note": "n"},
        f"/teams/observations/{s.obs.pk}/": {"saw": "s", "students_did": "d"},
        f"/teams/observations/{s.obs.pk}/reply/": {"reply": "r"},
        f"/teams/decisions/{s.decision.pk}/review/": {"outcome": "worked", "note": "n"},
        f"/teams/trust/{s.pulse.pk}/answer/": {},
        "/teams/school/focus/": {"title": "f"},
        "/teams/school/roles/": {"teacher": world.teacher.pk, "role": "data_lead"},
    }


OUTSIDERS = ["student", "other_student", "far_teacher", "far_admin"]


def test_outsiders_cannot_post_anything(client, world, things):
    for url, data in _posts(things, world).items():
        client.logout()
        assert client.post(url, data).status_code == 302  # to sign in
        for actor in OUTSIDERS:
            if actor == "far_admin" and "/school/" in url:
                continue  # school-wide: their own school's focus and roles
            got = request_as(client, world, actor, "post", url, data=data).status_code
            assert got == 404, f"{actor} POST {url}: {got}"


def test_a_teacher_outside_the_team_sees_none_of_it(client, world, things):
    from tests.factories import TeacherFactory

    client.force_login(TeacherFactory(school=world.school))
    for url in [u for u in _pages(things) if "/school/" not in u and "practices" not in u]:
        if url in ("/teams/", "/teams/observations/", "/teams/trust/", "/api/v1/teams"):
            continue
        assert client.get(url).status_code == 404, url
    body = client.get("/teams/").content.decode()
    assert "Grade 9 maths" not in body


def test_leaders_see_counts_of_observations_never_their_notes(client, world, things):
    actions.record_notes(
        world.other_teacher, things.obs.pk, saw="Secret detail", students_did="Worked"
    )
    client.force_login(world.leader)
    body = client.get(f"/teams/{things.team.pk}/").content.decode()
    assert "1 observation in this team" in body and "Secret detail" not in body
    assert client.get(f"/teams/observations/{things.obs.pk}/").status_code == 404
    body = client.get("/teams/school/monitoring/").content.decode()
    assert "Grade 9 maths: 1" in body and "Secret detail" not in body


def test_only_the_observer_writes_notes_and_only_the_observed_replies(client, world, things):
    client.force_login(world.teacher)  # the observed teacher
    url = f"/teams/observations/{things.obs.pk}/"
    assert client.post(url, {"saw": "x", "students_did": "y"}).status_code == 404
    client.force_login(world.other_teacher)  # the observer
    assert client.post(url + "reply/", {"reply": "x", "share": "on"}).status_code == 404
    assert client.post(url, {"saw": "x", "students_did": "y"}).status_code == 302


def test_a_data_lead_reads_the_school_pages(client, world, things):
    client.force_login(world.teacher)
    assert client.get("/teams/school/").status_code == 404
    actions.delegate_role(world.leader, teacher_id=world.teacher.pk, role="data_lead")
    assert client.get("/teams/school/").status_code == 200
    assert client.get("/teams/school/monitoring/").status_code == 200
    # Setting the focus and delegating roles stay the leaders': a data lead gets the 404 of
    # a page they may not see, and nothing is stored.
    assert client.post("/teams/school/focus/", {"title": "x"}).status_code == 404
    assert (
        client.post(
            "/teams/school/roles/", {"teacher": world.teacher.pk, "role": "facilitator"}
        ).status_code
        == 404
    )
    from trellis.collaboration.models import DelegatedRole, SchoolFocus

    assert not SchoolFocus.objects.filter(title="x").exists()
    assert not DelegatedRole.objects.filter(role="facilitator").exists()
