"""Reads for inquiries (before and after, with honest uncertainty) and the practice library."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Prefetch, Q
from django.utils.formats import date_format
from django.utils.translation import gettext

from trellis.accounts.models import User
from trellis.charter import queries as charter_queries
from trellis.checkins import queries as checkin_queries
from trellis.checkins.permissions import checkins_visible_to
from trellis.common.access import get_visible
from trellis.common.small_numbers import HIDDEN, THRESHOLD
from trellis.curriculum.models import LearningTarget
from trellis.progression import queries as progression_queries
from trellis.work import queries as work_queries

from .. import permissions as perms
from ..models import Inquiry, MeasureKind, Outcome, Practice, SchoolFocus
from ..stats import Change, MeanChange, change, mean_change, mean_interval, wilson
from .teams import team_classes


@dataclass
class Measure:
    """A share with its n: students who met the common check-in (80% of their answers right),
    students released to independent practice, or class pulse answers that agree."""

    met: int
    students: int
    noun: str = "students"

    @property
    def too_few(self) -> bool:
        return self.students < THRESHOLD

    def as_result(self) -> list:
        return [self.met, self.students]

    def __str__(self) -> str:
        if self.students == 0:
            return "nothing to count yet"
        if self.too_few:
            return HIDDEN
        low, high = wilson(self.met, self.students)
        return (
            f"{self.met} of {self.students} {self.noun} "
            f"({round(100 * self.met / self.students)}%; "
            f"95% interval {round(100 * low)}–{round(100 * high)}%)"
        )


@dataclass
class MeanMeasure:
    """A count per student with its n (revisions per student who handed work in)."""

    total: int
    sumsq: int
    students: int
    unit: str = "revisions per student"

    @property
    def too_few(self) -> bool:
        return self.students < THRESHOLD

    def as_result(self) -> list:
        return [self.total, self.sumsq, self.students]

    def __str__(self) -> str:
        if self.students == 0:
            return "nothing to count yet"
        if self.too_few:
            return HIDDEN
        low, high = mean_interval(self.total, self.sumsq, self.students)
        return (
            f"{self.total / self.students:.1f} {self.unit} ({self.students} students; "
            f"95% interval {low:.1f}–{high:.1f})"
        )


MEASURE_TEXT = {
    MeasureKind.CHECKIN: "students with at least 80% of their answers right on the common "
    "check-in, across the team's classes",
    MeasureKind.PHASES: "of the students moved on any task in the team's classes, the share "
    "moved into independent practice",
    MeasureKind.REVISIONS: "revisions per student, among the students of the team's classes "
    "who handed work in",
    MeasureKind.PULSE: "class pulse answers that agree with the class charter (ratings "
    "averaging 4 of 5 or more), across the team's classes",
}


@dataclass
class InquiryPage:
    inquiry: Inquiry
    before: Measure | MeanMeasure | None
    after: Measure | MeanMeasure | None
    change: Change | MeanChange | None
    can_edit: bool
    classes: list = field(default_factory=list)
    before_label: str = ""
    after_label: str = ""

    @property
    def measure_text(self) -> str:
        return MEASURE_TEXT[MeasureKind(self.inquiry.measure_kind)]

    @property
    def baseline_note(self) -> str:
        if self.before is None:
            return gettext("No common check-in chosen: this inquiry has no baseline from Trellis.")
        if self.before.students == 0:
            return gettext(
                "Nothing to compare yet: the team's classes have no figure for this measure "
                "%(when)s. There is no baseline."
            ) % {"when": self.before_label.lower()}
        if self.before.too_few:
            return gettext(
                "The baseline rests on fewer than %(threshold)s students, so no figure is "
                "shown: too few students to tell."
            ) % {"threshold": THRESHOLD}
        return ""


def _day(day) -> str:
    return date_format(day, "j F Y")


def get_inquiry_for(user: User, inquiry_id) -> Inquiry:
    qs = perms.inquiries_visible_to(user).select_related("team", "practice", "measure", "focus")
    return get_visible(qs, inquiry_id, "inquiry")


def _measure(checkin, classes, **window) -> Measure:
    counts = checkin_queries.pooled_counts(checkin, [c.pk for c in classes], **window)
    threshold = checkin_queries.MET_THRESHOLD
    met = sum(c.students_met(threshold) for c in counts.classes.values())
    students = sum(len(c.per_student) for c in counts.classes.values())
    return Measure(met, students)


def windows(inquiry: Inquiry) -> tuple[tuple, tuple]:
    """The baseline (as long as the period, just before it) and the period itself."""
    length = inquiry.ends_on - inquiry.starts_on + timedelta(days=1)
    before = (inquiry.starts_on - length, inquiry.starts_on - timedelta(days=1))
    return before, (inquiry.starts_on, inquiry.ends_on)


def _window_measure(kind: str, class_ids: list[int], window: tuple):
    if kind == MeasureKind.PHASES:
        return Measure(*progression_queries.release_counts(class_ids, *window))
    if kind == MeasureKind.PULSE:
        return Measure(*charter_queries.pulse_agreement(class_ids, *window), noun="answers")
    values = work_queries.revision_counts(class_ids, *window)
    return MeanMeasure(sum(values), sum(v * v for v in values), len(values))


def compare(before, after):
    if isinstance(before, MeanMeasure):
        return mean_change(
            (before.total, before.sumsq, before.students),
            (after.total, after.sumsq, after.students),
            unit=before.unit,
        )
    return change((before.met, before.students), (after.met, after.students))


def inquiry_page(user: User, inquiry: Inquiry) -> InquiryPage:
    """Before and after, pooled over the team's classes. A common check-in: its runs started
    before the period, then from its start. Phase moves, revisions and class pulses: the
    period, and a baseline as long just before it. Without a measure: two queries; with the
    check-in: ten; with another measure: five."""
    can_edit = perms.teams_of(user).filter(pk=inquiry.team_id).exists()
    targets = list(inquiry.targets.select_related("classroom"))
    inquiry.target_list = targets
    kind = inquiry.measure_kind
    if kind == MeasureKind.CHECKIN:
        if inquiry.measure is None:
            return InquiryPage(inquiry, None, None, None, can_edit)
        classes = list(team_classes(inquiry.team))
        before = _measure(inquiry.measure, classes, started_before=inquiry.starts_on)
        after = _measure(inquiry.measure, classes, started_from=inquiry.starts_on)
        return InquiryPage(
            inquiry,
            before,
            after,
            compare(before, after),
            can_edit,
            classes,
            gettext("Before %(day)s") % {"day": _day(inquiry.starts_on)},
            gettext("From %(day)s") % {"day": _day(inquiry.starts_on)},
        )
    classes = list(team_classes(inquiry.team))
    ids = [c.pk for c in classes]
    w_before, w_after = windows(inquiry)
    before = _window_measure(kind, ids, w_before)
    after = _window_measure(kind, ids, w_after)
    return InquiryPage(
        inquiry,
        before,
        after,
        compare(before, after),
        can_edit,
        classes,
        gettext("From %(start)s to %(end)s")
        % {"start": _day(w_before[0]), "end": _day(w_before[1])},
        gettext("From %(start)s to %(end)s") % {"start": _day(w_after[0]), "end": _day(w_after[1])},
    )


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
    before: Measure | MeanMeasure | None
    after: Measure | MeanMeasure | None
    change: Change | MeanChange | None


def frozen_measures(result: dict):
    """The before/after measures stored when a team concluded (None, None without)."""
    r = result or {}
    if "before" not in r:
        return None, None
    kind = r.get("kind", MeasureKind.CHECKIN)
    if kind == MeasureKind.REVISIONS:
        return MeanMeasure(*r["before"]), MeanMeasure(*r["after"])
    noun = "answers" if kind == MeasureKind.PULSE else "students"
    return Measure(*r["before"], noun=noun), Measure(*r["after"], noun=noun)


def _frozen(inquiry: Inquiry) -> PracticeEvidence:
    before, after = frozen_measures(inquiry.result)
    if before is None:
        return PracticeEvidence(inquiry, None, None, None)
    return PracticeEvidence(inquiry, before, after, compare(before, after))


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
