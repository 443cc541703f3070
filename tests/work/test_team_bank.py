"""A comment bank shared with a teacher team: who sees it, who changes it, when access ends;
the pages' budgets with team comments."""

import pytest

from tests.budgets import assert_budget
from tests.factories import StudentFactory, TeacherFactory, class_with
from tests.permissions import ACTORS, codes, request_as
from tests.work.factories import HELPFUL, assignment_for, hand_in, published_rubric
from trellis.collaboration import actions as collaboration_actions
from trellis.common.errors import NotFound
from trellis.rosters import actions as roster_actions
from trellis.work.actions import bank as bank_actions
from trellis.work.models import BankComment
from trellis.work.queries.marking import bank_for

pytestmark = pytest.mark.django_db

SHARED = "Name the source of each figure, then say what it shows about your claim."


@pytest.fixture
def team_bank(work):
    """`teacher` and `other_teacher` in one team; `teacher` shared one comment with it and
    keeps another private."""
    w = work
    w.team = collaboration_actions.create_team(
        w.teacher, name="Science team", member_ids=[w.other_teacher.pk]
    )
    w.shared = bank_actions.save_comment(w.teacher, shortcut="src", body=SHARED, team=w.team.pk)
    w.private = bank_actions.save_comment(w.teacher, shortcut="mine", body="Private wording.")
    return w


def _shared_bodies(user) -> list[str]:
    return [c.body for c in bank_for(user).team]


def test_team_members_see_a_shared_comment_and_only_the_author_changes_it(team_bank):
    w = team_bank
    assert _shared_bodies(w.other_teacher) == [SHARED]
    assert [c.shortcut for c in bank_for(w.other_teacher).mine] == []
    # The author sees it among their own, marked shared; never twice.
    mine = bank_for(w.teacher)
    assert [c.shortcut for c in mine.mine] == ["mine", "src"] and mine.team == []
    assert next(c for c in mine.mine if c.shortcut == "src").team == w.team
    with pytest.raises(NotFound):
        bank_actions.edit_comment(w.other_teacher, w.shared.pk, shortcut="x", body="Changed")
    with pytest.raises(NotFound):
        bank_actions.remove_comment(w.other_teacher, w.shared.pk)
    assert BankComment.objects.get(pk=w.shared.pk).body == SHARED


def test_private_comments_and_other_teams_stay_unseen(team_bank, world):
    w = team_bank
    outsider = TeacherFactory(school=w.school)
    collaboration_actions.create_team(outsider, name="Maths team")
    for person in (outsider, w.leader, w.admin, w.far_teacher):
        assert _shared_bodies(person) == []
    assert "Private wording." not in _shared_bodies(w.other_teacher)


def test_sharing_needs_a_team_the_author_belongs_to(team_bank):
    w = team_bank
    outsider = TeacherFactory(school=w.school)
    theirs = collaboration_actions.create_team(outsider, name="Maths team")
    with pytest.raises(NotFound):
        bank_actions.save_comment(w.teacher, shortcut="x", body=HELPFUL, team=theirs.pk)
    with pytest.raises(NotFound):
        bank_actions.edit_comment(
            w.teacher, w.private.pk, shortcut="mine", body="Private wording.", team=theirs.pk
        )
    assert not BankComment.objects.filter(owner_team_id=theirs.pk).exists()


def test_removing_a_member_ends_their_access_and_unsharing_ends_everyones(team_bank):
    w = team_bank
    third = TeacherFactory(school=w.school)
    collaboration_actions.add_member(w.teacher, w.team, third.pk)
    assert _shared_bodies(third) == [SHARED]
    collaboration_actions.remove_member(w.teacher, w.team, third.pk)
    assert _shared_bodies(third) == []
    # The author leaving the team takes their comments out of it too.
    collaboration_actions.add_member(w.other_teacher, w.team, third.pk)
    collaboration_actions.remove_member(w.other_teacher, w.team, w.teacher.pk)
    assert _shared_bodies(w.other_teacher) == [] and _shared_bodies(third) == []
    collaboration_actions.add_member(w.other_teacher, w.team, w.teacher.pk)
    assert _shared_bodies(third) == [SHARED]
    bank_actions.edit_comment(w.teacher, w.shared.pk, shortcut="src", body=SHARED, team="")
    assert _shared_bodies(third) == [] and _shared_bodies(w.other_teacher) == []


