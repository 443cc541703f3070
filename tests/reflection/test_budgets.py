"""Exact query budgets for every reflection URL: the same number for a small class (2 of
everything) and a large one (40 reflections, pieces, responses, notices, families)."""

import shutil

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from tests.budgets import assert_budget
from tests.factories import StudentFactory, UserFactory, class_with
from tests.reflection.conftest import WEBM, build_refl
from tests.shared_rows import built_once, for_test
from tests.work.factories import assignment_for, hand_in, published_rubric, targets_for
from tests.world import build_world
from trellis.accounts.models import Role
from trellis.reflection import actions
from trellis.reflection.models import Audience
from trellis.rosters import actions as roster_actions

pytestmark = pytest.mark.django_db


class Data:
    pass


def build(w, n: int) -> Data:
    d = Data()
    d.klass = class_with(w.teacher, school=w.school)
    targets = targets_for(w.teacher, d.klass)
    assignment = assignment_for(
        w.teacher,
        d.klass,
        published_rubric(w.teacher, d.klass, targets),
        target_ids=[targets[0].pk],
    )
    d.assignment = assignment
    d.student = StudentFactory(school=w.school, first_name="Ada", last_name="Lovelace")
    roster_actions.enroll(d.klass, d.student, "student")
    d.guardian = UserFactory(school=w.school, role=Role.GUARDIAN)
    actions.link_guardian(d.guardian, d.student)
    classmates = []
    for _ in range(n):
        s = StudentFactory(school=w.school)
        roster_actions.enroll(d.klass, s, "student")
        classmates.append(s)
        g = UserFactory(school=w.school, role=Role.GUARDIAN)
        actions.link_guardian(g, s)
        actions.make_family_invite(w.teacher, d.klass, s.pk)
        hand_in(s, assignment)
        actions.write_reflection(s, d.klass, moment="free", body="Classmate thinking")
    d.revision = None
    for i in range(n):
        d.revision = hand_in(d.student, assignment, text=f"Essay number {i}")
    d.reflections = [
        actions.write_reflection(
            d.student,
            d.klass,
            moment="guided",
            body=f"Reflection {i}",
            target_id=targets[0].pk,
            audio=SimpleUploadedFile("r.webm", WEBM, "audio/webm") if i == 0 else None,
        )
        for i in range(n)
    ]
    actions.write_reflection(w.teacher, d.klass, moment="free", body="Lesson", shown_to_class=True)
    d.revisit = actions.make_revisit(
        d.student,
        d.klass,
        then_kind="reflection",
        then_id=d.reflections[0].pk,
        now_kind="revision",
        now_id=d.revision.pk,
        note="Better now.",
    )
    d.collection = actions.create_collection(d.student, d.klass, "Best")
    for r in d.reflections:
        actions.add_piece(d.student, d.collection.pk, "reflection", r.pk)
    actions.add_piece(d.student, d.collection.pk, "revision", d.revision.pk)
    actions.add_piece(d.student, d.collection.pk, "revisit", d.revisit.pk)
    c = actions.choose_audience(d.student, d.collection.pk, Audience.LINK, d.collection.version)
    actions.approve_audience(w.teacher, c.pk)
    d.collection = c
    d.link = actions.create_share_link(d.student, c.pk, 5)
    for s in classmates:
        actions.respond(s, c, body="Helpful", helped=True)
        actions.respond(d.guardian, c, body="From home", helped=False)
    for _ in range(n):
        actions.create_collection(d.student, d.klass, "Another")
    d.response = actions.respond(d.guardian, c, body="Waiting one", helped=True)
    return d


def _build_once(media):
    with override_settings(MEDIA_ROOT=media):
        w = build_refl(build_world())
        return media, (w, [build(w, 2), build(w, 40)])


# The small and the large data built once for the module (tests/shared_rows.py): each test
# gets its own savepoint, a copy of the objects and a copy of the uploaded files.
_size_rows = built_once(_build_once)


@pytest.fixture
def sizes(request, _size_rows, db, tmp_path, settings):
    media, rows = for_test(request, _size_rows)
    settings.MEDIA_ROOT = tmp_path / "media"
    shutil.copytree(media, settings.MEDIA_ROOT)
    return rows


def test_student_pages(client, sizes):
    _w, data = sizes
    for d in data:
        client.force_login(d.student)
        client.get("/reflection/notices/")  # reads any message left in the session
        assert_budget(client, "reflection:journal", 14, d.klass.pk)
        assert_budget(client, "reflection:timeline", 6, d.klass.pk)
        assert_budget(client, "reflection:revisit_new", 8, d.klass.pk)
        assert_budget(client, "reflection:collections", 5, d.klass.pk)
        assert_budget(client, "reflection:transcript", 3, d.reflections[0].pk)
        assert_budget(client, "reflection:audio", 3, d.reflections[0].pk)
        assert_budget(client, "reflection:revisit", 3, d.revisit.pk)
        assert_budget(client, "reflection:collection", 12, d.collection.pk)
        assert_budget(client, "reflection:conference", 6, d.collection.pk)
        assert_budget(client, "reflection:notices", 3)
        assert_budget(client, "reflection:bell", 3)


