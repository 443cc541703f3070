"""Backup and restore: a round trip brings back every row of every table and every file, on
SQLite and on PostgreSQL; a damaged backup is refused before anything changes.

On PostgreSQL the restore goes into a scratch database made for the test, so the test
database the other tests use is never dropped or replaced."""

import json
from datetime import UTC, datetime

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from trellis.evidence import actions as evidence
from trellis.privacy.backup import BackupError, restore, verify
from trellis.rosters.models import Classroom

pytestmark = pytest.mark.django_db(transaction=True)


def _value(v):
    # Two connections may name UTC differently; compare the instant, not the tzinfo object.
    return v.astimezone(UTC).isoformat() if isinstance(v, datetime) and v.tzinfo else repr(v)


def _tables(cursor, names) -> dict:
    out = {}
    for table in names:
        cursor.execute(f'SELECT * FROM "{table}"')
        out[table] = sorted(repr([_value(v) for v in row]) for row in cursor.fetchall())
    return out


def _pg(dbname):
    s = connection.settings_dict
    return psycopg.connect(
        dbname=dbname, host=s["HOST"] or "127.0.0.1", port=s["PORT"] or 5432, user=s["USER"]
    )


def _snapshot() -> dict:
    names = connection.introspection.table_names()
    if connection.vendor == "sqlite":
        with connection.cursor() as c:
            return _tables(c, names)
    # The same client on both sides of the comparison (Django's cursor decodes JSON itself).
    with _pg(connection.settings_dict["NAME"]) as conn:
        return _tables(conn.cursor(), names)


def _files(root) -> dict:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _some_work(world, media):
    (media / "work" / "abc").mkdir(parents=True)
    (media / "work" / "abc" / "essay.txt").write_text("An essay about fractions")
    evidence.record(
        actor=world.student,
        verb="answered",
        object_type="task-step",
        object_id=1,
        classroom=world.klass,
        result={"success": True},
    )


def _erase_a_class(world, media):
    Classroom.objects.filter(pk=world.klass.pk).delete()
    (media / "work" / "abc" / "essay.txt").unlink()


def test_round_trip_on_this_database(world, media, tmp_path):
    _some_work(world, media)
    before, files = _snapshot(), _files(media)
    out = tmp_path / "backup"
    call_command("backup", "--out", str(out))
    manifest = json.loads((out / "manifest.json").read_text())
    assert "media/work/abc/essay.txt" in manifest["files"]
    _erase_a_class(world, media)
    assert _snapshot() != before
    if connection.vendor == "sqlite":
        call_command("restore", str(out))
        assert _snapshot() == before
        assert _files(media) == files
        return
    # PostgreSQL: restore into a scratch database and compare it table by table.
    scratch = f"{connection.settings_dict['NAME']}_scratch"
    with _pg("postgres") as admin:
        admin.autocommit = True
        admin.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        admin.execute(f'CREATE DATABASE "{scratch}"')
    try:
        call_command("restore", str(out), "--database", scratch)
        with _pg(scratch) as restored:
            assert _tables(restored.cursor(), before) == before
        assert _files(media) == files
    finally:
        with _pg("postgres") as admin:
            admin.autocommit = True
            admin.execute(f'DROP DATABASE IF EXISTS "{scratch}"')


def test_a_damaged_backup_is_refused_before_anything_changes(world, media, tmp_path):
    _some_work(world, media)
    out = tmp_path / "backup"
    call_command("backup", "--out", str(out))
    before = _snapshot()
    (out / "media/work/abc/essay.txt").write_text("tampered")
    with pytest.raises(BackupError, match=r"media/work/abc/essay\.txt does not match its checksum"):
        restore(out)
    with pytest.raises(Exception, match="Nothing was restored"):
        call_command("restore", str(out))
    (out / "media/work/abc/essay.txt").unlink()
    with pytest.raises(BackupError, match=r"essay\.txt is missing"):
        verify(out)
    (out / "manifest.json").unlink()
    with pytest.raises(BackupError, match="not a Trellis backup"):
        verify(out)
    assert _snapshot() == before
    with pytest.raises(Exception, match="not empty"):
        call_command("backup", "--out", str(out))
