"""Pooled results of a common check-in across a team's classes, with small numbers hidden.

Every figure of a class drawn from fewer than 10 students is hidden ("fewer than 10
students"), and complementary suppression (``protect_groups``) hides a second class, or the
team's figures, so that a hidden class cannot be worked back from the team total. No student
is ever named here: teachers read each other's classes only in aggregate."""

from dataclasses import dataclass, field

from trellis.checkins import queries as checkin_queries
from trellis.common.small_numbers import (
    HIDDEN,
    POOLED,
    ROW_TOTAL,
    Figure,
    protect_groups,
    protect_row,
    protect_table,
)

from ..models import TeacherTeam
from .teams import class_labels, team_classes


@dataclass
class Cell:
    """One class's (or the team's) figure for one question."""

    hidden: bool
    answered: int = 0
    right: int = 0

    @property
    def share(self) -> int | None:
        return (
            round(100 * self.right / self.answered) if self.answered and not self.hidden else None
        )

    def __str__(self) -> str:
        if self.hidden:
            return HIDDEN
        if not self.answered:
            return "no answers"
        return f"{self.share}% right ({self.right} of {self.answered})"


@dataclass
class PooledRow:
    position: int
    prompt: str
    cells: list[Cell]  # in the order of `PooledResults.classes`
    team: Cell
    misconceptions: list[tuple[str, Figure]] = field(default_factory=list)
    version_note: str = ""


@dataclass
class PooledClass:
    id: int
    name: str
    hidden: bool
    students: Figure


@dataclass
class PooledResults:
    checkin: object
    classes: list[PooledClass]
    rows: list[PooledRow]
    team_students: Figure
    n_hidden: int
    total_hidden: bool
    complementary: bool  # a class of 10 or more was hidden to protect a small one


def pooled_results(team: TeacherTeam, checkin, viewer=None) -> PooledResults:
    """Per question: each class and the team. A fixed number of queries (classes, then the
    check-in's items, versions and answers). A class of another school than the `viewer`'s
    (a network team's) is labelled "<school>, class n", never by its name."""
    classes = list(team_classes(team))
    counts = checkin_queries.pooled_counts(checkin, [c.pk for c in classes])
    ran = [c for c in classes if c.pk in counts.classes]
    labels = class_labels(ran, team, viewer)
    sizes = {c.pk: len(counts.classes[c.pk].students) for c in ran}
    rule = protect_groups(sizes)
    out_classes = [
        PooledClass(
            c.pk,
            labels[c.pk],
            rule.is_hidden(c.pk),
            Figure(None, True) if rule.is_hidden(c.pk) else Figure(sizes[c.pk]),
        )
        for c in ran
    ]
    rows = []
    for q in counts.questions:
        cells = []
        team_answered = team_right = 0
        versions: dict[str, set] = {}
        for c in ran:
            cc = counts.classes[c.pk]
            answered, right = cc.answered[q.question_id], cc.right[q.question_id]
            team_answered += answered
            team_right += right
            cells.append(Cell(rule.is_hidden(c.pk), answered, right))
            if cc.versions.get(q.question_id):
                versions[labels[c.pk]] = cc.versions[q.question_id]
        team_cell = Cell(rule.total_hidden, team_answered, team_right)
        mis: dict[str, int] = {}
        for c in ran:
            for text, n in counts.classes[c.pk].misconceptions[q.question_id].items():
                mis[text] = mis.get(text, 0) + n
        shown_mis = []
        if mis and not rule.total_hidden:
            # The team's wrong answers (answered − right, both shown) are the row's total: a
            # hidden count must not be that total minus the counts shown beside it.
            figures, wrong = protect_row(mis, team_answered - team_right)
            if wrong is not None and wrong.hidden:
                figures = {t: Figure(None, True) for t in mis}
            shown_mis = sorted(
                ((t, figures[t]) for t in mis), key=lambda tf: (-(mis[tf[0]]), tf[0])
            )
        note = ""
        if len({frozenset(v) for v in versions.values()}) > 1 or any(
            len(v) > 1 for v in versions.values()
        ):
            note = (
                "Edited between classes: "
                + "; ".join(
                    f"{name} answered version {', '.join(str(n) for n in sorted(v))}"
                    for name, v in versions.items()
                )
                + ". Each class's figures use the version its students saw."
            )
        rows.append(PooledRow(q.position, q.prompt, cells, team_cell, shown_mis, note))
    total = sum(sizes.values())
    n_hidden = len(rule.hidden)
    small = sum(1 for n in sizes.values() if n < 10)
    return PooledResults(
        checkin=checkin,
        classes=out_classes,
        rows=rows,
        team_students=Figure(None, True) if rule.total_hidden else Figure(total),
        n_hidden=n_hidden,
        total_hidden=rule.total_hidden,
        complementary=n_hidden > small,
    )


# ---------------------------------------------------------------- distributions (two-way tables)


@dataclass
class DistributionRow:
    label: str
    cells: list[Figure]  # in the order of `Distribution.columns`
    total: Figure


@dataclass
class Distribution:
    """How many students in each category (a phase, a rubric level), per class and pooled,
    suppressed as a two-way table (`small_numbers.protect_table`)."""

    columns: list[str]
    rows: list[DistributionRow]
    pooled: DistributionRow
    any_hidden: bool


def distribution(
    columns: list[tuple[object, str]], per_class: list[tuple[object, str, dict]]
) -> Distribution:
    """`columns`: (key, heading); `per_class`: (class key, class name, {column key: count})."""
    keys = [k for k, _ in columns]
    table = protect_table({ck: {k: counts.get(k, 0) for k in keys} for ck, _, counts in per_class})
    rows = [
        DistributionRow(
            name,
            [table.figure(ck, k) for k in keys],
            table.figure(ck, ROW_TOTAL),
        )
        for ck, name, _ in per_class
    ]
    if per_class:
        pooled = DistributionRow(
            "Team", [table.figure(POOLED, k) for k in keys], table.figure(POOLED, ROW_TOTAL)
        )
    else:
        pooled = DistributionRow("Team", [Figure(0) for _ in keys], Figure(0))
    return Distribution(
        [h for _, h in columns], rows, pooled, table.any_hidden if per_class else False
    )
