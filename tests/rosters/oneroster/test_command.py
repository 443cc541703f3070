"""`trellis import-roster`: output, dry run, exit status, the simple CSV and the progress bar."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from trellis.accounts.models import User
from trellis.rosters.management.commands.import_roster import ProgressBar

pytestmark = pytest.mark.django_db

DEMO = Path(__file__).resolve().parents[3] / "docs/examples"


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_roster", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_dry_run_then_import_then_nothing_changed():
    out, _ = run(str(DEMO / "oneroster-demo.zip"), "--dry-run")
    assert "Dry run" in out and "would be created" in out
    assert not User.objects.exists()
    out, err = run(str(DEMO / "oneroster-demo.zip"))
    assert "people" in out and "created" in out
    assert "\r" not in err  # no progress bar when stdout is not a terminal
    out, _ = run(str(DEMO / "oneroster-demo"))  # the unpacked folder is the same set
    assert "0 created, 0 updated, 0 deactivated — nothing changed" in out


def test_problems_go_to_stderr_and_the_exit_status_is_not_zero(tmp_path):
    from .sets import RosterSetBuilder

    roster = RosterSetBuilder(tmp_path)
    roster.set("users.csv", "cr-student-00001", "enabledUser", "yes")
    err = io.StringIO()
    with pytest.raises(CommandError) as e:
        call_command("import_roster", str(roster.folder()), stdout=io.StringIO(), stderr=err)
    assert e.value.returncode == 2
    assert "users.csv, line 7, column enabledUser" in err.getvalue()
    assert "nothing was written" in str(e.value)


def test_school_option(tmp_path):
    out, _ = run(str(DEMO / "oneroster-demo.zip"), "--school", "cedar-ridge-hs")
    assert "created" in out
    with pytest.raises(CommandError):
        run(str(DEMO / "oneroster-demo.zip"), "--school", "nowhere")


def test_simple_csv_needs_a_teacher(world, tmp_path):
    path = tmp_path / "class.csv"
    path.write_text("name,email,role,class\nA B,ab@maple.example,student,Art\n")
    with pytest.raises(CommandError, match="--teacher"):
        run(str(path))
    out, _ = run(str(path), "--teacher", "teacher")
    assert "1 created" in out or "created" in out
    assert User.objects.filter(email="ab@maple.example").exists()


def test_progress_bar_draws_on_its_stream():
    stream = io.StringIO()
    bar = ProgressBar(stream, width=10)
    bar("Reading", 5, 10)
    bar("Writing", 10, 10)
    bar.close()
    text = stream.getvalue()
    assert "[#####-----]  50%" in text and "[##########] 100%" in text and text.endswith("\n")