def test_student_actions(client, sizes):
    _w, data = sizes
    for d in data:
        client.force_login(d.student)
        client.get("/reflection/notices/")  # reads any message left in the session
        c = d.collection
        assert_budget(
            client,
            "reflection:journal",
            22,
            d.klass.pk,
            method="post",
            data={"moment": "guided", "body": "New thought"},
            status=302,
        )
        assert_budget(
            client,
            "reflection:add_piece",
            12,
            c.pk,
            method="post",
            data={"piece": f"reflection:{d.reflections[-1].pk}"},
            status=302,
        )
        c.refresh_from_db()
        assert_budget(
            client,
            "reflection:audience",
            12,
            c.pk,
            method="post",
            data={"audience": Audience.LINK, "version": c.version},
            status=302,
        )
        assert_budget(
            client, "reflection:make_link", 9, c.pk, method="post", data={"days": 3}, status=302
        )
        assert_budget(client, "reflection:revoke_link", 10, d.link.pk, method="post", status=302)
        assert_budget(client, "reflection:read_all", 8, method="post", status=302)
        assert_budget(
            client, "reflection:digest", 13, method="post", data={"weekly": "1"}, status=302
        )
        assert_budget(
            client,
            "reflection:transcript",
            10,
            d.reflections[0].pk,
            method="post",
            data={"transcript": "Words", "version": d.reflections[0].version},
            status=302,
        )


def test_teacher_pages_and_actions(client, sizes):
    w, data = sizes
    client.force_login(w.teacher)
    for d in data:
        client.get("/reflection/notices/")  # reads the last loop's messages
        assert_budget(client, "reflection:class", 11, d.klass.pk)
        assert_budget(client, "reflection:approvals", 5, d.klass.pk)
        assert_budget(client, "reflection:invites", 5, d.klass.pk)
        assert_budget(
            client,
            "reflection:prompt",
            15,
            d.klass.pk,
            method="post",
            data={"moment": "guided", "text": "Our prompt"},
            status=302,
        )
        assert_budget(
            client,
            "reflection:invite",
            11,
            d.klass.pk,
            method="post",
            data={"student": d.student.pk},
            status=302,
        )
        assert_budget(
            client,
            "reflection:require",
            12,
            d.assignment.pk,
            method="post",
            data={"required": "1"},
            status=302,
        )
        assert_budget(
            client,
            "reflection:approve",
            12,
            d.collection.pk,
            method="post",
            data={"approve": "1"},
            status=302,
        )
        assert_budget(
            client,
            "reflection:moderate",
            10,
            d.response.pk,
            method="post",
            data={"show": "1"},
            status=302,
        )
        link = d.guardian.children_links.get()
        assert_budget(client, "reflection:end_link", 12, link.pk, method="post", status=302)
        client.get("/reflection/notices/")
        assert_budget(client, "reflection:collection", 8, d.collection.pk)
        assert_budget(
            client,
            "reflection:link_class",
            10,
            d.collection.pk,
            method="post",
            data={"linked_class": w.other_class.pk},
            status=302,
        )


def test_guardian_pages_and_actions(client, sizes):
    _w, data = sizes
    for d in data:
        client.force_login(d.guardian)
        client.get("/reflection/notices/")  # reads any message left in the session
        assert_budget(client, "reflection:family", 3)
        assert_budget(client, "reflection:child", 5, d.student.pk)
        assert_budget(client, "reflection:child_class", 10, d.student.pk, d.klass.pk)
        assert_budget(client, "reflection:collection", 5, d.collection.pk)
        assert_budget(
            client,
            "reflection:respond",
            12,
            d.collection.pk,
            method="post",
            data={"body": "Well done", "helped": "on"},
            status=302,
        )
        assert_budget(
            client,
            "reflection:consent",
            11,
            d.collection.pk,
            method="post",
            data={"consent": "1"},
            status=302,
        )


def test_admin_and_public_pages(client, sizes):
    w, data = sizes
    for d in data:
        client.logout()
        assert_budget(client, "reflection:shared", 3, d.link.token)
        assert_budget(
            client,
            "reflection:shared",
            13,
            d.link.token,
            method="post",
            data={"body": "Great work", "visitor_name": "Sam"},
            status=302,
        )
        assert_budget(client, "reflection:join", 4)
        code = actions.make_family_invite(w.teacher, d.klass, d.student.pk).code
        assert_budget(
            client,
            "reflection:join",
            23,
            method="post",
            status=302,
            data={
                "code": code,
                "first_name": "Pat",
                "username": f"pat{d.klass.pk}",
                "password": "a-long-family-passphrase",
            },
        )
        client.force_login(w.admin)
        assert_budget(client, "reflection:set_age", 4, d.student.pk)
        assert_budget(
            client,
            "reflection:set_age",
            20,  # the age form since #19: the band before, and the audit entry (+4)
            d.student.pk,
            method="post",
            data={"under_13": "1"},
            status=302,
        )
