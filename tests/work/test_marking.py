"""Marking a class set: the panel, the comment bank, helpfulness ratings; budgets and access."""

import shutil

import pytest
from django.test import override_settings

from tests.budgets import assert_budget
from tests.factories import StudentFactory
from tests.permissions import ACTORS, codes, request_as
from tests.shared_rows import built_once, for_test
from tests.work.factories import (
    HELPFUL,
    assignment_for,
    criteria_of,
    hand_in,
    levels_of,
    published_rubric,
)
from tests.work.world import build_work
from tests.world import build_world
from trellis.rosters import actions as roster_actions
from trellis.work.actions import bank as bank_actions
from trellis.work.actions import feedback as feedback_actions
from trellis.work.models import BankComment, FeedbackItem

pytestmark = pytest.mark.django_db


def _class_with_hand_ins(work, n):
    from tests.factories import class_with

    c = class_with(work.teacher, school=work.school)
    a = assignment_for(work.teacher, c, published_rubric(work.teacher, c))
    for _ in range(n):
        s = StudentFactory(school=work.school)
        roster_actions.enroll(c, s, "student")
        hand_in(s, a)
    return c, a


def test_marking_pages_have_the_same_budget_for_4_and_40_hand_ins(client, work):
    for n in (4, 40):
        c, a = _class_with_hand_ins(work, n)
        for i in range(3):
            bank_actions.save_comment(work.teacher, shortcut=f"c{n}-{i}", body=HELPFUL)
        subs = list(a.submissions.order_by("student__last_name", "student__first_name"))
        sub = subs[1]
        crit = criteria_of(a)[0]
        level = levels_of(a)[2]
        client.force_login(work.teacher)
        client.get("/")
        # The bank: the teacher's own comments and their teams (team comments: test_team_bank)
        assert_budget(client, "work:marking", 20, a.pk)
        assert_budget(client, "work:marking_panel", 20, a.pk, sub.pk)
        assert_budget(
            client,
            "work:marking_panel",
            48,  # scores written in bulk
            a.pk,
            sub.pk,
            method="post",
            data={"do": "score", f"score-{crit['id']}": level["id"]},
        )
        assert_budget(client, "work:bank", 4)
        assert_budget(
            client,
            "work:bank",
            11,  # the teams to share with
            method="post",
            data={"do": "add", "shortcut": f"new{n}", "body": HELPFUL},
            status=302,
        )
        assert_budget(client, "work:mark", 11, sub.pk)
        assert_budget(client, "work:assignment_edit", 3, a.pk)
        assert_budget(client, "work:marks_csv", 7, c.pk)
        assert_budget(client, "work:assignment_delete", 11, a.pk, method="post", status=302)


def test_rate_has_a_fixed_budget(client, peer_world):
    w = peer_world
    crit = criteria_of(w.assignment)[0]
    item = feedback_actions.give_feedback(
        w.reviewer, w.author_revision, criterion_id=crit["id"], body=HELPFUL
    )
    client.force_login(w.author)
    assert_budget(client, "work:rate", 10, item.pk, method="post", data={"rating": 3}, status=302)


def test_the_queue_remembers_where_the_teacher_was_and_moves_without_leaving(client, work):
    _, a = _class_with_hand_ins(work, 4)
    subs = list(a.submissions.order_by("student__last_name", "student__first_name"))
    client.force_login(work.teacher)
    first = client.get(f"/work/assignments/{a.pk}/marking/").content.decode()
    assert "Student 1 of 4" in first and subs[0].student.name in first
    panel = client.get(
        f"/work/assignments/{a.pk}/marking/{subs[2].pk}/", headers={"HX-Request": "true"}
    ).content.decode()
    assert "<html" not in panel and "Student 3 of 4" in panel
    again = client.get(f"/work/assignments/{a.pk}/marking/").content.decode()
    assert "Student 3 of 4" in again and subs[2].student.name in again


def test_a_comment_with_a_quote_is_sent_from_the_panel_and_errors_keep_the_text(client, work):
    _, a = _class_with_hand_ins(work, 2)
    sub = a.submissions.first()
    crit = criteria_of(a)[0]
    url = f"/work/assignments/{a.pk}/marking/{sub.pk}/"
    client.force_login(work.teacher)
    bad = client.post(
        url,
        {"do": "comment", "criterion": crit["id"], "quote": "not in the work", "body": HELPFUL},
    )
    assert bad.status_code == 400
    assert (
        "not in revision 1" in bad.content.decode()
        and "Add where the study" in bad.content.decode()
    )
    ok = client.post(
        url,
        {
            "do": "comment",
            "criterion": crit["id"],
            "quote": "four degrees cooler",
            "body": HELPFUL,
        },
        headers={"HX-Request": "true"},
    )
    assert ok.status_code == 200 and "Comment sent." in ok.content.decode()
    assert FeedbackItem.objects.get(review__revision__submission=sub).quote == "four degrees cooler"


