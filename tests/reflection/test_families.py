"""Families: guardian accounts from a printed code, only their own child, plain words; the
bell and the weekly digest."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.reflection.conftest import collection_of
from trellis.accounts.models import Role
from trellis.common.errors import NotFound, UserError
from trellis.reflection import actions, queries
from trellis.reflection.models import Audience, FamilyInvite

pytestmark = pytest.mark.django_db


def test_a_family_code_makes_a_guardian_account_linked_to_the_child(refl):
    invite = actions.make_family_invite(refl.teacher, refl.klass, refl.student.pk)
    link = actions.join_as_guardian(
        code=invite.code.lower(),
        first_name="Marta",
        last_name="Lopez",
        email="marta@example.org",
        username="marta",
        password="a-long-family-passphrase",
    )
    assert link.guardian.role == Role.GUARDIAN and link.student == refl.student
    assert link.guardian.school_id == refl.school.pk
    # A code works once.
    with pytest.raises(UserError) as e:
        actions.join_as_guardian(
            code=invite.code,
            first_name="X",
            last_name="",
            email="",
            username="x2",
            password="a-long-family-passphrase",
        )
    assert e.value.field == "code"


def test_a_signed_in_guardian_adds_a_child_and_expired_codes_fail(refl):
    invite = actions.make_family_invite(refl.teacher, refl.klass, refl.classmate.pk)
    link = actions.join_as_guardian(
        code=invite.code,
        first_name="",
        last_name="",
        email="",
        username="",
        password="",
        user=refl.guardian,
    )
    assert {c.student_id for c in queries.children(refl.guardian)} == {
        refl.student.pk,
        refl.classmate.pk,
    }
    assert link.source == "code"
    old = actions.make_family_invite(refl.teacher, refl.klass, refl.student.pk)
    FamilyInvite.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(days=1))
    with pytest.raises(UserError):
        actions.join_as_guardian(
            code=old.code,
            first_name="",
            last_name="",
            email="",
            username="",
            password="",
            user=refl.other_guardian,
        )


def test_only_the_class_teacher_makes_codes_and_only_for_its_students(refl):
    with pytest.raises(NotFound):
        actions.make_family_invite(refl.other_teacher, refl.klass, refl.student.pk)
    with pytest.raises(UserError):
        actions.make_family_invite(refl.teacher, refl.klass, refl.other_student.pk)


def test_a_guardian_sees_only_their_own_child(refl):
    assert queries.get_child_for(refl.guardian, refl.student.pk) == refl.student
    with pytest.raises(NotFound):
        queries.get_child_for(refl.guardian, refl.other_student.pk)
    with pytest.raises(NotFound):
        queries.get_child_for(refl.other_guardian, refl.student.pk)


def test_the_child_class_page_is_in_plain_words(refl):
    page = queries.child_class_page(refl.guardian, refl.student, refl.klass.pk)
    assert page.classroom == refl.klass
    assert page.charter is None
    assert [a.pk for a in page.upcoming] == [refl.assignment.pk]
    with pytest.raises(NotFound):
        queries.child_class_page(refl.guardian, refl.student, refl.other_class.pk)


def test_only_an_admin_sets_an_age(refl):
    with pytest.raises(NotFound):
        actions.set_student_age(refl.teacher, refl.student.pk, True)
    with pytest.raises(NotFound):
        actions.set_student_age(refl.far_admin, refl.student.pk, True)
    actions.set_student_age(refl.admin, refl.student.pk, True)
    c = collection_of(refl, Audience.LINK)
    actions.approve_audience(refl.teacher, c.pk)
    c.refresh_from_db()
    assert c.effective_audience == Audience.FAMILY
    actions.set_student_age(refl.admin, refl.student.pk, False)
    c.refresh_from_db()
    assert c.effective_audience == Audience.LINK


def test_the_bell_counts_unread_and_the_digest_goes_to_those_who_asked(refl, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    refl.guardian.email = "gita@example.org"
    refl.guardian.save(update_fields=["email"])
    c = collection_of(refl, Audience.FAMILY)
    actions.approve_audience(refl.teacher, c.pk)
    assert queries.unread_count(refl.guardian) == 1
    assert actions.send_digests() == 0  # nobody asked for email yet
    actions.choose_digest(refl.guardian, True)
    assert actions.send_digests() == 1
    assert mail.outbox[0].to == ["gita@example.org"]
    assert "Something new was shared" in mail.outbox[0].body
    assert actions.send_digests() == 0  # each notice is emailed once
    actions.mark_all_read(refl.guardian)
    assert queries.unread_count(refl.guardian) == 0


def test_the_digest_runs_as_a_job(refl, settings):
    from trellis.common import jobs
    from trellis.reflection.jobs import weekly_digest

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    jobs.enqueue(weekly_digest)
    assert jobs.run_pending() == 1
