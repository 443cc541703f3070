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


# ---------------------------------------------------------------- tables with both totals

ROW_TOTAL = "__row_total__"  # the key of a row's total in `TableSuppression.cells`
POOLED = "__pooled__"  # the key of the pooled row (the column totals)


@dataclass(frozen=True)
class TableSuppression:
    """A table of student counts (groups × categories) with each group's total, the pooled row
    (each category over every group) and the grand total, as it may be shown."""

    cells: dict  # (row, column) -> Figure; rows include POOLED, columns include ROW_TOTAL

    def figure(self, row: Hashable, column: Hashable) -> Figure:
        return self.cells[(row, column)]

    @property
    def any_hidden(self) -> bool:
        return any(f.hidden for f in self.cells.values())


def _bridges(hidden: set, lines_of) -> list:
    """Hidden entries that a reader could work out from the table's sums: the entries that are
    bridges of the graph whose nodes are the table's lines (rows and columns) and whose edges
    are the hidden entries. An entry on a cycle of hidden entries has at least one degree of
    freedom; a bridge has none."""
    edges = {e: lines_of(e) for e in hidden}
    out = []
    for e, (a, b) in edges.items():
        adj: dict = {}
        for f, (x, y) in edges.items():
            if f != e:
                adj.setdefault(x, []).append(y)
                adj.setdefault(y, []).append(x)
        seen, todo = {a}, [a]
        while todo:
            for nxt in adj.get(todo.pop(), []):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        if b not in seen:
            out.append(e)
    return out


def protect_table(counts: Mapping[Hashable, Mapping[Hashable, int]]) -> TableSuppression:
    """Primary and complementary suppression of a two-way table of student counts.

    ``counts`` maps each group (a class) to its counts per category (a phase, a rubric level);
    every group must list the same categories. The shown table adds each group's total
    (column ``ROW_TOTAL``), the pooled row (``POOLED``: each category over all groups) and the
    grand total (``(POOLED, ROW_TOTAL)``). Every entry is a sum along its row and its column,
    so a reader can subtract in both directions. The rules:

    - primary: an entry under ``THRESHOLD`` students is hidden (a group under THRESHOLD hides
      its whole row, since each of its entries is smaller still);
    - in every row and every column, a lone hidden entry could be worked back from the others:
      the smallest shown entry of that line is hidden too;
    - where a line's total is shown, its hidden cells together must stand for at least
      THRESHOLD students (their sum is known), else the next smallest entry is hidden;
    - finally, an entry that the sums of several lines together pin down (a *bridge* of the
      hidden entries, see `_bridges`) gets a companion hidden until none is left.

    Rows and columns are small (a team's classes × a handful of categories), so the plain
    search below is cheap."""
    rows = list(counts)
    cols: list = []
    for r in rows:
        for c in counts[r]:
            if c not in cols:
                cols.append(c)
    value: dict = {}
    for r in rows:
        for c in cols:
            value[(r, c)] = int(counts[r].get(c, 0))
        value[(r, ROW_TOTAL)] = sum(value[(r, c)] for c in cols)
    for c in cols:
        value[(POOLED, c)] = sum(value[(r, c)] for r in rows)
    value[(POOLED, ROW_TOTAL)] = sum(value[(r, ROW_TOTAL)] for r in rows)
    all_rows = [*rows, POOLED]
    all_cols = [*cols, ROW_TOTAL]
    # A line: its cells and its total. Rows (including the pooled row) and columns (including
    # the totals column).
    lines = [([(r, c) for c in cols], (r, ROW_TOTAL)) for r in all_rows] + [
        ([(r, c) for r in rows], (POOLED, c)) for c in all_cols
    ]
    hidden = {e for e, n in value.items() if n < THRESHOLD}

    def smallest_shown(entries):
        shown = [e for e in entries if e not in hidden]
        return min(shown, key=lambda e: (value[e], all_rows.index(e[0]), all_cols.index(e[1])))

    def line_fix() -> bool:
        for cells, total in lines:
            entries = [*cells, total]
            h = [e for e in entries if e in hidden]
            if not h:
                continue
            hidden_cells = [e for e in cells if e in hidden]
            weak = len(h) == 1 or (
                total not in hidden and sum(value[e] for e in hidden_cells) < THRESHOLD
            )
            if weak:
                # Hide a further cell first; the total only when no cell is left.
                if any(e not in hidden for e in cells):
                    hidden.add(smallest_shown(cells))
                else:
                    hidden.add(total)
                return True
        return False

    def line_key(entry):
        r, c = entry
        return (("row", r), ("col", c))

    while True:
        if line_fix():
            continue
        bridges = _bridges(hidden, line_key)
        if not bridges:
            break
        r, c = bridges[0]
        row_entries = [(r, x) for x in all_cols]
        col_entries = [(x, c) for x in all_rows]
        candidates = [e for e in row_entries + col_entries if e not in hidden]
        if not candidates:  # the row and the column are hidden already: hide everything
            hidden.update(value)
            break
        hidden.add(smallest_shown(candidates))
    return TableSuppression(
        {e: Figure(None, True) if e in hidden else Figure(n) for e, n in value.items()}
    )
