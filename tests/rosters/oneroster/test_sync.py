"""The nightly sync: `trellis import-roster DROP-FOLDER` from cron reads the newest set, and
its report is kept and shown on the admin's import page."""

import io
import os
import time

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from trellis.accounts.models import School
from trellis.audit.models import AuditEntry
from trellis.rosters.models import RosterRun
from trellis.rosters.oneroster.report import Problem

pytestmark = pytest.mark.django_db


def sync(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_roster", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def drop(roster, folder, name, age=0):
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_bytes(roster.zip_bytes())
    stamp = time.time() - age
    os.utime(path, (stamp, stamp))
    return path


def test_the_newest_zip_of_a_drop_folder_is_imported_and_kept(roster, tmp_path):
    folder = tmp_path / "drop"
    roster.set("classes.csv", "cr-class-0001", "title", "Old title")
    drop(roster, folder, "monday.zip", age=86400)
    roster.set("classes.csv", "cr-class-0001", "title", "New title")
    drop(roster, folder, "tuesday.zip")
    out, _ = sync(str(folder), "--school", "cedar-ridge-hs")
    assert "Read the newest set in the drop folder: tuesday.zip" in out
    run = RosterRun.objects.get()
    school = School.objects.get(sourced_id="cedar-ridge-hs")
    assert run.ok and run.school == school and run.trigger == "command"
    assert run.source == str(folder)
    kinds = {k["kind"]: k for k in run.changes["kinds"]}
    assert kinds["people"]["created"] == 12
    assert {f["file"] for f in run.changes["files"]} >= {"users.csv", "enrollments.csv"}
    entry = AuditEntry.objects.get(action="roster.sync")
    assert entry.actor is None and entry.actor_ref == "system:import-roster"
    assert entry.school == school and entry.target_list == [f"rosterrun:{run.pk}"]


def test_a_refused_sync_is_kept_with_its_problems_and_a_dry_run_is_not(roster, tmp_path):
    folder = tmp_path / "drop"
    drop(roster, folder, "good.zip", age=60)
    sync(str(folder))
    roster.set("users.csv", "cr-student-00001", "enabledUser", "maybe")
    drop(roster, folder, "bad.zip")
    with pytest.raises(CommandError):
        sync(str(folder), "--dry-run")
    assert RosterRun.objects.count() == 1
    with pytest.raises(CommandError):
        sync(str(folder))
    last = RosterRun.objects.first()
    assert not last.ok and last.problem_count == 1
    assert "enabledUser" in str(Problem.from_stored(last.problems[0]))
    assert AuditEntry.objects.filter(action="roster.sync").count() == 2


def test_an_empty_drop_folder_says_what_it_expected(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(CommandError):
        sync(str(tmp_path / "empty"))
    run = RosterRun.objects.get()
    assert "holds no manifest.csv and no .zip" in str(Problem.from_stored(run.problems[0]))
    assert run.school is None


def test_the_import_page_shows_the_last_run(client, roster, tmp_path, count_queries):
    folder = tmp_path / "drop"
    drop(roster, folder, "set.zip")
    sync(str(folder))
    school = School.objects.get(sourced_id="cedar-ridge-hs")
    from tests.factories import AdminFactory

    admin = AdminFactory(school=school)
    client.force_login(admin)
    html = client.get(reverse("rosters:import")).content.decode()
    assert "Last import: done" in html and "trellis import-roster (nightly sync)" in html
    assert "People: 12 created" in html
    roster.set("users.csv", "cr-student-00001", "enabledUser", "maybe")
    drop(roster, folder, "set.zip")
    with pytest.raises(CommandError):
        sync(str(folder))
    html = client.get(reverse("rosters:import")).content.decode()
    assert "Last import: refused" in html and "enabledUser" in html
    assert "Earlier imports" in html
    # Another school's admin sees none of it.
    other = AdminFactory()
    client.force_login(other)
    assert "Last import" not in client.get(reverse("rosters:import")).content.decode()
    # One query for the runs, however many there are.
    client.force_login(admin)
    small = count_queries(lambda: client.get(reverse("rosters:import")))
    for _ in range(6):
        with pytest.raises(CommandError):
            sync(str(folder))
    assert count_queries(lambda: client.get(reverse("rosters:import"))) == small


def test_the_sync_runs_as_a_background_job(roster, tmp_path):
    from trellis.common import jobs
    from trellis.common.models import JobRun

    folder = tmp_path / "drop"
    drop(roster, folder, "set.zip")
    out, _ = sync(str(folder), "--background", "--school", "cedar-ridge-hs")
    assert "Queued as job" in out
    assert not RosterRun.objects.exists()  # nothing ran in the command
    assert jobs.run_pending() == 1
    job = JobRun.objects.get()
    assert job.status == "done" and job.result["ok"] is True
    run = RosterRun.objects.get(pk=job.result["run"])
    assert run.trigger == "task" and run.school.sourced_id == "cedar-ridge-hs"
    # Run twice (a retry, a second delivery): the second import changes nothing.
    from trellis.rosters.oneroster.jobs import queue_sync

    queue_sync(str(folder), "cedar-ridge-hs")
    jobs.run_pending()
    assert "nothing changed" in RosterRun.objects.first().summary
