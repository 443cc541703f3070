"""The batch command for researchers and benchmarks: fit BKT params, predict answers.

    python -m trellis.grr.cli fit TRAIN.csv --out model.json [--forgets] [--restarts N] [--seed S]
    python -m trellis.grr.cli predict TEST.csv --model model.json --out predictions.csv

(``trellis readiness ...`` calls :func:`main` with the same arguments.) Bad input exits with
status 2 and one line on stderr naming the file, line and column; no traceback.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

import numpy as np

from trellis.grr import bkt
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
    pred = sub.add_parser("predict", help="predict each answer before it is seen")
    pred.add_argument("test", type=Path, help="CSV with user_id, skill_name, correct[, order_id]")
    pred.add_argument("--model", type=Path, required=True, help="model JSON from 'fit'")
    pred.add_argument("--out", type=Path, required=True, help="predictions CSV to write")
    return parser


def _fit(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    log = read_log(args.train)
    order = log.time_order
    fitted = bkt.fit_codes(
        log.users[order],
        log.skills[order],
        log.correct[order],
        len(log.skill_names),
        forgets=args.forgets,
        restarts=args.restarts,
        seed=args.seed,
        max_iter=args.max_iter,
        tol=args.tol,
    )
    params = dict(zip(log.skill_names, fitted, strict=True))
    save_model(args.out, params, forgets=args.forgets, restarts=args.restarts, seed=args.seed)
    n_default = sum(p.is_default for p in fitted)
    print(
        f"fitted {len(fitted)} skill(s) ({n_default} on default params) from {len(log)} rows "
        f"of {log.n_users} students in {time.perf_counter() - started:.1f} s -> {args.out}"
    )
    return 0


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
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the batch command; returns the process exit status (0 ok, 2 bad input)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed its usage message
        return int(exc.code or 0)
    try:
        return _fit(args) if args.command == "fit" else _predict(args)
    except GRRError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {exc.filename or ''}: {exc.strerror}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
