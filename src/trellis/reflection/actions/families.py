"""Guardians: linked from the roster or by an invitation code a teacher prints; ages."""

import secrets
from datetime import timedelta

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from trellis.accounts.models import Role, User
from trellis.audit import actions as audit
from trellis.common.errors import NotFound, UserError
from trellis.common.ids import as_id
from trellis.common.text import clean_text
from trellis.rosters import queries as roster_queries
from trellis.rosters.permissions import classes_managed_by

from ..models import Collection, FamilyInvite, GuardianLink, StudentAge, effective_audience

INVITE_DAYS = 30
ROSTER = "roster"
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def _code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


def make_family_invite(user, classroom, student_id) -> FamilyInvite:
    """A code for one student's family, printed by the teacher; it works once, for a month."""
    if not classes_managed_by(user).filter(pk=classroom.pk).exists():
        raise NotFound("class")
    student = roster_queries.enrolled_student(classroom, student_id)
    if student is None:
        raise UserError(gettext("Choose a student of this class."), field="student")
    with transaction.atomic():
        return FamilyInvite.objects.create(
            student=student,
            classroom=classroom,
            code=_code(),
            created_by=user,
            expires_at=timezone.now() + timedelta(days=INVITE_DAYS),
        )


def _usable_invite(code: str) -> FamilyInvite:
    code = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    invite = (
        FamilyInvite.objects.select_for_update()
        .filter(code=code, used_at__isnull=True, expires_at__gt=timezone.now())
        .select_related("student")
        .first()
    )
    if invite is None:
        raise UserError(
            gettext(
                "That code does not work: it may be mistyped, used already or past its "
                "date. Check the letter from school, or ask the teacher for a new one."
            ),
            field="code",
        )
    return invite


def join_as_guardian(
    *,
    code: str,
    first_name: str,
    last_name: str,
    email: str,
    username: str,
    password: str,
    user=None,
) -> GuardianLink:
    """Redeem an invitation: a signed-in guardian adds a child; anyone else makes a guardian
    account in the student's school with it."""
    with transaction.atomic():
        invite = _usable_invite(code)
        if user is not None and user.is_authenticated:
            if not user.is_guardian:
                raise UserError(
                    gettext("Only a guardian account can use a family code."), field="code"
                )
            guardian = user
        else:
            first_name = clean_text(
                first_name, limit=150, field="first_name", what=gettext("Your first name")
            )
            last_name = clean_text(
                last_name,
                limit=150,
                field="last_name",
                what=gettext("Your last name"),
                required=False,
            )
            username = clean_text(
                username, limit=150, field="username", what=gettext("The username")
            )
            email = clean_text(
                email, limit=254, field="email", what=gettext("Your email"), required=False
            )
            try:
                validate_password(password)
            except ValidationError as e:
                raise UserError(" ".join(e.messages), field="password") from None
            if User.objects.filter(username__iexact=username).exists():
                raise UserError(
                    gettext("That username is taken. Choose another one."), field="username"
                )
            try:
                with transaction.atomic():
                    guardian = User.objects.create_user(
                        username=username,
                        password=password,
                        email=email,
                        first_name=first_name,
                        last_name=last_name,
                        role=Role.GUARDIAN,
                        school_id=invite.student.school_id,
                    )
            except IntegrityError:
                raise UserError(
                    gettext("That username is taken. Choose another one."), field="username"
                ) from None
        link = _link(guardian, invite.student, "code")
        invite.used_by, invite.used_at = guardian, timezone.now()
        invite.save(update_fields=["used_by", "used_at", "updated_at"])
    return link


def _link(guardian, student, source: str) -> GuardianLink:
    link, created = GuardianLink.objects.get_or_create(
        guardian=guardian, student=student, defaults={"source": source}
    )
    if not created and link.ended_at is not None:
        link.ended_at = None
        link.source = source
        link.save(update_fields=["ended_at", "source", "updated_at"])
    return link


def link_guardian(guardian, student, source: str = "roster") -> GuardianLink:
    """From the roster import (OneRoster guardian/parent with `agents`) or an admin."""
    if guardian.role != Role.GUARDIAN or not student.is_student:
        raise UserError(gettext("A link joins a guardian to a student."), field="guardian")
    with transaction.atomic():
        return _link(guardian, student, source)


def end_guardian_link(user, link_id) -> GuardianLink:
    """The school ends a guardian's link: from then on they see nothing of the student."""
    link = (
        GuardianLink.objects.filter(pk=as_id(link_id) or 0)
        .select_related("student", "guardian")
        .first()
    )
    if (
        link is None
        or not (user.is_school_admin or user.is_teacher)
        or link.student.school_id != user.school_id
        or (
            user.is_teacher
            and not roster_queries.classes_for(user)
            .filter(enrollments__user=link.student, enrollments__is_active=True)
            .exists()
        )
    ):
        raise NotFound("link")
    with transaction.atomic():
        GuardianLink.objects.filter(pk=link.pk).update(ended_at=timezone.now())
        audit.record(
            user,
            "guardian.unlink",
            school=link.student.school,
            targets=[link.guardian, link.student],
            summary=f"Ended {link.guardian.name}'s family link to {link.student.name}.",
        )
    return link


def _band(under_13: bool) -> str:
    return "under 13" if under_13 else "13 or older"


def set_student_age(user, student_id, under_13, source: str = "admin") -> StudentAge:
    """The school's admin records (or corrects) whether a student is under 13; every
    collection of the student is re-checked at once, and the audit log keeps who did it. A
    band set here is kept by later roster imports. (The roster sets ages in bulk, through
    actions/roster.py.)"""
    student = (
        User.objects.filter(pk=as_id(student_id) or 0, role=Role.STUDENT)
        .select_related("school")
        .first()
    )
    if student is None or not user.is_school_admin or student.school_id != user.school_id:
        raise NotFound("student")
    if under_13 in ("1", "0"):
        under_13 = under_13 == "1"
    if not isinstance(under_13, bool):
        raise UserError(gettext("Choose under 13 or 13 or older, then save."), field="under_13")
    with transaction.atomic():
        before = StudentAge.objects.filter(student=student).first()
        row, _ = StudentAge.objects.update_or_create(
            student=student, defaults={"under_13": under_13, "source": source}
        )
        was = (
            f"{_band(before.under_13)}, from the {'roster' if before.source == ROSTER else 'admin'}"
            if before
            else "not recorded"
        )
        audit.record(
            user,
            "student.age",
            school=student.school,
            targets=[student],
            summary=f"Set {student.name}'s age band to {_band(under_13)} (was: {was}).",
        )
        rows = list(Collection.objects.filter(student=student))
        for c in rows:
            c.effective_audience = effective_audience(
                c.audience, c.approved_audience, c.consented_audience, bool(under_13)
            )
        Collection.objects.bulk_update(rows, ["effective_audience"])
    return row
