"""Which hidden entries of a two-way table with totals its shown figures pin down (the test of
complementary suppression, `trellis.common.small_numbers`), by linear algebra."""

import numpy as np


def pinned_down(hidden, rows, cols, *, total_row, total_col) -> list:
    """`hidden`: the (row, col) entries not shown. `rows` and `cols` are the data rows and
    columns; `total_row` sums the data rows, `total_col` the columns. An entry is pinned down
    when its unit vector lies in the row space of the sum equations restricted to the hidden
    entries."""
    if not hidden:
        return []
    index = {e: k for k, e in enumerate(hidden)}
    equations = []
    for r in [*rows, total_row]:  # a row's cells minus its total
        eq = np.zeros(len(hidden))
        for c in cols:
            if (r, c) in index:
                eq[index[(r, c)]] += 1
        if (r, total_col) in index:
            eq[index[(r, total_col)]] -= 1
        equations.append(eq)
    for c in [*cols, total_col]:  # a column over the rows minus the total row's
        eq = np.zeros(len(hidden))
        for r in rows:
            if (r, c) in index:
                eq[index[(r, c)]] += 1
        if (total_row, c) in index:
            eq[index[(total_row, c)]] -= 1
        equations.append(eq)
    a = np.array(equations)
    rank = np.linalg.matrix_rank(a)
    out = []
    for e, k in index.items():
        unit = np.zeros(len(hidden))
        unit[k] = 1
        if np.linalg.matrix_rank(np.vstack([a, unit])) == rank:
            out.append(e)
    return out
