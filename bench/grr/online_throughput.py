"""Online update throughput and memory for a mastery table of 100,000 students x 50 targets.

.venv/bin/python bench/grr/online_throughput.py
"""

from __future__ import annotations

import resource
import time

import numpy as np

from trellis.grr import MasteryTable, synthetic

N_STUDENTS, N_TARGETS = 100_000, 50


def main() -> None:
    params = synthetic.random_params(N_TARGETS, seed=1)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    table = MasteryTable(N_STUDENTS, params, dtype=np.float32)
    rng = np.random.default_rng(0)

    n_single = 200_000
    s = rng.integers(0, N_STUDENTS, n_single).tolist()
    t = rng.integers(0, N_TARGETS, n_single).tolist()
    y = rng.integers(0, 2, n_single).tolist()
    started = time.perf_counter()
    for i in range(n_single):
        table.update(s[i], t[i], y[i])
    single = n_single / (time.perf_counter() - started)

    n_batch = 5_000_000
    bs = rng.integers(0, N_STUDENTS, n_batch)
    bt = rng.integers(0, N_TARGETS, n_batch)
    by = rng.integers(0, 2, n_batch).astype(np.float64)
    started = time.perf_counter()
    for chunk in range(0, n_batch, 500_000):
        sl = slice(chunk, chunk + 500_000)
        table.update_batch(bs[sl], bt[sl], by[sl])
    batch = n_batch / (time.perf_counter() - started)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"table {N_STUDENTS} x {N_TARGETS} float32: {table.nbytes / 2**20:.1f} MiB")
    print(f"single-event O(1) path: {single:,.0f} events/s")
    print(f"vectorised batches of 500,000: {batch:,.0f} events/s")
    print(f"peak RSS {rss / 1024:.0f} MiB (before the table: {rss_before / 1024:.0f} MiB)")


if __name__ == "__main__":
    main()
