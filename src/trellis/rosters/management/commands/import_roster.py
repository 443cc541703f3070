"""`trellis import-roster PATH [--dry-run] [--school SOURCEDID]`: a OneRoster set, or a
teacher's simple CSV with `--teacher USERNAME`.

PATH may be the set's folder, its .zip, or a drop folder where the information system leaves
a .zip every night (the newest is read), so the nightly sync is one cron line. Each run that
writes, or is refused, is kept with its report and shown on the admin's import page.
"""

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from trellis.accounts.models import User
from trellis.rosters.oneroster.actions import sync_roster
from trellis.rosters.oneroster.report import Report
from trellis.rosters.oneroster.simple import import_simple_csv


class ProgressBar:
    """A one-line bar on stderr, redrawn at most ten times a second; only on a terminal."""

    def __init__(self, stream, width: int = 30):
        self.stream = stream
        self.width = width
        self.last = 0.0
        self.shown = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < 0.1 and done < total:
            return
        self.last = now
        fraction = min(1.0, done / total) if total else 1.0
        filled = int(self.width * fraction)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r{stage:<8} [{bar}] {fraction:4.0%}")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()


class Command(BaseCommand):
    help = (
        "Import a OneRoster 1.1 or 1.2 CSV set (a folder or a .zip) from the school's "
        "information system; or, with --teacher, a simple CSV (name,email,role,class)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="folder or .zip of a OneRoster set, or a simple .csv")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check everything and say what would change, without writing anything",
        )
        parser.add_argument(
            "--school", metavar="SOURCEDID", help="import only this school (its org sourcedId)"
        )
        parser.add_argument(
            "--background",
            action="store_true",
            help="queue the import for the background worker (trellis worker) and return",
        )
        parser.add_argument(
            "--teacher",
            metavar="USERNAME",
            help="for a simple CSV: the teacher who imports it and teaches its classes",
        )

    def handle(self, path, dry_run, school, teacher, background=False, **options):
        if background:
            if dry_run or teacher or path.lower().endswith(".csv"):
                raise CommandError(
                    "--background queues a OneRoster sync; run dry runs and simple CSVs directly."
                )
            from trellis.rosters.oneroster.jobs import queue_sync

            run = queue_sync(str(Path(path).resolve()), school)
            self.stdout.write(
                f"Queued as job {run.pk}; a `trellis worker` runs it. Its report appears on "
                "the admin's import page."
            )
            return
        if path.lower().endswith(".csv"):
            report = self._simple(path, teacher, dry_run)
        else:
            if teacher:
                raise CommandError("--teacher goes with a simple .csv file, not a OneRoster set.")
            bar = ProgressBar(sys.stderr) if self.stdout.isatty() else None
            try:
                report, _ = sync_roster(path, school=school, dry_run=dry_run, progress=bar)
            finally:
                if bar:
                    bar.close()
        self._print(report)
        if not report.ok:
            raise CommandError(report.summary(), returncode=2)

    def _simple(self, path, teacher, dry_run) -> Report:
        if not teacher:
            raise CommandError(
                "A simple CSV needs --teacher USERNAME: the teacher whose classes these are."
            )
        user = User.objects.filter(username=teacher, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user named “{teacher}”.")
        with open(path, "rb") as f:
            return import_simple_csv(user, f, dry_run=dry_run)

    def _print(self, report: Report) -> None:
        write = self.stdout.write
        if report.version:
            files = ", ".join(f"{name} ({mode})" for name, mode in report.files.items())
            write(f"OneRoster {report.version}: {files}")
        if report.dry_run:
            write("Dry run: nothing is written.")
        rows = report.rows()
        if rows:
            verb = "would be " if report.dry_run else ""
            heads = f"{verb + 'created':>12}{'updated':>10}{'deactivated':>13}{'unchanged':>11}"
            write(f"\n{'':<18}{heads}")
            for r in rows:
                write(
                    f"{r['kind']:<18}{r['created']:>12}{r['updated']:>10}"
                    f"{r['deactivated']:>13}{r['unchanged']:>11}"
                )
        totals = report.file_totals()
        if totals:
            write(
                "\nEvery row, by file (created/updated/unchanged/deactivated/used/ignored/problem):"
            )
            for t in totals:
                parts = "/".join(
                    str(t[o])
                    for o in (
                        "created",
                        "updated",
                        "unchanged",
                        "deactivated",
                        "used",
                        "ignored",
                        "rejected",
                    )
                )
                write(f"  {t['file']:<22}{t['rows']:>7} rows: {parts}")
        if report.missing:
            missing = ", ".join(f"{n} {kind}" for kind, n in report.missing.items())
            write(f"\nDeactivated because a bulk file left them out: {missing}")
        if report.ignored or report.ignored_files:
            write("\nIgnored:")
            for reason, count in report.ignored_list:
                write(f"  {count:>6}  {reason}")
            for name in report.ignored_files:
                write(f"  {name} (Trellis does not use this file)")
        for note in report.notes:
            write(f"\nNote: {note}")
        for warning in report.warnings:
            write(f"\nWarning: {warning}")
        if report.problems:
            self.stderr.write(f"\n{len(report.problems)} problem(s):")
            for p in report.problems:
                self.stderr.write(f"  - {p}")
        write("\n" + report.summary())
