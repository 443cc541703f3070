"""Reads for inquiries (before and after, with honest uncertainty) and the practice library."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from trellis.accounts.models import User
from trellis.checkins import queries as checkin_queries
from trellis.checkins.permissions import checkins_visible_to
from trellis.common.access import get_visible
from trellis.common.small_numbers import HIDDEN, THRESHOLD
from trellis.curriculum.models import LearningTarget

from .. import permissions as perms
from ..models import Inquiry, Outcome, Practice, SchoolFocus
from ..stats import Change, change, wilson
from .teams import team_classes


@dataclass
class Measure:
    """Students who met the common check-in (80% of their answers right), with n."""

    met: int
    students: int

    @property
    def too_few(self) -> bool:
        return self.students < THRESHOLD

    def __str__(self) -> str:
        if self.students == 0:
            return "no answers yet"
        if self.too_few:
            return HIDDEN
        low, high = wilson(self.met, self.students)
        return (
            f"{self.met} of {self.students} students ({round(100 * self.met / self.students)}%; "
            f"95% interval {round(100 * low)}–{round(100 * high)}%)"
        )


@dataclass
class InquiryPage:
    inquiry: Inquiry
    before: Measure | None
    after: Measure | None
    change: Change | None
    can_edit: bool
    classes: list = field(default_factory=list)

    @property
    def baseline_note(self) -> str:
        if self.before is None:
            return "No common check-in chosen: this inquiry has no baseline from Trellis."
        if self.before.students == 0:
            return (
                "No student answered the common check-in before the period: there is no "
                "baseline yet. Run it in the team's classes before the start date."
            )
        if self.before.too_few:
            return (
                f"The baseline rests on fewer than {THRESHOLD} students, so no figure is shown: "
                "run the check-in in more of the team's classes before the period starts."
            )
        return ""


def get_inquiry_for(user: User, inquiry_id) -> Inquiry:
    qs = perms.inquiries_visible_to(user).select_related("team", "practice", "measure", "focus")
    return get_visible(qs, inquiry_id, "inquiry")


def _measure(checkin, classes, **window) -> Measure:
    counts = checkin_queries.pooled_counts(checkin, [c.pk for c in classes], **window)
    threshold = checkin_queries.MET_THRESHOLD
    met = sum(c.students_met(threshold) for c in counts.classes.values())
    students = sum(len(c.per_student) for c in counts.classes.values())
    return Measure(met, students)


def inquiry_page(user: User, inquiry: Inquiry) -> InquiryPage:
    """Before (runs of the common check-in started before the period) and after (from its
    start), pooled over the team's classes. Without a measure: two queries; with one: ten."""
    can_edit = perms.teams_of(user).filter(pk=inquiry.team_id).exists()
    targets = list(inquiry.targets.select_related("classroom"))
    inquiry.target_list = targets
    if inquiry.measure is None:
        return InquiryPage(inquiry, None, None, None, can_edit)
    classes = list(team_classes(inquiry.team))
    before = _measure(inquiry.measure, classes, started_before=inquiry.starts_on)
    after = _measure(inquiry.measure, classes, started_from=inquiry.starts_on)
    diff = change((before.met, before.students), (after.met, after.students))
    return InquiryPage(inquiry, before, after, diff, can_edit, classes)


# ---------------------------------------------------------------- the practice library


@dataclass
class PracticeRow:
    practice: Practice
    tried_by: list[str]  # teams that tested it
    evidence: dict[str, int]  # outcome label -> finished inquiries


def practice_library(user: User, search: str = "") -> list[PracticeRow]:
    """The school's practices, filtered by a search over title, subject, targets and
    description; each with the teams that tried it and what their inquiries found. Two
    queries."""
    if not (perms.is_teacher(user) or perms.is_leader(user)):
        return []
    qs = Practice.objects.filter(school_id=user.school_id)
    search = (search or "").strip()[:100]
    if search:
        qs = qs.filter(
            Q(title__icontains=search)
            | Q(subject__icontains=search)
            | Q(targets_text__icontains=search)
            | Q(description__icontains=search)
        )
    qs = qs.prefetch_related(
        Prefetch("inquiries", queryset=Inquiry.objects.select_related("team").order_by("id"))
    )
    rows = []
    labels = dict(Outcome.choices)
    for p in qs.order_by("title", "id"):
        inquiries = list(p.inquiries.all())
        evidence: dict[str, int] = {}
        for i in inquiries:
            if i.is_finished:
                evidence[labels[i.outcome]] = evidence.get(labels[i.outcome], 0) + 1
        rows.append(PracticeRow(p, sorted({i.team.name for i in inquiries}), evidence))
    return rows


def get_practice_for(user: User, practice_id) -> Practice:
    if not (perms.is_teacher(user) or perms.is_leader(user)):
        return get_visible(Practice.objects.none(), practice_id, "practice")
    qs = Practice.objects.filter(school_id=user.school_id).select_related("created_by")
    return get_visible(qs, practice_id, "practice")


@dataclass
class PracticeEvidence:
    inquiry: Inquiry
    before: Measure | None
    after: Measure | None
    change: Change | None


def _frozen(inquiry: Inquiry) -> PracticeEvidence:
    r = inquiry.result or {}
    if "before" not in r:
        return PracticeEvidence(inquiry, None, None, None)
    before, after = Measure(*r["before"]), Measure(*r["after"])
    return PracticeEvidence(
        inquiry, before, after, change((before.met, before.students), (after.met, after.students))
    )


def practice_page(user: User, practice: Practice) -> list[PracticeEvidence]:
    """The inquiries that tested a practice, finished first, each with the before/after
    figures frozen when the team concluded (suppressed under 10 students). One query."""
    inquiries = practice.inquiries.select_related("team").order_by("finished_at", "-id")
    return [_frozen(i) for i in inquiries]


@dataclass
class InquiryOptions:
    targets: list
    checkins: list
    practices: list
    focus: list


def inquiry_options(user: User, team) -> InquiryOptions:
    """What a new inquiry may point at: the team's classes' targets, the check-ins the user
    may run (own and the team's shared ones), the library and the school focus. Four queries."""
    return InquiryOptions(
        targets=list(
            LearningTarget.objects.filter(
                classroom__in=team_classes(team).values("pk"), is_active=True
            )
            .select_related("classroom")
            .order_by("classroom__course", "position", "id")
        ),
        checkins=list(checkins_visible_to(user).order_by("title", "id")),
        practices=list(Practice.objects.filter(school_id=user.school_id).order_by("title")),
        focus=list(SchoolFocus.objects.filter(school_id=user.school_id, is_active=True)),
    )
