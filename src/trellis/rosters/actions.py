"""Every write about classes, enrollments and teams."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from trellis.accounts.models import Role, User
from trellis.common.errors import Conflict, NotFound, UserError
from trellis.common.ids import as_id
from trellis.common.text import clean_text

from . import queries, teaming
from .models import AvoidPair, Classroom, Enrollment, EnrollmentRole, Team, TeamMembership
from .permissions import can_create_class, can_join_class, classes_managed_by

# No 0/O or 1/I/L: codes are read off a projector and typed by children.
JOIN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 7


def _new_join_code() -> str:
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def _require_manage(user: User, classroom: Classroom) -> Classroom:
    # Re-read under a row lock: the caller's object may be stale, and two teachers may click.
    try:
        return classes_managed_by(user).select_for_update().get(pk=classroom.pk)
    except Classroom.DoesNotExist:
        raise NotFound("class") from None


@transaction.atomic
def create_class(
    user: User, *, course: str, section: str = "", term: str = "", grade_levels: str = ""
) -> Classroom:
    if not can_create_class(user):
        raise UserError(gettext("Only teachers and school admins can create classes."), status=403)
    course = clean_text(
        course,
        limit=200,
        field="course",
        what=gettext("The course name"),
        empty=gettext("Enter the course name, for example “Grade 9 Mathematics”."),
    )
    classroom = Classroom.objects.create(
        school_id=user.school_id,
        course=course,
        section=section.strip()[:50],
        term=term.strip()[:100],
        grade_levels=grade_levels.strip()[:100],
        join_code=_new_join_code(),
        join_code_expires_at=timezone.now() + timedelta(days=settings.JOIN_CODE_DAYS),
    )
    if user.role == Role.TEACHER:
        Enrollment.objects.create(classroom=classroom, user=user, role=EnrollmentRole.TEACHER)
    return classroom


@transaction.atomic
def rotate_join_code(user: User, classroom: Classroom) -> Classroom:
    """A new code replaces the old one at once; the old one stops working."""
    classroom = _require_manage(user, classroom)
    for _ in range(5):
        code = _new_join_code()
        if not Classroom.objects.filter(join_code=code).exists():
            break
    classroom.join_code = code
    classroom.join_code_expires_at = timezone.now() + timedelta(days=settings.JOIN_CODE_DAYS)
    classroom.save(update_fields=["join_code", "join_code_expires_at", "updated_at"])
    return classroom


def enroll(classroom: Classroom, user: User, role: str) -> Enrollment:
    """Add someone to a class, or reactivate their old enrollment (their work is still there)."""
    enrollment, created = Enrollment.objects.get_or_create(
        classroom=classroom, user=user, defaults={"role": role}
    )
    if not created and (not enrollment.is_active or enrollment.role != role):
        enrollment.is_active = True
        enrollment.role = role
        enrollment.save(update_fields=["is_active", "role", "updated_at"])
    return enrollment


@transaction.atomic
def join_class_with_code(user: User, code: str) -> Classroom:
    if not can_join_class(user):
        raise UserError(
            gettext("Only students join classes with a code; teachers are added by the school.")
        )
    cleaned = "".join((code or "").split()).upper().replace("-", "")
    if not cleaned:
        raise UserError(gettext("Type the join code your teacher gave you."), field="code")
    classroom = Classroom.objects.filter(join_code=cleaned, is_active=True).first()
    if classroom is None or classroom.school_id != user.school_id:
        raise UserError(
            gettext(
                "No class has the code “%(cleaned)s”. Check it with your teacher: "
                "codes have %(JOIN_CODE_LENGTH)s letters and digits, with no 0, O, 1, "
                "I or L."
            )
            % {"cleaned": cleaned, "JOIN_CODE_LENGTH": JOIN_CODE_LENGTH},
            field="code",
        )
    if classroom.join_code_expires_at and classroom.join_code_expires_at < timezone.now():
        raise UserError(
            gettext(
                "The code “%(cleaned)s” for %(name)s has expired. Ask your teacher for a new one."
            )
            % {"cleaned": cleaned, "name": classroom.name},
            field="code",
        )
    existing = Enrollment.objects.filter(classroom=classroom, user=user, is_active=True).first()
    if existing:
        raise UserError(
            gettext("You are already in %(name)s.") % {"name": classroom.name}, field="code"
        )
    enroll(classroom, user, EnrollmentRole.STUDENT)
    return classroom


def _active_student_ids(classroom: Classroom) -> list[int]:
    return queries.active_student_ids(classroom)


@transaction.atomic
def withdraw_student(user: User, classroom: Classroom, student_id) -> Enrollment:
    """Take a student out of a class. Their enrollment is kept inactive, so their work and
    evidence stay and enrolling them again brings them back; every roster read leaves them
    out from now on."""
    classroom = _require_manage(user, classroom)
    try:
        sid = int(student_id)
    except (TypeError, ValueError):
        sid = None
    enrollment = (
        queries.student_enrollments(classroom=classroom, user_id=sid)
        .select_for_update()
        .select_related("user")
        .first()
    )
    if enrollment is None:
        raise UserError(
            gettext("That student is not enrolled in %(name)s; reload the roster.")
            % {"name": classroom.name},
            field="student",
        )
    enrollment.is_active = False
    enrollment.save(update_fields=["is_active", "updated_at"])
    return enrollment


def _require_unlocked(classroom: Classroom) -> None:
    if classroom.teams_locked:
        raise UserError(
            gettext(
                "Teams are locked for this class. Unlock them first if you want to change them."
            )
        )


@transaction.atomic
def form_teams(user: User, classroom: Classroom, seed: int | None = None) -> teaming.TeamPlan:
    """Replace the class's teams with a fresh balanced shuffle (also used to re-shuffle)."""
    classroom = _require_manage(user, classroom)
    _require_unlocked(classroom)
    students = _active_student_ids(classroom)
    if not students:
        raise UserError(gettext("This class has no students yet. Share the join code first."))
    pairs = AvoidPair.objects.filter(classroom=classroom).values_list(
        "student_a_id", "student_b_id"
    )
    plan = teaming.form_teams(students, pairs, seed=seed)
    classroom.teams.all().delete()
    teams = Team.objects.bulk_create(
        # A team's name is data, written in the language of the teacher forming the teams.
        Team(classroom=classroom, name=gettext("Team %(number)s") % {"number": i + 1}, position=i)
        for i in range(len(plan.teams))
    )
    TeamMembership.objects.bulk_create(
        TeamMembership(classroom=classroom, team=team, student_id=sid)
        for team, members in zip(teams, plan.teams, strict=True)
        for sid in members
    )
    return plan