def test_the_bank_is_personal_and_checks_shortcuts(client, work):
    bank_actions.save_comment(work.teacher, shortcut="ev", body=HELPFUL)
    with pytest.raises(Exception, match="already have a comment"):
        bank_actions.save_comment(work.teacher, shortcut="ev", body="Other")
    client.force_login(work.teacher)
    bad = client.post("/work/bank/", {"do": "add", "shortcut": "no spaces", "body": "Keep me"})
    assert bad.status_code == 400 and "Keep me" in bad.content.decode()
    mine = BankComment.objects.get(owner=work.teacher)
    client.force_login(work.other_teacher)
    assert HELPFUL not in client.get("/work/bank/").content.decode()
    client.post("/work/bank/", {"do": "remove", "comment": mine.pk})
    assert BankComment.objects.filter(pk=mine.pk).exists()
    client.force_login(work.teacher)
    client.post("/work/bank/", {"do": "edit", "comment": mine.pk, "shortcut": "ev2", "body": "B"})
    mine.refresh_from_db()
    assert (mine.shortcut, mine.body) == ("ev2", "B")


def test_only_the_author_rates_a_peer_comment_and_the_reviewer_sees_it(client, peer_world):
    w = peer_world
    crit = criteria_of(w.assignment)[0]
    item = feedback_actions.give_feedback(
        w.reviewer, w.author_revision, criterion_id=crit["id"], body=HELPFUL
    )
    client.force_login(w.reviewer)
    client.post(f"/work/feedback/{item.pk}/rate/", {"rating": 1})
    item.refresh_from_db()
    assert item.helpfulness is None
    client.force_login(w.author)
    client.post(f"/work/feedback/{item.pk}/rate/", {"rating": 3})
    item.refresh_from_db()
    assert item.helpfulness == 3
    for who in (w.reviewer, w.teacher):
        client.force_login(who)
        page = client.get(f"/work/revisions/{w.author_revision.pk}/").content.decode()
        assert "rated this 3 of 3" in page
    client.force_login(w.teacher)
    peers = client.get(f"/work/assignments/{w.assignment.pk}/peers/").content.decode()
    assert "Philippa Reviewerton" in peers and "reviewer-usage" in peers


def test_peers_see_the_level_wording_and_a_revision_starts_from_the_last_text(client, peer_world):
    w = peer_world
    client.force_login(w.reviewer)
    page = client.get(f"/work/revisions/{w.author_revision.pk}/").content.decode()
    assert "Claim and evidence at proficient level" in page
    client.force_login(w.author)
    form = client.get(f"/work/assignments/{w.assignment.pk}/submit/").content.decode()
    assert "Cities should plant more trees." in form


def _with_feedback(w):
    w.revision = hand_in(w.student, w.assignment)
    crit = criteria_of(w.assignment)[0]
    w.item = feedback_actions.give_feedback(
        w.teacher, w.revision, criterion_id=crit["id"], body=HELPFUL
    )
    return w


def _build_once(media):
    with override_settings(MEDIA_ROOT=media):
        return media, _with_feedback(build_work(build_world()))


# The page matrix's rows, built once for its class (tests/shared_rows.py): each test gets its
# own savepoint, a copy of the objects and a copy of the uploaded files.
_matrix_rows = built_once(_build_once, scope="class")


