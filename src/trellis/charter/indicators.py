"""Culture indicators: how a class is doing on the four signs of a culture of learning.

The four **signs** are fixed here (targets clear, quality understood, feedback flowing,
improvement supported), plus a fifth group for the partnership itself (charter endorsements,
pulse participation). The numbers come from **providers**: small objects that other apps
register from their ``AppConfig.ready`` so that the charter never has to import them::

    # in trellis/curriculum/apps.py
    def ready(self):
        from trellis.charter.indicators import Reading, register_provider

        class TargetsProvider:
            key = "curriculum.tasks-with-targets"
            sign = "targets"
            label = "Tasks with a learning target"
            empty = "No tasks yet — this appears once the class has tasks."

            def read(self, classrooms):
                return {c.pk: Reading(value="8 of 10", number=0.8) for c in classrooms}

        register_provider(TargetsProvider())

``read`` answers for many classes at once (a leader's overview asks for the whole school in
one call) and returns, per class id, a ``Reading`` or ``None`` when that class has no data
yet. A sign with no provider at all says what is missing instead of showing a zero.
Readings are numbers only: a leader sees them, so they must never carry a name. And every
reading drawn from students goes through the one small-numbers rule
(``trellis.common.small_numbers``): ``culture_panels`` hides it when the class has fewer than
10 students, or when the reading says (``Reading.students``) it is drawn from fewer. A provider
whose numbers are about the teacher's planning only sets ``from_students = False``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from trellis.common.small_numbers import HIDDEN, is_small


@dataclass(frozen=True)
class Sign:
    key: str
    title: str
    question: str
    missing: str  # shown when no app records this kind of evidence yet


SIGNS = [
    Sign(
        "targets",
        "Targets are clear",
        "Do students know what they are learning and what knowing it looks like?",
        "No learning targets recorded yet — this sign appears once tasks have targets.",
    ),
    Sign(
        "quality",
        "Quality is understood",
        "Do students know what good work looks like, and help shape the rubrics?",
        "No rubrics or examples of quality recorded yet — this sign appears once tasks have "
        "rubrics.",
    ),
    Sign(
        "feedback",
        "Feedback is flowing",
        "Do students give and get specific feedback, often, and safely?",
        "No feedback recorded yet — this sign appears once students give and receive "
        "feedback on their work.",
    ),
    Sign(
        "improvement",
        "Improvement is supported",
        "Do students get chances and strategies to improve their work without penalty?",
        "No revisions or check-ins recorded yet — this sign appears once students revise "
        "work or answer check-ins.",
    ),
    Sign(
        "partnership",
        "The partnership is alive",
        "Does the class stand behind its charter and reflect on it?",
        "No charter published yet — this appears once the class publishes its charter.",
    ),
]
SIGN_KEYS = {s.key for s in SIGNS}


@dataclass(frozen=True)
class Reading:
    value: str  # what the panel shows, e.g. "18 of 24" or "3.9 of 5"
    number: float | None = None  # 0..1 where it makes sense, for sorting and tests
    detail: str = ""
    # How many students the figure is drawn from, when fewer than the class (e.g. those who
    # answered a pulse); None means the whole class.
    students: int | None = None


HIDDEN_READING = Reading(value=HIDDEN)


class IndicatorProvider(Protocol):
    key: str
    sign: str
    label: str
    empty: str

    def read(self, classrooms: Sequence) -> Mapping[int, Reading | None]: ...


_providers: dict[str, IndicatorProvider] = {}


def register_provider(provider: IndicatorProvider) -> None:
    """Add (or replace, by key) a provider. Safe to call twice: ready() may run again."""
    if provider.sign not in SIGN_KEYS:
        raise ValueError(f"Unknown sign {provider.sign!r}; use one of {sorted(SIGN_KEYS)}.")
    _providers[provider.key] = provider


def unregister_provider(key: str) -> None:
    _providers.pop(key, None)


def providers() -> list[IndicatorProvider]:
    return list(_providers.values())


@dataclass
class IndicatorRow:
    label: str
    reading: Reading | None
    empty: str


@dataclass
class SignPanel:
    sign: Sign
    rows: list[IndicatorRow] = field(default_factory=list)

    @property
    def has_source(self) -> bool:
        return bool(self.rows)


def culture_panels(classrooms: Sequence) -> dict[int, list[SignPanel]]:
    """For each class, the five signs with their readings; each provider is asked once."""
    classrooms = list(classrooms)
    panels = {c.pk: [SignPanel(sign) for sign in SIGNS] for c in classrooms}
    index = {s.key: i for i, s in enumerate(SIGNS)}
    students = _student_counts(classrooms) if classrooms else {}
    for provider in sorted(_providers.values(), key=lambda p: (index[p.sign], p.key)):
        readings = provider.read(classrooms) if classrooms else {}
        from_students = getattr(provider, "from_students", True)
        for c in classrooms:
            reading = readings.get(c.pk)
            if reading is not None and from_students and _too_few(reading, students.get(c.pk, 0)):
                reading = HIDDEN_READING
            panels[c.pk][index[provider.sign]].rows.append(
                IndicatorRow(provider.label, reading, provider.empty)
            )
    return panels


def _too_few(reading: Reading, class_students: int) -> bool:
    return is_small(class_students) or is_small(reading.students)


# The charter's own providers ---------------------------------------------------------------


def _student_counts(classrooms) -> dict[int, int]:
    from trellis.rosters import queries as roster_queries

    return roster_queries.active_student_counts(c.pk for c in classrooms)


def _of(n: int, total: int) -> Reading:
    share = n / total if total else 0.0
    return Reading(value=f"{n} of {total}", number=share, detail=f"{round(share * 100)}%")


class EndorsementProvider:
    key = "charter.endorsements"
    sign = "partnership"
    label = "Students who endorsed the current charter"
    empty = "No charter published yet."

    def read(self, classrooms):

        from .models import CharterVersion, Endorsement

        latest: dict[int, int] = {}
        for cid, vid in (
            CharterVersion.objects.filter(
                charter__classroom__in=[c.pk for c in classrooms], published_at__isnull=False
            )
            .order_by("charter__classroom_id", "-number")
            .values_list("charter__classroom_id", "id")
        ):
            latest.setdefault(cid, vid)
        from trellis.rosters import queries as roster_queries

        # Only students still in the class count, so the share never passes 100%.
        counts = dict(
            Endorsement.objects.filter(
                Exists(
                    roster_queries.student_enrollments(
                        classroom_id=OuterRef("version__charter__classroom_id"),
                        user_id=OuterRef("student_id"),
                    )
                ),
                version_id__in=latest.values(),
            )
            .values_list("version_id")
            .annotate(n=Count("id"))
            .values_list("version_id", "n")
        )
        students = _student_counts(classrooms)
        return {cid: _of(counts.get(vid, 0), students.get(cid, 0)) for cid, vid in latest.items()}


class PulseParticipationProvider:
    key = "charter.pulse-participation"
    sign = "partnership"
    label = "Students who answered the latest pulse"
    empty = "No pulse has opened yet."

    def read(self, classrooms):
        from .models import Pulse

        today = timezone.localdate()
        rows = (
            Pulse.objects.filter(classroom__in=[c.pk for c in classrooms], opens_on__lte=today)
            .annotate(n=Count("responses"))
            .order_by("classroom_id", "-opens_on", "-id")
            .values_list("classroom_id", "n")
        )
        latest: dict[int, int] = {}
        for cid, n in rows:
            latest.setdefault(cid, n)
        students = _student_counts(classrooms)
        return {cid: _of(n, students.get(cid, 0)) for cid, n in latest.items()}


class LivingCommitmentsProvider:
    key = "charter.living-commitments"
    sign = "partnership"
    label = "How well the class lives its commitments (latest pulse, 1–5)"
    empty = "No pulse answers yet."

    def read(self, classrooms):
        from django.db.models import Avg

        from .models import Pulse, PulseRating

        today = timezone.localdate()
        latest: dict[int, int] = {}
        for cid, pid in (
            Pulse.objects.filter(
                classroom__in=[c.pk for c in classrooms],
                opens_on__lte=today,
                responses__isnull=False,
            )
            .order_by("classroom_id", "-opens_on", "-id")
            .values_list("classroom_id", "id")
        ):
            latest.setdefault(cid, pid)
        averages = {
            pid: (a, n)
            for pid, a, n in PulseRating.objects.filter(response__pulse_id__in=latest.values())
            .values_list("response__pulse_id")
            .annotate(a=Avg("score"), n=Count("response", distinct=True))
            .values_list("response__pulse_id", "a", "n")
        }
        out = {}
        for cid, pid in latest.items():
            if pid in averages and averages[pid][0] is not None:
                a, n = float(averages[pid][0]), averages[pid][1]
                # Drawn from those who answered, not the whole class.
                out[cid] = Reading(value=f"{a:.1f} of 5", number=(a - 1) / 4, students=n)
        return out


def register_charter_providers() -> None:
    register_provider(EndorsementProvider())
    register_provider(PulseParticipationProvider())
    register_provider(LivingCommitmentsProvider())
