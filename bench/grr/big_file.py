"""Peak memory of the batch command on a 10-million-row response log.

    .venv/bin/python bench/grr/big_file.py --rows 10000000 [--dir /tmp/grr-big]

Writes the CSV (50,000 students x 20 skills x 10 opportunities by default), then runs
``python -m trellis.grr.cli fit`` and ``predict`` as child processes and reports each one's
wall time and peak RSS (ru_maxrss of that child, from wait4).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from trellis.grr import synthetic


def write_csv(path: Path, rows: int, skills: int, opportunities: int) -> None:
    students = rows // (skills * opportunities)
    params = synthetic.random_params(skills, seed=3)
    data = synthetic.simulate(params, students, opportunities, seed=4)
    with path.open("w") as f:
        f.write("order_id,user_id,skill_name,correct\n")
        step = 1_000_000
        for start in range(0, len(data.correct), step):
            sl = slice(start, start + step)
            idx = np.arange(start, min(start + step, len(data.correct)))
            lines = [
                f"{i},u{u},skill{k},{c}\n"
                for i, u, k, c in zip(
                    idx.tolist(),
                    data.students[sl].tolist(),
                    data.skills[sl].tolist(),
                    data.correct[sl].tolist(),
                    strict=True,
                )
            ]
            f.writelines(lines)


def run(cmd: list[str]) -> tuple[float, float]:
    """Wall time and this child's own peak RSS in MiB (wait4 reports it per child)."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{cmd} failed with {proc.returncode}")
    return time.perf_counter() - started, usage.ru_maxrss / 1024


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--rows", type=int, default=10_000_000)
    p.add_argument("--skills", type=int, default=20)
    p.add_argument("--opportunities", type=int, default=10)
    p.add_argument("--restarts", type=int, default=2)
    p.add_argument("--dir", type=Path, default=Path("/tmp/grr-big"))
    args = p.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    data = args.dir / "log.csv"
    if not data.exists():
        write_csv(data, args.rows, args.skills, args.opportunities)
    model, pred = args.dir / "model.json", args.dir / "pred.csv"
    cli = [sys.executable, "-m", "trellis.grr.cli"]
    fit_s, fit_rss = run(
        [*cli, "fit", str(data), "--out", str(model), "--restarts", str(args.restarts)]
    )
    print(f"fit: {fit_s:.0f} s, peak RSS {fit_rss:.0f} MiB")
    pred_s, pred_rss = run([*cli, "predict", str(data), "--model", str(model), "--out", str(pred)])
    print(f"predict: {pred_s:.0f} s, peak RSS {pred_rss:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
