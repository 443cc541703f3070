"""Held-out check with many small targets: pooled fit against fixed defaults, independent fits
and pyBKT (which fits every skill, however small).

    .venv/bin/python bench/grr/pooling.py [--small 150] [--big 15] [--seed 0] [--forgets]
        [--no-pybkt]

165 targets drawn from one population (synthetic.population_params): 150 with 3-24 students
and 15 with 300, each student 5-14 opportunities. 30% of the students (per target) are held
out; AUC and expected calibration error of p_correct on their rows, for the small targets and
for all. ``--forgets`` draws targets that forget and fits every model with forgetting (the
issue's held-out goal is stated with forgetting). pyBKT runs in /tmp/pybkt-venv
(bench/grr/setup_pybkt.sh) on the same CSV files.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from trellis.grr import bkt, synthetic
from trellis.grr.calibration import auc, expected_calibration_error

HERE = Path(__file__).resolve().parent


def write(path: Path, data, rows) -> None:
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["order_id", "user_id", "skill_name", "correct"])
        for i in rows:
            w.writerow([i, f"u{data.students[i]}", f"skill{data.skills[i]}", data.correct[i]])


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--small", type=int, default=150)
    p.add_argument("--big", type=int, default=15)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--no-pybkt", action="store_true")
    p.add_argument("--forgets", action="store_true", help="targets forget; fit with forgetting")
    p.add_argument(
        "--pybkt-python", default=os.environ.get("PYBKT_PYTHON", "/tmp/pybkt-venv/bin/python")
    )
    args = p.parse_args()
    rng = np.random.default_rng(args.seed)
    K = args.small + args.big
    true = synthetic.population_params(K, forgets=args.forgets, seed=args.seed + 1)
    sizes = np.concatenate([rng.integers(3, 25, args.small), np.full(args.big, 300)])
    seq_skill = np.repeat(np.arange(K), sizes)
    lengths = rng.integers(5, 15, len(seq_skill))
    data = synthetic.simulate_sequences(true, seq_skill, lengths, seed=args.seed + 2)
    test = (rng.random(len(seq_skill)) < 0.3)[data.students]
    train_rows, test_rows = np.flatnonzero(~test), np.flatnonzero(test)
    codes = (data.students[train_rows], data.skills[train_rows], data.correct[train_rows], K)
    from trellis.grr.bkt.em import warm_up

    print(
        f"kernel load (once per process, not in the fit times): {warm_up():.2f} s", file=sys.stderr
    )
    fits, seconds = {}, {}
    f = args.forgets
    for name, run in (
        ("trellis pooled", lambda: bkt.fit_pooled_codes(*codes, seed=0, forgets=f)[0]),
        (
            "trellis independent",
            lambda: bkt.fit_codes(*codes, min_students=1, min_opportunities=1, forgets=f),
        ),
        ("trellis fixed defaults", lambda: bkt.fit_codes(*codes, forgets=f)),
        ("true params", lambda: true),
    ):
        started = time.perf_counter()
        fits[name] = run()
        seconds[name] = time.perf_counter() - started
    y = data.correct[test_rows].astype(float)
    scores = {
        name: bkt.forward_codes(data.students[test_rows], data.skills[test_rows], y, params)[0]
        for name, params in fits.items()
    }
    if not args.no_pybkt:
        with tempfile.TemporaryDirectory() as d:
            train, held, pred = Path(d) / "train.csv", Path(d) / "test.csv", Path(d) / "pred.csv"
            write(train, data, train_rows)
            write(held, data, test_rows)
            cmd = [args.pybkt_python, str(HERE / "pybkt_runner.py"), str(train), str(held)]
            proc = subprocess.run(
                [*cmd, str(pred), str(int(f)), str(args.seed)],
                capture_output=True,
                text=True,
                check=True,
            )
            out = json.loads(proc.stdout.strip().splitlines()[-1])
            seconds["pyBKT 1.4.3"] = out["fit_seconds"]
            with pred.open() as f:
                by_order = {
                    int(r["order_id"]): float(r["correct_predictions"]) for r in csv.DictReader(f)
                }
            scores["pyBKT 1.4.3"] = np.array([by_order[i] for i in test_rows])
    small = data.skills[test_rows] < args.small
    print("| fit | AUC small targets | ECE small targets | AUC all | ECE all | fit time |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, score in scores.items():
        print(
            f"| {name} | {auc(y[small], score[small]):.4f} | "
            f"{expected_calibration_error(y[small], score[small]):.4f} | {auc(y, score):.4f} | "
            f"{expected_calibration_error(y, score):.4f} | {seconds[name]:.2f} s |"
        )
    print(
        f"({len(train_rows)} training rows, {len(test_rows)} held-out rows, "
        f"{int(small.sum())} of them on small targets; load average {os.getloadavg()[0]:.1f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
