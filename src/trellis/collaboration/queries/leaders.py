"""Leader pages: the school matrix (classes × culture signs), monitoring what works, the
printable summary. Numbers only: no student is named, every figure under 10 students hidden
(the charter's indicators apply the rule; counts here go through small_numbers)."""

from dataclasses import dataclass, field

from django.utils import timezone

from trellis.accounts.models import User
from trellis.charter.indicators import SIGNS, culture_panels
from trellis.common.small_numbers import HIDDEN
from trellis.rosters.models import Classroom

from .. import permissions as perms
from ..models import DelegatedRole, Inquiry, SchoolFocus, TeacherTeam, TrustPulse
from .inquiry import PracticeRow, practice_library
from .openpractice import TrustResult, decisions_due, observation_counts, trust_results
from .teams import team_teacher_ids

MATRIX_MAX = 200  # classes on one matrix page; filters narrow a bigger school


@dataclass
class MatrixCell:
    status: str  # "in-place", "partial", "hidden", "none" (a CSS class; the text says it too)
    text: str


@dataclass
class MatrixRow:
    classroom: Classroom
    cells: list[MatrixCell]


@dataclass
class Matrix:
    signs: list
    rows: list[MatrixRow]
    teams: list[TeacherTeam]
    filters: dict
    totals: list[str] = field(default_factory=list)  # per sign: classes with a reading shown


def _cell(panel) -> MatrixCell:
    if not panel.rows:
        return MatrixCell("none", "no data source yet")
    readings = [r.reading for r in panel.rows if r.reading is not None]
    if not readings:
        return MatrixCell("none", "no data yet")
    if all(r.value == HIDDEN for r in readings):
        return MatrixCell("hidden", HIDDEN)
    shown = [r for r in readings if r.value != HIDDEN]
    numbers = [r.number for r in shown if r.number is not None]
    text = "; ".join(f"{row.label}: {row.reading.value}" for row in panel.rows if row.reading)
    if numbers and min(numbers) >= 0.7:
        return MatrixCell("in-place", "In place — " + text)
    return MatrixCell("partial", "Growing — " + text)


def school_matrix(user: User, params) -> Matrix:
    """Classes × signs for the school, filtered by grade, subject (course) or teacher team.
    A fixed number of queries: teams, classes, then the indicator providers."""
    teams = list(TeacherTeam.objects.filter(school_id=user.school_id).order_by("name"))
    grade = (params.get("grade") or "").strip()[:50]
    subject = (params.get("subject") or "").strip()[:100]
    team_id = params.get("team") or ""
    classes = Classroom.objects.filter(school_id=user.school_id, is_active=True)
    if grade:
        classes = classes.filter(grade_levels__icontains=grade)
    if subject:
        classes = classes.filter(course__icontains=subject)
    team = next((t for t in teams if str(t.pk) == str(team_id)), None)
    if team is not None:
        classes = classes.filter(
            pk__in=Classroom.objects.filter(
                enrollments__user_id__in=team_teacher_ids(team),
                enrollments__role="teacher",
                enrollments__is_active=True,
            ).values("pk")
        )
    classes = list(classes.order_by("course", "section", "id")[:MATRIX_MAX])
    panels = culture_panels(classes)
    rows = [MatrixRow(c, [_cell(p) for p in panels[c.pk]]) for c in classes]
    totals = []
    for i in range(len(SIGNS)):
        shown = sum(1 for r in rows if r.cells[i].status in ("in-place", "partial"))
        placed = sum(1 for r in rows if r.cells[i].status == "in-place")
        totals.append(f"in place in {placed} of {shown} classes with figures shown")
    return Matrix(
        SIGNS,
        rows,
        teams,
        {"grade": grade, "subject": subject, "team": str(team.pk) if team else ""},
        totals,
    )


@dataclass
class Monitoring:
    focus: list[SchoolFocus]
    open_inquiries: list[Inquiry]
    finished_inquiries: list[Inquiry]
    practices: list[PracticeRow]
    observations: list[tuple[TeacherTeam, int]]
    trust: list[TrustResult]
    decisions_due: list
    roles: list[DelegatedRole]
    teams: list[TeacherTeam]
    today: object = None


def monitoring(user: User) -> Monitoring:
    """What works in the school: inquiries, practices and their evidence, observation counts
    per team (never their notes), the trust pulse's trend, decisions due, focus and roles."""
    today = timezone.localdate()
    teams = list(TeacherTeam.objects.filter(school_id=user.school_id).order_by("name"))
    inquiries = list(
        Inquiry.objects.filter(team__school_id=user.school_id)
        .select_related("team", "practice", "focus")
        .order_by("-starts_on", "-id")
    )
    counts = observation_counts(teams)
    pulses = list(TrustPulse.objects.filter(school_id=user.school_id).order_by("opens_on", "id"))
    return Monitoring(
        focus=list(SchoolFocus.objects.filter(school_id=user.school_id)),
        open_inquiries=[i for i in inquiries if not i.is_finished],
        finished_inquiries=[i for i in inquiries if i.is_finished],
        practices=practice_library(user) if perms.is_leader(user) or perms.is_teacher(user) else [],
        observations=[(t, counts.get(t.pk, 0)) for t in teams],
        trust=trust_results(pulses),
        decisions_due=decisions_due(user, today),
        roles=list(
            DelegatedRole.objects.filter(school_id=user.school_id)
            .select_related("teacher")
            .order_by("role", "teacher__last_name")
        ),
        teams=teams,
        today=today,
    )


def focus_options(user: User) -> list[SchoolFocus]:
    return list(SchoolFocus.objects.filter(school_id=user.school_id, is_active=True))
