"""The migrations, proven on every backend the suite runs: the test databases are built from
the models (pytest-django's --no-migrations, set in pyproject.toml: migrating a database per
worker and per backend cost more than a minute of the suite), so this test is what keeps the
migrations honest. In a fresh database of the same backend, in a process of its own (where
migrations are not switched off), it checks that the migrations describe the models exactly
(`makemigrations --check`), applies every one of them (the data migrations included), and
compares the schema they build, table by table, with the one built from the models. (On
SQLite the migrations were applied to an empty file by `trellis migrate`, once per run, in
tests/migrated.py.)"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
IGNORED_TABLES = {"django_migrations"}
# Django's own difference, not ours: auth's migration builds its group-permission table's key
# with the project's DEFAULT_AUTO_FIELD (bigint on PostgreSQL) where auth's model says
# AutoField (integer); the migration state's apps do not know auth's default_auto_field. The
# column holds the same ids either way (SQLite has one integer type: no difference there).
DJANGO_OWN = {("auth_group_permissions", "id")}


def describe(connection) -> dict:
    """Every table's columns (type, nullable) and constraints (what they hold, not their
    names, which SQLite leaves unnamed when a table is created whole)."""
    intro = connection.introspection
    schema = {}
    with connection.cursor() as cursor:
        for table in sorted(set(intro.table_names(cursor)) - IGNORED_TABLES):
            columns = {
                c.name: [str(c.type_code), bool(c.null_ok)]
                for c in intro.get_table_description(cursor, table)
            }
            constraints = sorted(
                json.dumps(
                    {
                        "columns": list(c["columns"] or []),
                        "kind": [
                            bool(c.get(k)) for k in ("primary_key", "unique", "check", "index")
                        ],
                        "foreign_key": list(c["foreign_key"] or []),
                    }
                )
                for c in intro.get_constraints(cursor, table).values()
            )
            schema[table] = {"columns": columns, "constraints": constraints}
    return schema


def _migrate_and_describe() -> None:
    """Run in the child process: check, migrate, print the schema as JSON on the last line."""
    import django
    from django.core.management import call_command

    django.setup()
    from django.db import connection

    call_command("makemigrations", check=True, dry_run=True, verbosity=0)
    call_command("migrate", interactive=False, verbosity=0)  # all of them, or none left (SQLite)
    print(json.dumps(describe(connection)))


def _fresh_database(request, connection):
    """An environment naming a database of the test database's backend that only migrations
    have built, and a function that drops it. On SQLite it is a copy of the run's migrated
    data dir (tests/migrated.py: `trellis migrate` on an empty file, once per run), so the
    migrations are applied once for this test and the commands' tests together; on PostgreSQL
    an empty database, which the child process migrates."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env["DJANGO_SETTINGS_MODULE"] = "trellis.settings.test"
    if connection.vendor == "sqlite":
        env.pop("DATABASE_URL", None)
        env["TRELLIS_DATA_DIR"] = str(request.getfixturevalue("migrated_data_dir"))
        return env, lambda: None
    assert connection.vendor == "postgresql", connection.vendor
    import psycopg

    settings = connection.settings_dict
    name = f"{settings['NAME']}_migrated"
    server = {
        "host": settings["HOST"] or "127.0.0.1",
        "port": settings["PORT"] or 5432,
        "user": settings["USER"],
        "password": settings["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }

    def drop():
        with psycopg.connect(**server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')

    drop()
    with psycopg.connect(**server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    user = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
    env["DATABASE_URL"] = f"postgres://{user}@{server['host']}:{server['port']}/{name}"
    return env, drop


@pytest.mark.django_db
def test_the_migrations_build_exactly_the_schema_of_the_models(request):
    from django.db import connection

    env, drop = _fresh_database(request, connection)
    try:
        out = subprocess.run(
            [sys.executable, "-c", f"import {__name__} as m; m._migrate_and_describe()"],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:
        drop()
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    migrated = json.loads(out.stdout.strip().splitlines()[-1])
    from_models = describe(connection)
    assert len(from_models) > 50, sorted(from_models)  # the models' tables, not an empty list
    assert sorted(migrated) == sorted(from_models), "the migrations build other tables"
    differences = [
        difference
        for table, built in from_models.items()
        for difference in _differences(table, migrated[table], built)
    ]
    assert not differences, "\n".join(differences)


def _differences(table, migrated, built):
    """One line per column or constraint the migrations build otherwise than the models."""
    for name in sorted(set(migrated["columns"]) | set(built["columns"])):
        ours, theirs = migrated["columns"].get(name), built["columns"].get(name)
        if ours != theirs and (table, name) not in DJANGO_OWN:
            yield f"{table}.{name}: migrations {ours}, models {theirs}"
    for constraint in sorted(set(migrated["constraints"]) ^ set(built["constraints"])):
        where = (
            "only the migrations" if constraint in migrated["constraints"] else "only the models"
        )
        yield f"{table} constraint built by {where}: {constraint}"