@transaction.atomic
def move_student(user: User, classroom: Classroom, student_id, team_id) -> tuple[Team, list[str]]:
    """Move one student to another team. Refuses to leave a team of one behind."""
    classroom = _require_manage(user, classroom)
    _require_unlocked(classroom)
    enrollment = (
        queries.student_enrollments(classroom=classroom, user_id=as_id(student_id))
        .select_related("user")
        .first()
    )
    if enrollment is None:
        raise UserError(
            gettext("That student is not enrolled in this class any more."), field="student"
        )
    student = enrollment.user
    target = classroom.teams.filter(pk=as_id(team_id)).first()
    if target is None:
        raise UserError(gettext("Choose one of this class's teams."), field="team")
    membership = TeamMembership.objects.filter(classroom=classroom, student=student).first()
    if membership and membership.team_id == target.pk:
        raise UserError(
            gettext("%(name)s is already in %(name2)s.")
            % {"name": student.name, "name2": target.name},
            field="team",
        )
    warnings = []
    if membership:
        remaining = list(
            membership.team.memberships.exclude(student=student).select_related("student")
        )
        if len(remaining) == 1:
            raise UserError(
                gettext(
                    "Moving %(name)s would leave %(name2)s with only %(name3)s. Move "
                    "%(name3)s too, or swap in another student first."
                )
                % {
                    "name": student.name,
                    "name2": membership.team.name,
                    "name3": remaining[0].student.name,
                },
                field="team",
            )
        if 0 < len(remaining) < teaming.MIN_SIZE:
            warnings.append(
                f"{membership.team.name} now has {len(remaining)} students "
                f"(teams work best with {teaming.MIN_SIZE} to {teaming.MAX_SIZE})."
            )
        membership.team = target
        membership.save(update_fields=["team", "updated_at"])
    else:
        TeamMembership.objects.create(classroom=classroom, team=target, student=student)
    size = target.memberships.count()
    if size > teaming.MAX_SIZE:
        warnings.append(
            f"{target.name} now has {size} students "
            f"(teams work best with {teaming.MIN_SIZE} to {teaming.MAX_SIZE})."
        )
    return target, warnings


@transaction.atomic
def set_teams_locked(user: User, classroom: Classroom, locked: bool) -> Classroom:
    classroom = _require_manage(user, classroom)
    classroom.teams_locked = locked
    classroom.save(update_fields=["teams_locked", "updated_at"])
    return classroom


@transaction.atomic
def add_avoid_pair(user: User, classroom: Classroom, student_a, student_b) -> AvoidPair:
    classroom = _require_manage(user, classroom)
    try:
        a, b = sorted({int(student_a), int(student_b)})
    except (TypeError, ValueError):
        raise UserError(gettext("Choose two different students."), field="student_b") from None
    enrolled = set(queries.enrolled_students(classroom, [a, b]))
    if enrolled != {a, b}:
        raise UserError(gettext("Both students must be enrolled in this class."), field="student_a")
    try:
        with transaction.atomic():
            return AvoidPair.objects.create(classroom=classroom, student_a_id=a, student_b_id=b)
    except IntegrityError:
        raise Conflict(
            gettext("Those two students are already kept apart."), field="student_b"
        ) from None


@transaction.atomic
def remove_avoid_pair(user: User, classroom: Classroom, pair_id) -> None:
    classroom = _require_manage(user, classroom)
    deleted, _ = AvoidPair.objects.filter(classroom=classroom, pk=pair_id).delete()
    if not deleted:
        raise NotFound("pair")
