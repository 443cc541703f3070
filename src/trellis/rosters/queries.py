"""Reads for class pages and the API, scoped to the user, in a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from trellis.accounts.models import Role, User
from trellis.common.access import get_visible
from trellis.common.ids import as_id
from trellis.common.small_numbers import Figure, protect_group

# The school's class lists (leader and admin homes, the culture page, the API) for other apps.
from .listing import ClassFilter as ClassFilter
from .listing import ClassList as ClassList
from .listing import class_list as class_list
from .listing import page_of as page_of
from .models import AvoidPair, Classroom, Enrollment, EnrollmentRole, Team, TeamMembership
from .permissions import classes_in_aggregate_for, classes_managed_by, classes_visible_to


def _count_of(qs: QuerySet) -> Subquery:
    """A correlated COUNT(*) of `qs` (filtered on ``classroom=OuterRef("pk")``), 0 when none."""
    counted = qs.order_by().values("classroom_id").annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _with_counts(qs: QuerySet[Classroom]) -> QuerySet[Classroom]:
    """Students and teams per class as correlated counts, not a join: a page of 25 classes
    counts 25 classes (PostgreSQL evaluates them after LIMIT), and the page's row count
    (`Paginator.count`) drops them, so neither grows with the school's enrollments."""
    return qs.annotate(
        student_count=_count_of(student_enrollments(classroom=OuterRef("pk"))),
        team_count=_count_of(Team.objects.filter(classroom=OuterRef("pk"))),
    )


def classes_for(user: User) -> QuerySet[Classroom]:
    return _with_counts(classes_visible_to(user).filter(is_active=True)).order_by(
        "course", "section"
    )


def class_aggregates_for(user: User) -> QuerySet[Classroom]:
    """Per-class counts for a leader: no names, no rosters."""
    return _with_counts(classes_in_aggregate_for(user).filter(is_active=True)).order_by(
        "course", "section"
    )


def class_page_for(user: User, params) -> ClassList:
    """A leader's or admin's page of the school's classes with their counts (filters and page
    from `params`): the same number of queries for any number of classes."""
    base = class_aggregates_for(user) if user.role == Role.LEADER else classes_for(user)
    return class_list(user, base, ClassFilter.from_params(params))


def protected_counts(classroom: Classroom) -> dict[str, Figure]:
    """A class's student and team counts as an aggregate reader may see them (the one
    small-numbers rule: both hidden for a class of fewer than 10 students)."""
    return protect_group(
        {"students": classroom.student_count, "teams": classroom.team_count},
        classroom.student_count,
    )


def with_protected_counts(classes) -> list[Classroom]:
    """The classes (annotated by `_with_counts`) with `.counts` set by `protected_counts`."""
    classes = list(classes)
    for c in classes:
        c.counts = protected_counts(c)
    return classes


def get_class_for(user: User, class_id) -> Classroom:
    return get_visible(classes_visible_to(user), class_id, "class")


def get_managed_class_for(user: User, class_id) -> Classroom:
    return get_visible(classes_managed_by(user), class_id, "class")


# --------------------------------------------------------------------------- who is in a class
# "The active students of a class" has one definition, here: an active enrollment with the
# student role. Every app asks these functions; none filters enrollments itself.


def student_enrollments(**filters) -> QuerySet[Enrollment]:
    """Active student enrollments matching ``filters`` (``classroom=``, ``classroom_id__in=``,
    ``user=``, ``OuterRef`` values for an ``Exists``...): the base of every roster read."""
    return Enrollment.objects.filter(role=EnrollmentRole.STUDENT, is_active=True, **filters)


def active_students(classroom: Classroom) -> list[User]:
    """The class's active students by name: one query."""
    return [
        e.user
        for e in student_enrollments(classroom=classroom)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user_id")
    ]


def active_student_ids(classroom: Classroom) -> list[int]:
    """Ids of the class's active students, ascending: one query."""
    return list(
        student_enrollments(classroom=classroom)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )


def active_student_counts(classroom_ids) -> dict[int, int]:
    """Active students per class id, for many classes in one query (classes with none are
    left out)."""
    return dict(
        student_enrollments(classroom_id__in=list(classroom_ids))
        .values_list("classroom_id")
        .annotate(n=Count("id"))
        .values_list("classroom_id", "n")
    )


def active_student_count(classroom: Classroom) -> int:
    return student_enrollments(classroom=classroom).count()