PAGES = [
    (
        "marking",
        "get",
        lambda w: f"/work/assignments/{w.assignment.pk}/marking/",
        codes(anonymous=302, teacher=200, admin=200, rest=404),
    ),
    (
        "marking panel",
        "get",
        lambda w: f"/work/assignments/{w.assignment.pk}/marking/{w.revision.submission_id}/",
        codes(anonymous=302, teacher=200, admin=200, rest=404),
    ),
    (
        "marking panel post",
        "post",
        lambda w: f"/work/assignments/{w.assignment.pk}/marking/{w.revision.submission_id}/",
        codes(anonymous=302, teacher=200, admin=200, rest=404),
    ),
    (
        "rubric copy",
        "get",
        lambda w: f"/work/rubrics/{w.rubric.pk}/copy/",
        codes(anonymous=302, teacher=200, admin=200, rest=404),
    ),
    (
        "rubric copy post (no class chosen)",
        "post",
        lambda w: f"/work/rubrics/{w.rubric.pk}/copy/",
        codes(anonymous=302, teacher=400, admin=400, rest=404),
    ),
    (
        "bank",
        "get",
        lambda w: "/work/bank/",
        codes(anonymous=302, student=404, other_student=404, rest=200),
    ),
    (
        "rate (teacher's item: not a peer's)",
        "post",
        lambda w: f"/work/feedback/{w.item.pk}/rate/",
        codes(anonymous=302, student=302, teacher=302, admin=302, rest=404),
    ),
]


class TestPages:
    @pytest.fixture
    def m(self, request, _matrix_rows, db, tmp_path, settings):
        media, w = for_test(request, _matrix_rows)
        settings.MEDIA_ROOT = tmp_path / "media"
        shutil.copytree(media, settings.MEDIA_ROOT)
        return w

    @pytest.mark.parametrize("actor", ACTORS)
    @pytest.mark.parametrize(
        ("name", "method", "url", "expected"), PAGES, ids=[p[0] for p in PAGES]
    )
    def test_pages(self, client, m, actor, name, method, url, expected):
        response = request_as(client, m, actor, method, url(m))
        assert response.status_code == expected[actor], (name, actor)


def test_a_rubric_is_copied_to_another_class_with_a_link_to_its_history(client, work):
    from tests.factories import class_with
    from trellis.curriculum import actions as curriculum_actions
    from trellis.work.models import Rubric

    other = class_with(work.teacher, school=work.school, course="Science")
    curriculum_actions.create_target(work.teacher, other, statement=work.targets[0].statement)
    client.force_login(work.teacher)
    page = client.get(f"/work/rubrics/{work.rubric.pk}/copy/").content.decode()
    assert "Science" in page and f'value="{work.klass.pk}"' not in page
    refused = client.post(
        f"/work/rubrics/{work.rubric.pk}/copy/", {"classroom": work.other_class.pk}
    )
    assert refused.status_code == 400
    done = client.post(f"/work/rubrics/{work.rubric.pk}/copy/", {"classroom": other.pk})
    assert done.status_code == 302
    copy = Rubric.objects.get(classroom=other)
    assert copy.copied_from == work.rubric.versions.get(number=1)
    assert copy.criteria.count() == 2 and copy.levels.count() == work.rubric.levels.count()
    assert [c.target_id is not None for c in copy.criteria.order_by("position")] == [True, False]
    shown = client.get(f"/work/rubrics/{copy.pk}/").content.decode()
    assert "Copied from" in shown and f"/work/rubrics/{work.rubric.pk}/versions/1/" in shown
    assert_budget(client, "work:rubric_copy", 4, work.rubric.pk)  # one other class
    for i in range(6):
        class_with(work.teacher, school=work.school, course=f"Extra {i}")
    assert_budget(client, "work:rubric_copy", 4, work.rubric.pk)  # seven other classes
    client.force_login(work.other_teacher)
    assert client.get(f"/work/rubrics/{work.rubric.pk}/copy/").status_code == 404
    assert (
        client.post(
            f"/work/rubrics/{work.rubric.pk}/copy/", {"classroom": work.other_class.pk}
        ).status_code
        == 404
    )


def test_assignment_api_edits_and_deletes_with_the_same_rules(client, work):
    from datetime import timedelta

    from django.utils import timezone

    client.force_login(work.teacher)
    a = assignment_for(work.teacher, work.klass, work.rubric, title="Spare")
    past = (timezone.now() - timedelta(days=2)).isoformat()
    bad = client.patch(
        f"/api/v1/assignments/{a.pk}", {"due_at": past}, content_type="application/json"
    )
    assert bad.status_code == 400 and "already passed" in bad.content.decode()
    for _ in (1, 2):
        assert_budget(
            client,
            "api-v1:update_assignment",
            8,
            a.pk,
            method="patch",
            json={"title": "Renamed"},
        )
    a.refresh_from_db()
    assert a.title == "Renamed"
    hand_in(work.student, work.assignment)
    refused = client.delete(f"/api/v1/assignments/{work.assignment.pk}")
    assert refused.status_code == 409 and "cannot be deleted" in refused.content.decode()
    assert_budget(client, "api-v1:delete_assignment", 12, a.pk, method="delete", status=204)
