"""Parameter recovery and a side-by-side with pyBKT 1.4.3 on the same synthetic CSV files.

    .venv/bin/python bench/grr/compare.py [--students 2000] [--skills 10] [--opportunities 20]
        [--repeat 3] [--workers N] [--case short|long] [--baseline-src DIR]

``--case long`` mixes short and very long sequences, as real logs have: per skill ``--students``
/ 10 students with 5-60 opportunities and 10 students with 500-1,200. ``--baseline-src`` times
another checkout's trellis (e.g. ``git archive <commit> src | tar -x -C /tmp/old``) on the same
training file in a subprocess of this interpreter, alternating with the others.

Needs bench/grr/setup_pybkt.sh to have been run (pyBKT lives in /tmp/pybkt-venv). Train on 80%
of the students, report fit time and AUC of p_correct on the held-out 20%, with and without
forgetting; MAE of each parameter against the generating ones; E-steps run by each library
(summed over skills and restarts) and CPU seconds of all their threads. Each fit is repeated
``--repeat`` times, trellis and pyBKT alternating so both see the same machine load, and the
median is reported (every time is in the JSON). The fitted params are the same on every repeat
(both are seeded).
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
PARAMS = ("prior", "learn", "guess", "slip", "forget")


def write(path: Path, data: synthetic.SyntheticSet, rows: np.ndarray) -> None:
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["order_id", "user_id", "skill_name", "correct"])
        for i in rows:
            w.writerow([i, f"u{data.students[i]}", f"skill{data.skills[i]}", data.correct[i]])


def mae(true, fitted_by_skill) -> dict[str, float]:
    return {
        n: float(np.mean([abs(getattr(t, n) - fitted_by_skill[k][n]) for k, t in enumerate(true)]))
        for n in PARAMS
    }


def run_pybkt(args, train: Path, test: Path, tmp: Path, forgets: bool) -> dict:
    """pyBKT in its own venv, same files; returns the runner's JSON."""
    pred = tmp / f"pybkt_pred_{int(forgets)}.csv"
    proc = subprocess.run(
        [
            args.pybkt_python,
            str(HERE / "pybkt_runner.py"),
            str(train),
            str(test),
            str(pred),
            "1" if forgets else "0",
            str(args.seed),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


BASELINE = """
import json, sys, time
from trellis.grr import bkt
from trellis.grr.dataset import read_log
log = read_log(sys.argv[1])
o = log.time_order
started, cpu = time.perf_counter(), time.process_time()
bkt.fit_codes(log.users[o], log.skills[o], log.correct[o], len(log.skill_names),
              forgets=sys.argv[2] == "1", restarts=5, seed=int(sys.argv[3]))
print(json.dumps({"fit_seconds": time.perf_counter() - started,
                  "cpu_seconds": time.process_time() - cpu}))
"""


def run_baseline(args, train: Path, forgets: bool) -> dict:
    env = {**os.environ, "PYTHONPATH": args.baseline_src}
    cmd = [sys.executable, "-c", BASELINE, str(train), "1" if forgets else "0", str(args.seed)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def make_data(args, forgets: bool):
    true = synthetic.random_params(args.skills, forgets=forgets, seed=args.seed)
    if args.case == "short":
        data = synthetic.simulate(true, args.students, args.opportunities, seed=args.seed + 1)
        return true, data, args.students
    rng = np.random.default_rng(args.seed + 3)
    short, long = max(args.students // 10, 1), 10
    seq_skill = np.repeat(np.arange(args.skills), short + long)
    lengths = np.concatenate(
        [np.r_[rng.integers(5, 61, short), rng.integers(500, 1201, long)] for _ in true]
    )
    data = synthetic.simulate_sequences(true, seq_skill, lengths, seed=args.seed + 1)
    return true, data, len(seq_skill)


def run(args, forgets: bool, tmp: Path) -> dict:
    true, data, n_students = make_data(args, forgets)
    rng = np.random.default_rng(args.seed + 2)
    test_students = rng.permutation(n_students)[: n_students // 5]
    is_test = np.isin(data.students, test_students)
    train_rows, test_rows = np.flatnonzero(~is_test), np.flatnonzero(is_test)
    train, test = tmp / f"train_{int(forgets)}.csv", tmp / f"test_{int(forgets)}.csv"
    write(train, data, train_rows)
    write(test, data, test_rows)

    # trellis: the batch command's own code path, timed around the fit only.
    from trellis.grr.dataset import read_log

    log = read_log(train)
    o = log.time_order
    y = data.correct[test_rows]
    from trellis.grr.bkt.em import warm_up

    print(
        f"kernel load (once per process, not in the fit times): {warm_up():.2f} s", file=sys.stderr
    )
    ours_times, theirs_times, ours_cpu, theirs_cpu = [], [], [], []
    base_times, base_cpu = [], []
    pooled_times, pooled_cpu = [], []
    for _ in range(args.repeat):
        if args.baseline_src:
            base = run_baseline(args, train, forgets)
            base_times.append(base["fit_seconds"])
            base_cpu.append(base["cpu_seconds"])
        started, cpu_started = time.perf_counter(), time.process_time()
        # _fit_codes is fit_codes plus the E-step counts; the same code path.
        fitted, e_steps = bkt._fit_codes(
            log.users[o],
            log.skills[o],
            log.correct[o],
            len(log.skill_names),
            forgets=forgets,
            restarts=5,
            seed=args.seed,
            max_iter=100,
            tol=1e-3,
            workers=args.workers,
        )
        ours_times.append(time.perf_counter() - started)
        ours_cpu.append(time.process_time() - cpu_started)
        started, cpu_started = time.perf_counter(), time.process_time()
        pooled, _ = bkt.fit_pooled_codes(
            log.users[o],
            log.skills[o],
            log.correct[o],
            len(log.skill_names),
            forgets=forgets,
            restarts=5,
            seed=args.seed,
            workers=args.workers,
        )
        pooled_times.append(time.perf_counter() - started)
        pooled_cpu.append(time.process_time() - cpu_started)
        out = run_pybkt(args, train, test, tmp, forgets)
        theirs_times.append(out["fit_seconds"])
        theirs_cpu.append(out["cpu_seconds"])
    by_name = dict(zip(log.skill_names, fitted, strict=True))
    ours_params = [by_name[f"skill{k}"].to_dict() for k in range(args.skills)]
    pc, _ = bkt.forward_codes(
        data.students[test_rows],
        data.skills[test_rows],
        y,
        [by_name[f"skill{k}"] for k in range(args.skills)],
    )
    pooled_by_name = dict(zip(log.skill_names, pooled, strict=True))
    pooled_pc, _ = bkt.forward_codes(
        data.students[test_rows],
        data.skills[test_rows],
        y,
        [pooled_by_name[f"skill{k}"] for k in range(args.skills)],
    )
    ours = {
        "pooled_fit_seconds": float(np.median(pooled_times)),
        "pooled_cpu_seconds": float(np.median(pooled_cpu)),
        "pooled_auc": auc(y, pooled_pc),
        "pooled_ece": expected_calibration_error(y, pooled_pc),
        "ece": expected_calibration_error(y, pc),
        "fit_seconds": float(np.median(ours_times)),
        "fit_seconds_all": ours_times,
        "cpu_seconds": float(np.median(ours_cpu)),
        "e_steps": int(e_steps.sum()),
        "auc": auc(y, pc),
        "mae": mae(true, ours_params),
    }
    pred = tmp / f"pybkt_pred_{int(forgets)}.csv"
    with pred.open() as f:
        preds = {int(r["order_id"]): float(r["correct_predictions"]) for r in csv.DictReader(f)}
    pb_score = np.array([preds[i] for i in test_rows])
    pb_params = [out["params"][f"skill{k}"] for k in range(args.skills)]
    theirs = {
        "fit_seconds": float(np.median(theirs_times)),
        "fit_seconds_all": theirs_times,
        "cpu_seconds": float(np.median(theirs_cpu)),
        "e_steps": out["e_steps"],
        "auc": auc(y, pb_score),
        "ece": expected_calibration_error(y, pb_score),
        "mae": mae(true, pb_params),
    }
    baseline = (
        {
            "fit_seconds": float(np.median(base_times)),
            "fit_seconds_all": base_times,
            "cpu_seconds": float(np.median(base_cpu)),
        }
        if base_times
        else None
    )
    return {
        "case": args.case,
        "baseline": baseline,
        "forgets": forgets,
        "train_rows": len(train_rows),
        "test_rows": len(test_rows),
        "trellis": ours,
        "pybkt": theirs,
    }


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--students", type=int, default=2000)
    p.add_argument("--skills", type=int, default=10)
    p.add_argument("--opportunities", type=int, default=20)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--repeat", type=int, default=3, help="fits per library; median is reported")
    p.add_argument("--workers", type=int, default=None, help="trellis threads (default: cores)")
    p.add_argument("--case", choices=("short", "long"), default="short")
    p.add_argument("--baseline-src", default=None, help="src/ of another trellis to time too")
    p.add_argument(
        "--pybkt-python", default=os.environ.get("PYBKT_PYTHON", "/tmp/pybkt-venv/bin/python")
    )
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as d:
        results = [run(args, f, Path(d)) for f in (False, True)]
    print(json.dumps(results, indent=2))
    for r in results:
        t, b = r["trellis"], r["pybkt"]
        print(
            f"forgets={r['forgets']!s:5} trellis fit {t['fit_seconds']:.2f}s AUC {t['auc']:.4f} "
            f"E-steps {t['e_steps']} | pyBKT fit {b['fit_seconds']:.2f}s AUC {b['auc']:.4f} "
            f"E-steps {b['e_steps']} (median of {len(t['fit_seconds_all'])}; CPU s "
            f"trellis {t['cpu_seconds']:.2f} pyBKT {b['cpu_seconds']:.2f}; "
            f"load average {os.getloadavg()[0]:.1f})",
            file=sys.stderr,
        )
        print(
            f"  trellis pooled fit {t['pooled_fit_seconds']:.2f}s (CPU s "
            f"{t['pooled_cpu_seconds']:.2f}) AUC {t['pooled_auc']:.4f}; ECE trellis "
            f"{t['ece']:.4f} pooled {t['pooled_ece']:.4f} pyBKT {b['ece']:.4f}",
            file=sys.stderr,
        )
        if r["baseline"]:
            print(
                f"  baseline trellis fit {r['baseline']['fit_seconds']:.2f}s "
                f"(CPU s {r['baseline']['cpu_seconds']:.2f})",
                file=sys.stderr,
            )
        for name in PARAMS:
            print(
                f"  MAE {name:6} trellis {t['mae'][name]:.4f}  pyBKT {b['mae'][name]:.4f}",
                file=sys.stderr,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
