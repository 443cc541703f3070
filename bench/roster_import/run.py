"""Time and peak memory of a large OneRoster import, first and unchanged second run.

    .venv/bin/python bench/roster_import/run.py                       # SQLite, fresh temp db
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/trellis_bench \
        .venv/bin/python bench/roster_import/run.py                   # PostgreSQL (db is reset)

Generates 10,000 users, 400 classes and 12,000 enrollments (OneRoster 1.2, bulk) with
trellis.rosters.oneroster.generate, imports it twice in a fresh database and prints the
wall time and peak resident memory of each run (measured in a child process per run, so
the second run's peak is its own).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def child(zip_path: str) -> None:
    import resource

    import django

    django.setup()
    from trellis.rosters.oneroster.importer import Options, import_set

    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    report = import_set(zip_path, Options())
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    peak_kb = after.ru_maxrss
    print(
        json.dumps(
            {
                "seconds": round(elapsed, 2),
                "cpu_seconds": round(cpu, 2),
                "peak_mb": round(peak_kb / 1024, 1),
                "summary": report.summary(),
                "problems": [str(p) for p in report.problems[:5]],
            }
        )
    )


def fresh_postgres_database(url: str) -> None:
    """Drop and create the database the URL names: every run starts empty."""
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    with psycopg.connect(
        host=cfg["HOST"],
        port=cfg["PORT"] or 5432,
        user=cfg["USER"],
        password=cfg["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{cfg["NAME"]}"')
        conn.execute(f'CREATE DATABASE "{cfg["NAME"]}"')


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--classes", type=int, default=400)
    parser.add_argument("--enrollments", type=int, default=12_000)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return 0
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="trellis.settings.base")
    with tempfile.TemporaryDirectory() as tmp:
        env.setdefault("TRELLIS_DATA_DIR", tmp)
        zip_path = Path(tmp) / "bench.zip"
        py = sys.executable
        subprocess.run(
            [
                py,
                "-m",
                "trellis.rosters.oneroster.generate",
                "bench",
                str(zip_path),
                "--users",
                str(args.users),
                "--classes",
                str(args.classes),
                "--enrollments",
                str(args.enrollments),
            ],
            check=True,
            env=env,
        )
        if "DATABASE_URL" in env:
            fresh_postgres_database(env["DATABASE_URL"])
        subprocess.run([py, "-m", "trellis.cli", "migrate", "-v0"], env=env, check=True)
        db = env.get("DATABASE_URL", "SQLite").split("@")[-1]
        print(f"database: {db}; set: {zip_path.stat().st_size / 1e6:.1f} MB zipped")
        results = []
        for label in ("first import", "second import (unchanged)"):
            out = (
                subprocess.run(
                    [py, __file__, "--child", str(zip_path)],
                    env=env,
                    check=True,
                    capture_output=True,
                    text=True,
                )
                .stdout.strip()
                .splitlines()[-1]
            )
            result = json.loads(out)
            results.append(result)
            print(
                f"{label:<28} {result['seconds']:>7.2f} s wall, {result['cpu_seconds']:>6.2f} s "
                f"CPU (Python), peak {result['peak_mb']:>6.1f} MB  {result['summary']}"
            )
            for p in result["problems"]:
                print("   problem:", p)
        first, second = results
        print(
            f"second / first: wall {second['seconds'] / first['seconds']:.2f}, "
            f"CPU {second['cpu_seconds'] / first['cpu_seconds']:.2f}"
        )
        print(f"load average while running: {os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
