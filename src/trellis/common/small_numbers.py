"""The small-numbers rule: no figure drawn from fewer than 10 students is shown to anyone who
reads aggregates (leaders, teams, API clients), and a hidden figure cannot be worked back from
the figures shown beside it.

Two rules, used everywhere such a figure is computed:

- **The group rule** (`protect_group`): every figure about a group (a class, the answers to a
  pulse) is hidden when the group counts fewer than ``THRESHOLD`` students. All the figures of
  that group go together: a class's team count would otherwise tell roughly how many students
  it has.
- **Complementary suppression** (`protect_row`): in a row of counts of students with a total
  (a breakdown and its sum), a hidden cell could be recovered as the total minus the shown
  cells. So once one cell is hidden, the smallest shown cells are hidden too until the hidden
  cells together stand for at least ``THRESHOLD`` students and there are at least two of them;
  when that is impossible the total is hidden as well.
- **Groups beside a pooled total** (`protect_groups`): when several groups (the classes of a
  teacher team) are shown next to their pooled figures, the groups' sizes are the row: a group
  under ``THRESHOLD`` is hidden, and complementary suppression hides a second group (or the
  pooled figures) so the hidden one cannot be worked back from the total.

Anonymous answers shown to the class's own teacher (pulse results and comments) have their own,
lower floor, ``ANONYMOUS_MINIMUM``: with fewer answers a teacher could tell who wrote what.

A hidden figure is shown as the words ``HIDDEN`` ("fewer than 10 students"), never a bare dash,
so a reader knows why it is missing.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

THRESHOLD = 10
HIDDEN = f"fewer than {THRESHOLD} students"
ANONYMOUS_MINIMUM = 5


def is_small(students: int | None) -> bool:
    """True when a figure drawn from this many students must not be shown."""
    return students is not None and students < THRESHOLD


@dataclass(frozen=True)
class Figure:
    """A figure as it may be shown: its value, or hidden (then `value` is None)."""

    value: Any
    hidden: bool = False

    def __str__(self) -> str:
        return HIDDEN if self.hidden else str(self.value)


def protect_group(figures: Mapping[str, Any], students: int | None) -> dict[str, Figure]:
    """Every figure about one group of `students`, hidden together when the group is small."""
    hide = is_small(students)
    return {k: Figure(None, True) if hide else Figure(v) for k, v in figures.items()}


def protect_row(
    cells: Mapping[Hashable, int], total: int | None = None
) -> tuple[dict[Hashable, Figure], Figure | None]:
    """Primary and complementary suppression of one row of student counts and its total.

    Primary: a cell under THRESHOLD is hidden. Complementary: when a cell is hidden and the
    total is shown, more cells (smallest first) are hidden until at least two are hidden and
    they sum to THRESHOLD or more; if the shown cells run out first, the total is hidden too.
    A total under THRESHOLD is itself a figure drawn from too few students and is hidden.
    """
    hidden = {k for k, n in cells.items() if n < THRESHOLD}
    total_hidden = total is not None and total < THRESHOLD
    if hidden and total is not None and not total_hidden:
        shown = sorted((n, i, k) for i, (k, n) in enumerate(cells.items()) if k not in hidden)

        def safe() -> bool:
            return len(hidden) >= 2 and sum(cells[k] for k in hidden) >= THRESHOLD

        while not safe() and shown:
            hidden.add(shown.pop(0)[2])
        if not safe():
            total_hidden = True
    out = {k: Figure(None, True) if k in hidden else Figure(n) for k, n in cells.items()}
    if total is None:
        return out, None
    return out, Figure(None, True) if total_hidden else Figure(total)


@dataclass(frozen=True)
class GroupSuppression:
    """Which groups of a pooled table are hidden, and whether the pooled figures are."""

    hidden: frozenset
    total_hidden: bool

    def is_hidden(self, key: Hashable) -> bool:
        return key in self.hidden


def protect_groups(students: Mapping[Hashable, int]) -> GroupSuppression:
    """The group rule and complementary suppression for groups shown beside their pooled total.

    ``students`` is each group's number of students. Every figure of a hidden group is hidden;
    the pooled figures (drawn from all the groups) are hidden when `total_hidden`.
    """
    cells, total = protect_row(dict(students), sum(students.values()))
    hidden = frozenset(k for k, f in cells.items() if f.hidden)
    return GroupSuppression(hidden, bool(total and total.hidden))