def test_the_marking_page_offers_the_teams_comments_after_the_teachers_own(client, team_bank):
    w = team_bank
    bank_actions.save_comment(w.other_teacher, shortcut="src", body="My own src wording.")
    klass = class_with(w.other_teacher, school=w.school)
    a = assignment_for(w.other_teacher, klass, published_rubric(w.other_teacher, klass))
    s = StudentFactory(school=w.school)
    roster_actions.enroll(klass, s, "student")
    hand_in(s, a)
    client.force_login(w.other_teacher)
    html = client.get(f"/work/assignments/{a.pk}/marking/").content.decode()
    assert "Shared by your teams" in html and SHARED in html and "Science team" in html
    # Own first: the ;src shortcut resolves to the teacher's own wording (marking.js keeps
    # the first of a shortcut).
    assert html.index("My own src wording.") < html.index(SHARED)
    assert "Private wording." not in html


def test_the_bank_page_shares_and_keeps_typed_text_on_error(client, team_bank):
    w = team_bank
    client.force_login(w.teacher)
    html = client.get("/work/bank/").content.decode()
    assert "Shared with Science team" in html
    response = client.post(
        "/work/bank/",
        {
            "do": "edit",
            "comment": w.private.pk,
            "shortcut": "has space",
            "body": "My reworded private comment",
            "team": w.team.pk,
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "A shortcut is 1 to 20" in html and "My reworded private comment" in html
    assert 'value="has space"' in html
    client.post(
        "/work/bank/",
        {
            "do": "edit",
            "comment": w.private.pk,
            "shortcut": "mine",
            "body": "Private wording.",
            "team": w.team.pk,
        },
    )
    assert BankComment.objects.get(pk=w.private.pk).owner_team_id == w.team.pk
    client.force_login(w.other_teacher)
    html = client.get("/work/bank/").content.decode()
    assert "Shared by your teams (2)" in html and "Private wording." in html


def _seen(actor):
    return codes(anonymous=False, teacher=True, other_teacher=True, rest=False)[actor]


@pytest.mark.parametrize("actor", ACTORS)
def test_who_sees_a_team_comment_on_the_bank_page(client, team_bank, actor):
    response = request_as(client, team_bank, actor, "get", "/work/bank/")
    shown = response.status_code == 200 and SHARED in response.content.decode()
    assert shown == _seen(actor), actor


@pytest.mark.parametrize("actor", ACTORS)
def test_only_the_author_edits_or_removes_a_team_comment(client, team_bank, actor):
    w = team_bank
    expected = codes(anonymous=302, teacher=302, rest=404)[actor]
    edit = request_as(
        client,
        w,
        actor,
        "post",
        "/work/bank/",
        data={"do": "edit", "comment": w.shared.pk, "shortcut": "src", "body": "Changed"},
    )
    assert edit.status_code == expected, actor
    remove = request_as(
        client, w, actor, "post", "/work/bank/", data={"do": "remove", "comment": w.shared.pk}
    )
    assert remove.status_code == expected, actor
    assert BankComment.objects.filter(pk=w.shared.pk).exists() == (actor != "teacher")


def test_bank_budgets_with_team_comments_are_the_same_for_few_and_many(client, team_bank):
    w = team_bank
    klass = class_with(w.other_teacher, school=w.school)
    a = assignment_for(w.other_teacher, klass, published_rubric(w.other_teacher, klass))
    s = StudentFactory(school=w.school)
    roster_actions.enroll(klass, s, "student")
    sub = hand_in(s, a).submission
    client.force_login(w.other_teacher)
    for n in (1, 30):
        client.get("/")  # the last round's message shown, so the session is not rewritten
        for i in range(n):
            bank_actions.save_comment(w.teacher, shortcut=f"t{n}-{i}", body=HELPFUL, team=w.team.pk)
            bank_actions.save_comment(w.other_teacher, shortcut=f"o{n}-{i}", body=HELPFUL)
        assert_budget(client, "work:bank", 5)
        assert_budget(client, "work:marking", 21, a.pk)
        assert_budget(client, "work:marking_panel", 21, a.pk, sub.pk)
        assert_budget(
            client,
            "work:bank",
            12,  # the team checked as the user's
            method="post",
            data={"do": "add", "shortcut": f"new{n}", "body": HELPFUL, "team": w.team.pk},
            status=302,
        )
