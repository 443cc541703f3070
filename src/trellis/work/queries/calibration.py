"""Calibration: how a student's self-assessment compares with the teacher's, per criterion.

The gap is self minus teacher on the 0..1 scale of the rubric version used (above zero: the
student rated higher than the teacher). Only revisions with both scores count.
"""

from collections import defaultdict
from dataclasses import dataclass

from trellis.rosters import queries as roster_queries

from ..charts import Series, gap_chart
from ..models import CriterionScore, ReviewKind


@dataclass
class Point:
    when: object
    label: str  # "Essay r2"
    criterion_id: int
    criterion: str
    self_scaled: float
    teacher_scaled: float

    @property
    def gap(self) -> float:
        return round(self.self_scaled - self.teacher_scaled, 2)


def _scores(classroom, kind, student=None):
    qs = CriterionScore.objects.filter(
        review__kind=kind,
        review__revision__submission__assignment__classroom=classroom,
        replaced_by__isnull=True,
    )
    if student is not None:
        qs = qs.filter(review__revision__submission__student=student)
    return qs.values(
        "review__revision_id",
        "review__revision__number",
        "review__revision__created_at",
        "review__revision__submission__student_id",
        "review__revision__submission__assignment__title",
        "review__revision__submission__assignment_id",
        "criterion_id",
        "criterion__title",
        "scaled",
    )


def _points(classroom, student=None) -> dict[int, list[Point]]:
    teacher = {
        (s["review__revision_id"], s["criterion_id"]): s["scaled"]
        for s in _scores(classroom, ReviewKind.TEACHER, student)
    }
    out = defaultdict(list)
    for s in _scores(classroom, ReviewKind.SELF, student):
        key = (s["review__revision_id"], s["criterion_id"])
        if key not in teacher:
            continue
        out[s["review__revision__submission__student_id"]].append(
            Point(
                when=s["review__revision__created_at"],
                label=f"{s['review__revision__submission__assignment__title'][:10]} "
                f"r{s['review__revision__number']}",
                criterion_id=s["criterion_id"],
                criterion=s["criterion__title"],
                self_scaled=s["scaled"],
                teacher_scaled=teacher[key],
            )
        )
    for points in out.values():
        points.sort(key=lambda p: (p.when, p.criterion_id))
    return out


def _chart(chart_id: str, title: str, points: list[Point]) -> str:
    labels = []
    for p in points:
        if p.label not in labels:
            labels.append(p.label)
    by_crit: dict[int, dict[str, float]] = defaultdict(dict)
    names = {}
    for p in points:
        by_crit[p.criterion_id][p.label] = p.gap
        names[p.criterion_id] = p.criterion
    series = [
        Series(names[cid], [values.get(label) for label in labels])
        for cid, values in by_crit.items()
    ]
    return gap_chart(chart_id, title, labels, series)


@dataclass
class StudentCalibration:
    points: list[Point]
    svg: str

    @property
    def mean_gap(self) -> float | None:
        if not self.points:
            return None
        return round(sum(p.gap for p in self.points) / len(self.points), 2)


def for_student(classroom, student) -> StudentCalibration:
    points = _points(classroom, student).get(student.pk, [])
    svg = (
        _chart("cal-me", "My self-assessment compared with my teacher's", points) if points else ""
    )
    return StudentCalibration(points, svg)


@dataclass
class ClassRow:
    student: object
    pairs: int
    mean_gap: float | None

    @property
    def reading(self) -> str:
        if self.mean_gap is None:
            return "No pairs of scores yet"
        if self.mean_gap > 0.15:
            return "Rates own work higher than the teacher"
        if self.mean_gap < -0.15:
            return "Rates own work lower than the teacher"
        return "Close to the teacher"


@dataclass
class ClassCalibration:
    rows: list[ClassRow]
    averages: list[tuple[str, str, float, int]]  # (label, criterion, mean gap, n)
    svg: str


def for_class(classroom) -> ClassCalibration:
    """Per student: mean gap; per assignment revision and criterion: the class's mean gap."""
    points = _points(classroom)
    students = roster_queries.active_students(classroom)
    rows = []
    for s in students:
        mine = points.get(s.pk, [])
        mean = round(sum(p.gap for p in mine) / len(mine), 2) if mine else None
        rows.append(ClassRow(s, len(mine), mean))
    # Class averages by assignment (not by revision number, which differs per student).
    buckets: dict[tuple[str, int], list[float]] = defaultdict(list)
    when: dict[str, object] = {}
    crit_names = {}
    for plist in points.values():
        for p in plist:
            label = p.label.rsplit(" r", 1)[0]
            buckets[(label, p.criterion_id)].append(p.gap)
            when[label] = min(when.get(label, p.when), p.when)
            crit_names[p.criterion_id] = p.criterion
    averages = [
        (label, crit_names[cid], round(sum(v) / len(v), 2), len(v))
        for (label, cid), v in sorted(buckets.items(), key=lambda kv: (when[kv[0][0]], kv[0][1]))
    ]
    svg = ""
    if averages:
        avg_points = [
            Point(when[label], label, cid, crit_names[cid], gap, 0.0)
            for (label, cid), v in buckets.items()
            for gap in [round(sum(v) / len(v), 2)]
        ]
        avg_points.sort(key=lambda p: (p.when, p.criterion_id))
        svg = _chart("cal-class", "Class average gap between self and teacher", avg_points)
    return ClassCalibration(rows, averages, svg)
