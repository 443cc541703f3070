"""Two-way tables (groups × categories, with both totals): no hidden entry can be worked out
from the shown ones, checked by linear algebra on random tables, without a database."""

import random

from tests.recoverable import pinned_down
from trellis.common.small_numbers import POOLED, ROW_TOTAL, THRESHOLD, protect_table


def _entries(counts):
    rows = list(counts)
    cols = list(next(iter(counts.values())))
    return rows, cols


def _determined(counts, table) -> list:
    """Hidden entries that the table's sums pin down: the entry's unit vector lies in the row
    space of the sum equations restricted to the hidden entries."""
    rows, cols = _entries(counts)
    all_rows, all_cols = [*rows, POOLED], [*cols, ROW_TOTAL]
    hidden = [(r, c) for r in all_rows for c in all_cols if table.figure(r, c).hidden]
    return pinned_down(hidden, rows, cols, total_row=POOLED, total_col=ROW_TOTAL)


def _check(counts):
    table = protect_table(counts)
    rows, cols = _entries(counts)
    for (r, c), f in table.cells.items():
        if not f.hidden:
            assert f.value >= THRESHOLD, (r, c, f)
    assert _determined(counts, table) == []
    # A line with a shown total: its hidden cells add up to THRESHOLD or more.
    for r in [*rows, POOLED]:
        hid = [table.figure(r, c) for c in cols if table.figure(r, c).hidden]
        if hid and not table.figure(r, ROW_TOTAL).hidden:
            assert len(hid) >= 2
    return table


def test_a_small_class_is_hidden_whole_and_cannot_be_worked_back_from_the_pooled_row():
    counts = {
        "A": {"m": 12, "g": 14},
        "B": {"m": 15, "g": 11},
        "C": {"m": 3, "g": 4},  # a class of 7
    }
    t = _check(counts)
    assert all(t.figure("C", c).hidden for c in ("m", "g", ROW_TOTAL))
    # C's row is hidden; a second class (or the pooled row) hides with it.
    assert any(t.figure(r, "m").hidden for r in ("A", "B", POOLED))


def test_big_cells_all_shown_when_nothing_is_small():
    t = _check({"A": {"m": 12, "g": 14}, "B": {"m": 15, "g": 11}})
    assert not t.any_hidden
    assert t.figure(POOLED, ROW_TOTAL).value == 52
    assert t.figure(POOLED, "m").value == 27


def test_random_tables_never_leak_a_hidden_entry():
    rng = random.Random(18)
    for _ in range(300):
        n_rows, n_cols = rng.randint(1, 5), rng.randint(2, 5)
        counts = {
            f"r{i}": {f"c{j}": rng.choice([0, 1, 3, 8, 9, 10, 12, 20, 35]) for j in range(n_cols)}
            for i in range(n_rows)
        }
        _check(counts)
