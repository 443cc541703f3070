"""Pulse results and their trend over time: what a class said about its commitments, with the
anonymous minimum applied (read through `charter.queries`)."""

from __future__ import annotations

import secrets
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Avg, Count
from django.utils import timezone

from trellis.accounts.models import User
from trellis.common.small_numbers import ANONYMOUS_MINIMUM
from trellis.rosters.models import Classroom

from . import similarity
from .models import (
    COMMITMENT_SECTIONS,
    CharterItem,
    Pulse,
    PulseRating,
    PulseResponse,
    in_section_order,
)
from .permissions import (
    pulse_results_visible_to,
)


@dataclass
class CommitmentResult:
    item: CharterItem
    average: float | None
    count: int
    distribution: list[int]  # how many chose 1, 2, 3, 4, 5


@dataclass
class Comment:
    text: str
    name: str | None = None  # only for a pulse that is not anonymous, seen by its teacher


@dataclass
class CommentGroup:
    comments: list[Comment]

    @property
    def size(self) -> int:
        return len(self.comments)


@dataclass
class PulseResults:
    pulse: Pulse
    responses: int
    students: int
    commitments: list[CommitmentResult]
    doing_well: list[CommentGroup]
    do_better: list[CommentGroup]
    # True when an anonymous pulse has too few answers to show without telling who wrote what
    # (the small-numbers rule's ANONYMOUS_MINIMUM): then no rating or comment is given.
    withheld: bool = False


def _grouped(comments: list[Comment]) -> list[CommentGroup]:
    groups = similarity.group_texts([c.text for c in comments])
    out = [CommentGroup([comments[i] for i in g]) for g in groups]
    return sorted(out, key=lambda g: -g.size)


def pulse_results(pulse: Pulse, *, with_names: bool) -> PulseResults:
    """Averages per commitment and grouped comments: four queries whatever the class size."""
    from .queries import pulse_commitments, student_count  # the class's reads live there

    items = pulse_commitments(pulse)
    dist = defaultdict(lambda: [0, 0, 0, 0, 0])
    for item_id, score, n in (
        PulseRating.objects.filter(response__pulse=pulse)
        .values_list("item_id", "score")
        .annotate(n=Count("id"))
        .values_list("item_id", "score", "n")
    ):
        dist[item_id][score - 1] = n
    results = []
    for item in items:
        d = dist[item.pk]
        count = sum(d)
        avg = sum((i + 1) * n for i, n in enumerate(d)) / count if count else None
        results.append(CommitmentResult(item, avg, count, d))
    # Names are read only for a pulse that is not anonymous: for anonymous ones there is no
    # column to read them from.
    show_names = with_names and not pulse.anonymous
    rows = PulseResponse.objects.filter(pulse=pulse).order_by("id")
    if show_names:
        rows = rows.select_related("respondent")
    rows = list(rows)
    students = student_count(pulse.classroom)
    if pulse.anonymous and len(rows) < ANONYMOUS_MINIMUM:
        return PulseResults(pulse, len(rows), students, [], [], [], withheld=True)
    if pulse.anonymous:
        # Submission order would let a teacher who watched the room match comments to people.
        _shuffle(rows)

    def comments(attr: str) -> list[Comment]:
        return [
            Comment(getattr(r, attr), r.respondent.name if show_names and r.respondent else None)
            for r in rows
            if getattr(r, attr)
        ]

    return PulseResults(
        pulse=pulse,
        responses=len(rows),
        students=students,
        commitments=results,
        doing_well=_grouped(comments("doing_well")),
        do_better=_grouped(comments("do_better")),
    )


_shuffle = secrets.SystemRandom().shuffle


@dataclass
class TrendPoint:
    pulse: Pulse
    average: float | None
    count: int


@dataclass
class Trend:
    key: str
    text: str
    section: str
    points: list[TrendPoint]


def trends(pulses: list[Pulse]) -> list[Trend]:
    """Each commitment's average over the pulses, matched across versions by item key."""
    if not pulses:
        return []
    ids = [p.pk for p in pulses]
    rows = (
        PulseRating.objects.filter(response__pulse_id__in=ids)
        .values("response__pulse_id", "item__key")
        .annotate(avg=Avg("score"), n=Count("id"))
    )
    anonymous = {p.pk for p in pulses if p.anonymous}
    # An anonymous pulse's average drawn from fewer than ANONYMOUS_MINIMUM answers is not shown.
    stats = {
        (r["response__pulse_id"], r["item__key"]): (float(r["avg"]), r["n"])
        for r in rows
        if r["response__pulse_id"] not in anonymous or r["n"] >= ANONYMOUS_MINIMUM
    }
    latest = pulses[-1].version
    items = in_section_order(
        CharterItem.objects.filter(version=latest, section__in=COMMITMENT_SECTIONS)
    )
    return [
        Trend(
            key=i.key,
            text=i.text,
            section=i.section,
            points=[TrendPoint(p, *stats.get((p.pk, i.key), (None, 0))) for p in pulses],
        )
        for i in items
    ]


def results_over_time(user: User, classroom: Classroom) -> list[Trend]:
    """Trends over every pulse whose results the user may see (oldest first)."""
    today = timezone.localdate()
    pulses = [
        p
        for p in pulse_results_visible_to(user)
        .filter(classroom=classroom, opens_on__lte=today)
        .select_related("version")
        .order_by("opens_on", "id")
    ]
    return trends(pulses)
