"""Backups of the whole database and the uploaded files, and restoring them.

A backup is a folder: ``database.sqlite3`` (SQLite's online backup API, safe while Trellis
runs) or ``database.dump`` (``pg_dump`` custom format), ``media/`` (a copy of the uploaded
files) and ``manifest.json`` (format, database engine, and the SHA-256 of every file).
Restore checks every checksum first and refuses a damaged or incomplete backup before it
touches anything.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"


class BackupError(Exception):
    """A backup cannot be made or restored; the message says why and what to do."""


def _engine() -> str:
    return "sqlite" if connection.vendor == "sqlite" else connection.vendor


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _pg_args(name: str | None = None) -> tuple[list[str], dict]:
    s = connection.settings_dict
    args = ["--host", s.get("HOST") or "127.0.0.1", "--port", str(s.get("PORT") or 5432)]
    if s.get("USER"):
        args += ["--username", s["USER"]]
    env = {**os.environ, "PGPASSWORD": s.get("PASSWORD") or ""}
    return [*args, "--dbname", name or s["NAME"]], env


def _run(cmd: list[str], env: dict) -> None:
    tool = cmd[0]
    if shutil.which(tool) is None:
        raise BackupError(f"{tool} is not installed; install the PostgreSQL client tools.")
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{tool} failed: {done.stderr.strip()[:500]}")


def backup(out: Path) -> dict:
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise BackupError(f"{out} is not empty; give a new folder so no backup is overwritten.")
    out.mkdir(parents=True, exist_ok=True)
    engine = _engine()
    if engine == "sqlite":
        db = out / "database.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(db)
        with target:
            connection.connection.backup(target)
        target.close()
    elif engine == "postgresql":
        args, env = _pg_args()
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--file",
                str(out / "database.dump"),
                *args,
            ],
            env,
        )
    else:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {engine}.")
    media = Path(settings.MEDIA_ROOT)
    if media.exists():
        shutil.copytree(media, out / "media")
    else:
        (out / "media").mkdir()
    files = {
        p.relative_to(out).as_posix(): _sha256(p)
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != MANIFEST
    }
    manifest = {
        "format": FORMAT,
        "engine": engine,
        "created_at": timezone.now().isoformat(),
        "files": files,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return manifest


def verify(folder: Path) -> dict:
    """The manifest, if every file is there and unchanged; otherwise a BackupError."""
    folder = Path(folder)
    where = f"The backup in {folder}"
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
        files = manifest["files"]
    except FileNotFoundError:
        raise BackupError(f"{where} has no {MANIFEST}; it is not a Trellis backup.") from None
    except (ValueError, KeyError, TypeError):
        raise BackupError(f"{where} is damaged: {MANIFEST} cannot be read.") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{where} has format {manifest.get('format')}; expected {FORMAT}.")
    for rel, digest in files.items():
        path = folder / rel
        if not path.is_file():
            raise BackupError(f"{where} is damaged: {rel} is missing. Nothing was restored.")
        if _sha256(path) != digest:
            raise BackupError(
                f"{where} is damaged: {rel} does not match its checksum. Nothing was restored; "
                "use another backup."
            )
    listed = set(files) | {MANIFEST}
    extra = [
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and p.relative_to(folder).as_posix() not in listed
    ]
    if extra:
        raise BackupError(
            f"{where} holds files its manifest does not list ({', '.join(sorted(extra)[:3])}); "
            "it was changed after it was made. Nothing was restored."
        )
    return manifest


def restore(folder: Path, *, database: str | None = None, media: Path | None = None) -> dict:
    """Put the database and the uploaded files back as they were in the backup.

    A restore drill points `database` (PostgreSQL: another, existing database) and `media`
    (another folder) elsewhere, so the running school is not touched."""
    folder = Path(folder)
    manifest = verify(folder)
    engine = _engine()
    if manifest["engine"] != engine:
        raise BackupError(
            f"This backup is of a {manifest['engine']} database; Trellis now runs on {engine}. "
            "Restore it with the same database it was made from."
        )
    if engine == "sqlite":
        source = sqlite3.connect(folder / "database.sqlite3")
        connection.ensure_connection()
        with source:
            source.backup(connection.connection)
        source.close()
    else:
        args, env = _pg_args(database)
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                *args,
                str(folder / "database.dump"),
            ],
            env,
        )
    media = Path(media or settings.MEDIA_ROOT)
    if media.exists():
        shutil.rmtree(media)
    shutil.copytree(folder / "media", media)
    return manifest