def enrolled_students(classroom: Classroom, student_ids) -> dict[int, User]:
    """Those of ``student_ids`` who are active students of the class, by id: one query."""
    # A tampered id ("abc", past 64 bits) is no student, never a database error.
    ids = [i for i in map(as_id, student_ids) if i]
    if not ids:
        return {}
    return {
        e.user_id: e.user
        for e in student_enrollments(classroom=classroom, user_id__in=ids).select_related("user")
    }


def enrolled_student(classroom: Classroom, student_id) -> User | None:
    """The student with this id when they are an active student of the class, else None."""
    return enrolled_students(classroom, [student_id]).get(as_id(student_id))


def is_active_student(user: User, classroom: Classroom) -> bool:
    return student_enrollments(classroom=classroom, user=user).exists()


def teachers_of(classroom: Classroom) -> list[User]:
    return [
        e.user
        for e in classroom.enrollments.filter(role=EnrollmentRole.TEACHER, is_active=True)
        .select_related("user")
        .order_by("user__last_name")
    ]


@dataclass
class RosterRow:
    enrollment: Enrollment
    team: Team | None


def roster(classroom: Classroom) -> list[RosterRow]:
    """Students of a class with their team: two queries whatever the class size."""
    enrollments = list(
        student_enrollments(classroom=classroom)
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    )
    team_of = {
        m.student_id: m.team
        for m in TeamMembership.objects.filter(classroom=classroom).select_related("team")
    }
    return [RosterRow(e, team_of.get(e.user_id)) for e in enrollments]


@dataclass
class TeamsPage:
    teams: list[Team]
    unassigned: list[User]
    students: list[User]
    avoid_pairs: list[AvoidPair]


def teams_page(classroom: Classroom) -> TeamsPage:
    """Teams with members, students in no team, and avoid-pairs: four queries."""
    teams = list(
        classroom.teams.prefetch_related(
            Prefetch(
                "memberships",
                queryset=TeamMembership.objects.select_related("student").order_by(
                    "student__last_name", "student__first_name"
                ),
            )
        )
    )
    students = active_students(classroom)
    placed = {m.student_id for t in teams for m in t.memberships.all()}
    pairs = list(
        AvoidPair.objects.filter(classroom=classroom).select_related("student_a", "student_b")
    )
    return TeamsPage(
        teams=teams,
        unassigned=[s for s in students if s.pk not in placed],
        students=students,
        avoid_pairs=pairs,
    )


def team_of(classroom: Classroom, student: User) -> Team | None:
    """The student's team in the class, without its members: one query."""
    membership = (
        TeamMembership.objects.filter(classroom=classroom, student=student)
        .select_related("team")
        .first()
    )
    return membership.team if membership else None


def my_team(classroom: Classroom, student: User) -> Team | None:
    membership = (
        TeamMembership.objects.filter(classroom=classroom, student=student)
        .select_related("team")
        .prefetch_related(
            Prefetch(
                "team__memberships",
                queryset=TeamMembership.objects.select_related("student").order_by(
                    "student__last_name"
                ),
            )
        )
        .first()
    )
    return membership.team if membership else None


def enrollments_for(user: User, classroom: Classroom) -> QuerySet[Enrollment]:
    """Enrollments the user may list in a class: everyone for staff, self for students."""
    qs = classroom.enrollments.filter(is_active=True).select_related("user")
    if user.is_student:
        qs = qs.filter(user=user)
    return qs.order_by("role", "user__last_name", "user__first_name")


def class_names_in(school_id: int | None, class_ids) -> dict[int, str]:
    """Names of these classes of the school, by id (one query): for logs that name classes."""
    ids = {int(i) for i in class_ids}
    if not ids or school_id is None:
        return {}
    rows = Classroom.objects.filter(pk__in=ids, school_id=school_id).only("id", "course", "section")
    return {c.pk: c.name for c in rows}


def member_ids_of(class_id: int) -> QuerySet:
    """The ids of the people actively enrolled in a class (a subquery, not a list)."""
    return Enrollment.objects.filter(classroom_id=class_id, is_active=True).values("user_id")


def classes_taught_by(teacher_ids) -> QuerySet[Classroom]:
    """Active classes with an active teacher among ``teacher_ids`` (ids or a subquery), with
    their student counts; a teacher team's classes."""
    taught = Enrollment.objects.filter(
        classroom=OuterRef("pk"),
        user_id__in=teacher_ids,
        role=EnrollmentRole.TEACHER,
        is_active=True,
    )
    return _with_counts(Classroom.objects.filter(Exists(taught), is_active=True))
