"""Collections and the audience ladder: the student's choice, the teacher's approval beyond
the class, a guardian's consent for under-13s beyond the family, withdrawn consent hiding a
piece at once, secret links that expire or are stopped, and moderated outside responses."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.reflection.conftest import collection_of, new_student
from trellis.common.errors import NotFound, UserError
from trellis.reflection import actions, queries
from trellis.reflection.models import Audience, ResponseStatus, ShareLink
from trellis.reflection.permissions import collections_visible_to
from trellis.rosters import actions as roster_actions

pytestmark = pytest.mark.django_db


def sees(user, c) -> bool:
    return collections_visible_to(user).filter(pk=c.pk).exists()


def test_private_is_the_student_and_the_teacher(refl):
    c = collection_of(refl)
    assert c.effective_audience == Audience.PRIVATE
    assert sees(refl.student, c) and sees(refl.teacher, c)
    for who in (
        refl.classmate,
        refl.guardian,
        refl.other_student,
        refl.other_teacher,
        refl.leader,
        refl.far_teacher,
        refl.other_guardian,
    ):
        assert not sees(who, c)


def test_team_then_class_need_no_approval(refl):
    for _ in range(4):
        new_student(refl)
    roster_actions.form_teams(refl.teacher, refl.klass, seed=1)
    from trellis.rosters.models import TeamMembership

    mine = TeamMembership.objects.get(student=refl.student).team_id
    others = TeamMembership.objects.exclude(student=refl.student)
    teammate = others.filter(team_id=mine).first().student
    stranger = others.exclude(team_id=mine).first().student
    c = collection_of(refl, Audience.TEAM)
    assert c.effective_audience == Audience.TEAM
    assert sees(teammate, c) and not sees(stranger, c)
    c = actions.choose_audience(refl.student, c.pk, Audience.CLASS, c.version)
    assert sees(stranger, c) and not sees(refl.guardian, c) and not sees(refl.other_student, c)


def test_family_needs_the_teacher(refl):
    c = collection_of(refl, Audience.FAMILY)
    assert c.effective_audience == Audience.CLASS
    assert not sees(refl.guardian, c)
    assert refl.teacher.notifications.filter(kind="approval").exists()
    with pytest.raises(NotFound):
        actions.approve_audience(refl.other_teacher, c.pk)
    c = actions.approve_audience(refl.teacher, c.pk)
    assert c.effective_audience == Audience.FAMILY
    assert sees(refl.guardian, c) and not sees(refl.other_guardian, c)
    assert refl.guardian.notifications.filter(kind="shared").exists()
    assert refl.student.notifications.filter(kind="approved").exists()


def test_under_13_beyond_the_family_needs_a_guardian(refl):
    actions.set_student_age(refl.admin, refl.student.pk, True)
    c = collection_of(refl, Audience.LINK)
    actions.approve_audience(refl.teacher, c.pk)
    c.refresh_from_db()
    assert c.effective_audience == Audience.FAMILY
    with pytest.raises(NotFound):
        actions.decide_consent(refl.other_guardian, c.pk, True)
    c = actions.decide_consent(refl.guardian, c.pk, True)
    assert c.effective_audience == Audience.LINK


def test_withdrawn_consent_hides_it_everywhere_at_once(refl):
    c = collection_of(refl, Audience.LINK)
    actions.approve_audience(refl.teacher, c.pk)
    link = actions.create_share_link(refl.student, c.pk, 7)
    assert queries.shared_by_link(link.token) is not None
    actions.decide_consent(refl.guardian, c.pk, False)
    c.refresh_from_db()
    assert c.effective_audience == Audience.PRIVATE
    assert queries.shared_by_link(link.token) is None
    assert not sees(refl.guardian, c) and not sees(refl.classmate, c)
    assert sees(refl.student, c) and sees(refl.teacher, c)


def test_a_linked_class_sees_it_after_approval(refl):
    c = actions.link_class(refl.teacher, collection_of(refl).pk, refl.other_class.pk)
    c = actions.choose_audience(refl.student, c.pk, Audience.LINKED, c.version)
    assert not sees(refl.other_student, c)
    actions.approve_audience(refl.teacher, c.pk)
    assert sees(refl.other_student, c) and sees(refl.other_teacher, c)
    assert not sees(refl.far_teacher, c)


def test_links_expire_and_can_be_stopped(refl):
    c = collection_of(refl, Audience.LINK)
    actions.approve_audience(refl.teacher, c.pk)
    link = actions.create_share_link(refl.student, c.pk, 1)
    assert queries.shared_by_link(link.token).pk == c.pk
    ShareLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert queries.shared_by_link(link.token) is None
    link2 = actions.create_share_link(refl.student, c.pk, 3)
    with pytest.raises(NotFound):
        actions.revoke_share_link(refl.classmate, link2.pk)
    actions.revoke_share_link(refl.student, link2.pk)
    assert queries.shared_by_link(link2.token) is None
    with pytest.raises(UserError):
        actions.create_share_link(refl.student, c.pk, 400)


def test_outside_responses_wait_for_the_teacher(refl):
    c = collection_of(refl, Audience.FAMILY)
    actions.approve_audience(refl.teacher, c.pk)
    r = actions.respond(refl.guardian, c, body="So proud of your plan!", helped=True)
    assert r.outside and r.status == ResponseStatus.WAITING
    page = queries.collection_page(refl.student, c, manages=False)
    assert page.responses == []
    assert [x.pk for x in queries.approvals(refl.teacher, refl.klass).responses] == [r.pk]
    actions.moderate_response(refl.teacher, r.pk, True)
    page = queries.collection_page(refl.student, c, manages=False)
    assert [x.body for x in page.responses] == ["So proud of your plan!"]
    assert page.helped_count == 1


def test_classmates_respond_without_moderation_and_are_unnamed_outside(refl):
    c = collection_of(refl, Audience.FAMILY)
    actions.approve_audience(refl.teacher, c.pk)
    r = actions.respond(refl.classmate, c, body="Nice diagram", helped=False)
    assert not r.outside and r.status == ResponseStatus.SHOWN
    inside = queries.collection_page(refl.student, c, manages=False)
    assert inside.responses[0].who == refl.classmate.name
    outside = queries.collection_page(refl.guardian, c, manages=False)
    assert outside.responses[0].who == "A classmate"
    assert refl.classmate.last_name not in outside.name
    assert outside.name == refl.student.first_name


def test_a_long_comment_is_refused(refl):
    c = collection_of(refl, Audience.CLASS)
    with pytest.raises(UserError) as e:
        actions.respond(refl.classmate, c, body="x" * 700, helped=False)
    assert "limit is 600" in e.value.message


def test_family_comments_follow_the_students_choice(refl):
    c = collection_of(refl, Audience.FAMILY)
    actions.approve_audience(refl.teacher, c.pk)
    c = actions.choose_audience(
        refl.student, c.pk, Audience.FAMILY, c.version, family_may_comment=False
    )
    with pytest.raises(UserError):
        actions.respond(refl.guardian, c, body="Hi", helped=False)


def test_a_stale_audience_choice_is_refused(refl):
    c = collection_of(refl)
    actions.choose_audience(refl.student, c.pk, Audience.TEAM, c.version)
    with pytest.raises(UserError):
        actions.choose_audience(refl.student, c.pk, Audience.CLASS, c.version)


def test_an_ended_guardian_link_sees_nothing(refl):
    c = collection_of(refl, Audience.FAMILY)
    actions.approve_audience(refl.teacher, c.pk)
    link = refl.guardian.children_links.get()
    with pytest.raises(NotFound):
        actions.end_guardian_link(refl.other_teacher, link.pk)
    actions.end_guardian_link(refl.teacher, link.pk)
    assert not sees(refl.guardian, c)
    assert queries.children(refl.guardian) == []


def test_the_teacher_links_another_class_of_the_school(refl):
    c = collection_of(refl)
    with pytest.raises(NotFound):
        actions.link_class(refl.other_teacher, c.pk, refl.other_class.pk)
    with pytest.raises(UserError):
        actions.link_class(refl.teacher, c.pk, refl.far_class.pk)
    c = actions.link_class(refl.teacher, c.pk, refl.other_class.pk)
    assert c.linked_class == refl.other_class


def test_a_class_of_a_school_outside_any_network_cannot_be_linked_and_the_page_says_so(
    client, refl
):
    c = collection_of(refl, Audience.LINKED)
    with pytest.raises(UserError, match="a school in one of its networks of schools"):
        actions.link_class(refl.teacher, c.pk, refl.far_class.pk)
    client.force_login(refl.teacher)
    page = client.get(f"/reflection/collections/{c.pk}/").content.decode()
    assert "a class of a school that shares a network of schools with yours" in page
    assert refl.far_class.name not in page
