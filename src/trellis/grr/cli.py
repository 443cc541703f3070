"""The batch command for researchers and benchmarks: fit BKT params, predict answers.

    python -m trellis.grr.cli fit TRAIN.csv --out model.json [--forgets] [--restarts N] [--seed S]
                                            [--independent]
    python -m trellis.grr.cli predict TEST.csv --model model.json --out predictions.csv [--report]
    python -m trellis.grr.cli simulate [--classes N] [--students N] [--seed S] [--json]

``fit`` is pooled (empirical Bayes) unless ``--independent`` asks for one fit per skill with
fixed defaults for thin skills. ``predict --report`` prints AUC, expected calibration error
and a reliability table. ``simulate`` runs synthetic classes through release policies.

(``trellis readiness ...`` calls :func:`main` with the same arguments.) Bad input exits with
status 2 and one line on stderr naming the file, line and column; no traceback.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

import numpy as np

from trellis.grr import bkt
from trellis.grr.calibration import auc, expected_calibration_error, reliability_table
from trellis.grr.dataset import iter_rows, load_model, read_log, save_model
from trellis.grr.errors import GRRError

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="trellis readiness",
        description="Fit Bayesian Knowledge Tracing params and predict answers (pyBKT CSVs).",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    fit = sub.add_parser("fit", help="fit params per skill from a response log")
    fit.add_argument("train", type=Path, help="CSV with user_id, skill_name, correct[, order_id]")
    fit.add_argument("--out", type=Path, required=True, help="model JSON to write")
    fit.add_argument("--forgets", action="store_true", help="also fit a forget rate")
    fit.add_argument("--restarts", type=int, default=5, help="random restarts (default 5)")
    fit.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    fit.add_argument("--max-iter", type=int, default=100, help="EM iterations (default 100)")
    fit.add_argument("--tol", type=float, default=1e-3, help="log-likelihood tolerance")
    fit.add_argument(
        "--independent",
        action="store_true",
        help="fit each skill on its own; skills with too little data keep fixed defaults",
    )
    pred = sub.add_parser("predict", help="predict each answer before it is seen")
    pred.add_argument("test", type=Path, help="CSV with user_id, skill_name, correct[, order_id]")
    pred.add_argument("--model", type=Path, required=True, help="model JSON from 'fit'")
    pred.add_argument("--out", type=Path, required=True, help="predictions CSV to write")
    pred.add_argument(
        "--report", action="store_true", help="print AUC, calibration error, reliability table"
    )
    sim = sub.add_parser("simulate", help="run synthetic classes through release policies")
    sim.add_argument("--classes", type=int, default=40, help="classes per run (default 40)")
    sim.add_argument("--students", type=int, default=25, help="students per class (default 25)")
    sim.add_argument("--items", type=int, default=40, help="items each student may answer")
    sim.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    sim.add_argument("--json", action="store_true", help="print the results as JSON")
    sim.add_argument(
        "--tune", action="store_true", help="search the thresholds grid (about a minute)"
    )
    return parser


def _fit(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    log = read_log(args.train)
    order = log.time_order
    common = {
        "forgets": args.forgets,
        "restarts": args.restarts,
        "seed": args.seed,
        "max_iter": args.max_iter,
        "tol": args.tol,
    }
    codes = (log.users[order], log.skills[order], log.correct[order], len(log.skill_names))
    defaults = bkt.DEFAULT_PARAMS
    if args.independent:
        fitted = bkt.fit_codes(*codes, **common)
        summary = f"{sum(p.is_default for p in fitted)} on default params"
    else:
        fitted, populations = bkt.fit_pooled_codes(*codes, **common)
        defaults = bkt.pooled.population_params(populations[None])
        thin = sum(p.n_students < bkt.MIN_STUDENTS_TO_FIT for p in fitted)
        summary = f"pooled; {thin} with under {bkt.MIN_STUDENTS_TO_FIT} students"
    params = dict(zip(log.skill_names, fitted, strict=True))
    save_model(
        args.out,
        params,
        forgets=args.forgets,
        restarts=args.restarts,
        seed=args.seed,
        defaults=defaults,
        pooled=not args.independent,
    )
    print(
        f"fitted {len(fitted)} skill(s) ({summary}) from {len(log)} rows "
        f"of {log.n_users} students in {time.perf_counter() - started:.1f} s -> {args.out}"
    )
    return 0


def _report(y: np.ndarray, p_correct: np.ndarray) -> None:
    """AUC, expected calibration error (10 bins) and the reliability table, on stdout."""
    print(
        f"AUC {auc(y, p_correct):.4f}, expected calibration error "
        f"{expected_calibration_error(y, p_correct):.4f} over {len(y)} answers"
    )
    print("predicted P(right)  answers  mean predicted  share right")
    for b in reliability_table(y, p_correct):
        if b.count:
            print(
                f"{b.low:.1f}-{b.high:.1f}{'':12}{b.count:>7}  {b.predicted:>14.3f}"
                f"  {b.observed:>11.3f}"
            )


def _predict(args: argparse.Namespace) -> int:
    skills, defaults = load_model(args.model)
    log = read_log(args.test)
    order = log.time_order
    chosen = [skills.get(name, defaults) for name in log.skill_names]
    p_correct_sorted, p_mastery_sorted = bkt.forward_codes(
        log.users[order], log.skills[order], log.correct[order], chosen
    )
    p_correct = np.empty_like(p_correct_sorted)
    p_mastery = np.empty_like(p_mastery_sorted)
    p_correct[order] = p_correct_sorted
    p_mastery[order] = p_mastery_sorted
    del p_correct_sorted, p_mastery_sorted
    unseen = sum(name not in skills for name in log.skill_names)
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        rows = iter_rows(args.test)
        writer.writerow([*next(rows), "p_correct", "p_mastery"])
        for i, row in enumerate(rows):
            writer.writerow([*row, f"{p_correct[i]:.6f}", f"{p_mastery[i]:.6f}"])
    print(
        f"predicted {len(log)} rows ({unseen} skill(s) unseen in training used the defaults)"
        f" -> {args.out}"
    )
    if args.report:
        _report(log.correct.astype(np.float64), p_correct)
    return 0


def _simulate(args: argparse.Namespace) -> int:
    from trellis.grr import simulate

    if args.tune:
        rows = simulate.tune(class_size=args.students, max_items=args.items, seed=args.seed)
        print(simulate.format_table([result for _, result in rows]))
        return 0
    results = simulate.compare_policies(
        n_classes=args.classes, class_size=args.students, max_items=args.items, seed=args.seed
    )
    if args.json:
        print(json.dumps([r.to_dict() for r in results], indent=2))
    else:
        print(simulate.format_table(results))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the batch command; returns the process exit status (0 ok, 2 bad input)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed its usage message
        return int(exc.code or 0)
    try:
        commands = {"fit": _fit, "predict": _predict, "simulate": _simulate}
        return commands[args.command](args)
    except GRRError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {exc.filename or ''}: {exc.strerror}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
