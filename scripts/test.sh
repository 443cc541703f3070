#!/usr/bin/env bash
# The whole suite: lint, architecture contracts, pytest on SQLite, then on PostgreSQL.
# In CI (CI=true) PostgreSQL and Chromium are required; locally a missing one is reported.
# Each pytest run is spread over the cores by pytest-xdist: PYTEST_WORKERS=auto (one worker
# per core) unless set; PYTEST_WORKERS=0 runs in one process. Each worker has its own test
# database, live server port and Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
# Let Python and pytest keep compiled modules (and rewritten test modules) between the two
# runs and across workers: some machines set PYTHONDONTWRITEBYTECODE, which makes every worker
# compile and rewrite every module again.
unset PYTHONDONTWRITEBYTECODE
WORKERS="${PYTEST_WORKERS:-auto}"
# loadfile: a module's tests run on one worker, so tests/demo/test_demo.py builds the demo
# school once (a package-scoped fixture) instead of once per worker, and a module's rows built
# once (tests/shared_rows.py) are built once. --no-loadscope-reorder keeps the order
# tests/conftest.py gives (the long browser and subprocess modules first): xdist's own order
# (most tests first) would start them last and leave one worker idle at the end.
XDIST=(-n "$WORKERS" --dist loadfile --no-loadscope-reorder)

echo "== ruff (lint + format)"
$BIN/ruff check .
$BIN/ruff format --check .

echo "== import-linter"
$BIN/lint-imports

echo "== pytest on SQLite"
env -u DATABASE_URL $BIN/pytest "${XDIST[@]}" "$@"

PG_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/trellis}"
if $BIN/python - "$PG_URL" <<'PY'
# Reachable? Then make sure the named database exists: Django connects to it to create the
# test database, and falls back to "postgres" with a warning (an error here) when it is missing.
import sys, psycopg, dj_database_url
cfg = dj_database_url.parse(sys.argv[1])
try:
    conn = psycopg.connect(host=cfg["HOST"], port=cfg["PORT"] or 5432, user=cfg["USER"],
                           password=cfg["PASSWORD"] or None, dbname="postgres",
                           connect_timeout=3, autocommit=True)
except Exception as exc:
    print(f"PostgreSQL is not reachable at {sys.argv[1]}: {exc}", file=sys.stderr)
    sys.exit(1)
with conn:
    if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]]).fetchone():
        conn.execute(f'CREATE DATABASE "{cfg["NAME"]}"')
PY
then
  echo "== pytest on PostgreSQL ($PG_URL)"
  echo "   (the tests that cannot depend on the database ran above; the summary counts them)"
  DATABASE_URL="$PG_URL" TRELLIS_DATABASE_TESTS_ONLY=1 $BIN/pytest "${XDIST[@]}" "$@"
elif [ "${CI:-}" = "true" ]; then
  echo "FAIL: CI requires PostgreSQL at $PG_URL. Start it with:" >&2
  echo "  pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start" >&2
  exit 1
else
  echo "NOTE: PostgreSQL suite NOT run (not reachable at $PG_URL); CI requires it."
fi
