"""Leader pages: the school matrix (classes × culture signs), monitoring what works, the
printable summary. Numbers only: no student is named, every figure under 10 students hidden
(the charter's indicators apply the rule; counts here go through small_numbers)."""

from dataclasses import dataclass, field

from django.utils import timezone

from trellis.accounts.models import User
from trellis.charter.indicators import SIGNS, culture_panels
from trellis.common.small_numbers import HIDDEN
from trellis.rosters.models import AcademicSession, Classroom

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
class TermTrend:
    """Per term (columns, oldest first) and sign (rows): how many classes had the sign in
    place, of those whose figures are shown."""

    terms: list[str]
    rows: list[tuple[str, list[str]]]  # (sign title, one text per term)
    source: str  # where the terms come from, in words


@dataclass
class Matrix:
    signs: list
    rows: list[MatrixRow]
    teams: list[TeacherTeam]
    filters: dict
    totals: list[str] = field(default_factory=list)  # per sign: classes with a reading shown
    trend: TermTrend | None = None


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
    classes = Classroom.objects.filter(school_id=user.school_id)
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
    # Every class of the filter, past terms' included (for the trend); the matrix itself
    # shows the active ones. The providers are asked once for all of them.
    every = list(classes.order_by("-is_active", "course", "section", "id")[: MATRIX_MAX * 2])
    panels = culture_panels(every)
    cells = {c.pk: [_cell(p) for p in panels[c.pk]] for c in every}
    active = sorted((c for c in every if c.is_active), key=lambda c: (c.course, c.section, c.pk))[
        :MATRIX_MAX
    ]
    rows = [MatrixRow(c, cells[c.pk]) for c in active]
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
        term_trend(every, cells),
    )


TREND_TERMS = 6  # the latest terms shown side by side


def _terms_of(classes) -> tuple[dict[int, tuple], str]:
    """Each class's term as a sortable (start, title): the roster's academic sessions when it
    was imported (one query), else the class's term name, else the half-year it was made in."""
    ids = {t for c in classes for t in c.term_sourced_ids.split()}
    sessions = {
        s.sourced_id: s
        # Always one query (an empty list would skip it: the same count with or without).
        for s in AcademicSession.objects.filter(sourced_id__in=sorted(ids) or [""], is_active=True)
    }
    out: dict[int, tuple] = {}
    sources = set()
    for c in classes:
        mine = [sessions[t] for t in c.term_sourced_ids.split() if t in sessions]
        if mine:
            # The shortest session is the most precise (a term rather than the school year).
            s = min(mine, key=lambda s: (s.end_date - s.start_date, s.start_date))
            out[c.pk] = (s.start_date.isoformat(), s.title)
            sources.add("the roster's academic sessions")
        elif c.term.strip():
            out[c.pk] = (c.created_at.date().isoformat(), c.term.strip())
            sources.add("the classes' term names")
        else:
            made = timezone.localtime(c.created_at).date()
            half = "January to June" if made.month <= 6 else "July to December"
            start = made.replace(month=1 if made.month <= 6 else 7, day=1)
            out[c.pk] = (start.isoformat(), f"{half} {made.year}")
            sources.add("when the classes were made (half-years)")
    return out, " and ".join(sorted(sources)) or "no class yet"


def term_trend(classes, cells: dict[int, list[MatrixCell]]) -> TermTrend:
    """The school totals per term: per sign, classes with the sign in place of the classes
    whose figures are shown (a class of fewer than 10 students never counts as shown, so
    every figure here rests on 10 students or more; a term with only hidden classes says
    so)."""
    terms, source = _terms_of(classes)
    by_title: dict[str, str] = {}
    for start, title in terms.values():
        by_title[title] = min(start, by_title.get(title, start))
    order = sorted(by_title, key=lambda t: (by_title[t], t))[-TREND_TERMS:]
    rows = []
    for i, sign in enumerate(SIGNS):
        texts = []
        for title in order:
            members = [c for c in classes if terms[c.pk][1] == title]
            shown = [c for c in members if cells[c.pk][i].status in ("in-place", "partial")]
            placed = sum(1 for c in shown if cells[c.pk][i].status == "in-place")
            hidden = sum(1 for c in members if cells[c.pk][i].status == "hidden")
            if not shown:
                text = HIDDEN if hidden else "no figures"
            else:
                text = f"in place in {placed} of {len(shown)} classes"
                if hidden:
                    text += f" ({hidden} hidden)"
            texts.append(text)
        rows.append((sign.title, texts))
    return TermTrend(order, rows, source)


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
