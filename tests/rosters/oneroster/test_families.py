"""Guardians and ages from a OneRoster set: `agentSourcedIds` in users.csv link guardians
(roles guardian, parent, relative) to their students through trellis.reflection, and a birth
date in demographics.csv gives the under-13 band. The sets are built in each test."""

from datetime import date

import pytest

from trellis.accounts.models import Role, User
from trellis.reflection import actions as reflection_actions
from trellis.reflection.models import GuardianLink, StudentAge
from trellis.reflection.permissions import is_guardian_of

from .sets import RosterSetBuilder

STUDENT, OTHER, GUARDIAN = "cr-student-00001", "cr-student-00002", "cr-guardian-00001"


def _line(roster, name, sid):
    return next(i for i, r in enumerate(roster.files[name]) if r[0] == sid) + 1


def _years_ago(years, days=0):
    today = date.today()
    born = today.replace(year=today.year - years)
    return date.fromordinal(born.toordinal() + days).isoformat()


@pytest.mark.parametrize("version", ["1.1", "1.2"])
def test_a_student_names_their_guardian_dry_run_then_import_then_again(db, tmp_path, version):
    roster = RosterSetBuilder(tmp_path, version=version)
    roster.set("users.csv", STUDENT, "agentSourcedIds", GUARDIAN)
    dry = roster.run(dry_run=True)
    assert dry.ok, dry.problems
    assert dry.created["family links"] == 1
    assert {r["kind"]: r["created"] for r in dry.rows()}["family links"] == 1
    assert GuardianLink.objects.count() == 0

    report = roster.run()
    assert report.ok, report.problems
    guardian = User.objects.get(sourced_id=GUARDIAN)
    student = User.objects.get(sourced_id=STUDENT)
    assert guardian.role == Role.GUARDIAN
    link = GuardianLink.objects.get()
    assert (link.guardian, link.student, link.source) == (guardian, student, "roster")
    assert is_guardian_of(guardian, student.pk)

    again = roster.run()
    assert again.ok and not again.created["family links"]
    assert again.unchanged["family links"] == 1
    assert GuardianLink.objects.count() == 1


def test_the_guardian_row_may_name_the_children_and_a_parent_role_counts(db, tmp_path):
    roster = RosterSetBuilder(tmp_path)
    roster.set("roles.csv", f"{GUARDIAN}-role", "role", "parent")
    roster.set("users.csv", GUARDIAN, "agentSourcedIds", f"{STUDENT},{OTHER}")
    # The student names the same guardian too: still one link.
    roster.set("users.csv", STUDENT, "agentSourcedIds", GUARDIAN)
    report = roster.run()
    assert report.ok, report.problems
    assert report.created["family links"] == 2
    children = GuardianLink.objects.filter(guardian__sourced_id=GUARDIAN)
    assert sorted(children.values_list("student__sourced_id", flat=True)) == [STUDENT, OTHER]


def test_an_unknown_agent_is_a_problem_with_file_line_column_and_nothing_is_written(db, tmp_path):
    roster = RosterSetBuilder(tmp_path)
    roster.set("users.csv", STUDENT, "agentSourcedIds", f"{GUARDIAN},nobody-42")
    report = roster.run()
    assert not report.ok
    (problem,) = report.problems
    assert (problem.file, problem.line, problem.column, problem.value) == (
        "users.csv",
        _line(roster, "users.csv", STUDENT),
        "agentSourcedIds",
        "nobody-42",
    )
    assert "Add the guardian" in problem.message
    assert GuardianLink.objects.count() == 0 and not User.objects.exists()


def test_agents_between_staff_and_students_are_ignored_not_linked(db, tmp_path):
    roster = RosterSetBuilder(tmp_path)
    roster.set("users.csv", STUDENT, "agentSourcedIds", "cr-staff-00003")
    report = roster.run()
    assert report.ok, report.problems
    assert report.ignored["agentSourcedIds that do not join a guardian and a student"] == 1
    assert GuardianLink.objects.count() == 0


def test_a_bulk_set_that_drops_the_pair_ends_the_roster_link_not_a_code_link(db, tmp_path):
    roster = RosterSetBuilder(tmp_path)
    roster.set("users.csv", STUDENT, "agentSourcedIds", GUARDIAN)
    assert roster.run().ok
    guardian = User.objects.get(sourced_id=GUARDIAN)
    other = User.objects.get(sourced_id=OTHER)
    reflection_actions.link_guardian(guardian, other, "code")
    roster.set("users.csv", STUDENT, "agentSourcedIds", "")
    dry = roster.run(dry_run=True)
    assert dry.deactivated["family links"] == 1
    assert GuardianLink.objects.filter(ended_at__isnull=True).count() == 2
    report = roster.run()
    assert report.ok and report.deactivated["family links"] == 1
    student = User.objects.get(sourced_id=STUDENT)
    assert not is_guardian_of(guardian, student.pk)
    assert is_guardian_of(guardian, other.pk)  # the family code's link stays
    # Listed again: the same link opens again.
    roster.set("users.csv", STUDENT, "agentSourcedIds", GUARDIAN)
    assert roster.run().created["family links"] == 1
    assert is_guardian_of(guardian, student.pk)
    assert GuardianLink.objects.count() == 2


def test_a_set_without_the_agents_column_ends_no_link(db, tmp_path):
    roster = RosterSetBuilder(tmp_path)
    roster.set("users.csv", STUDENT, "agentSourcedIds", GUARDIAN)
    assert roster.run().ok
    col = roster.col("users.csv", "agentSourcedIds")
    roster.files["users.csv"] = [r[:col] + r[col + 1 :] for r in roster.files["users.csv"]]
    report = roster.run()
    assert report.ok, report.problems
    assert not report.deactivated["family links"]
    assert GuardianLink.objects.get().ended_at is None


def _demographics(roster, *rows):
    roster.files["demographics.csv"] = [["sourcedId", "status", "dateLastModified", "birthDate"]]
    roster.files["demographics.csv"] += [[sid, "active", "", born] for sid, born in rows]
    roster.manifest("file.demographics", "bulk")


@pytest.mark.parametrize("version", ["1.1", "1.2"])
def test_birth_dates_give_the_under_13_band(db, tmp_path, version):
    roster = RosterSetBuilder(tmp_path, version=version)
    _demographics(
        roster,
        (STUDENT, _years_ago(13, days=1)),  # turns 13 tomorrow: still under 13
        (OTHER, _years_ago(13)),  # 13 today
        (GUARDIAN, "1980-05-01"),  # not a student: not used
        ("cr-student-00003", ""),
    )
    dry = roster.run(dry_run=True)
    assert dry.ok, dry.problems
    assert dry.created["ages"] == 2 and not StudentAge.objects.exists()
    report = roster.run()
    assert report.ok, report.problems
    bands = dict(StudentAge.objects.values_list("student__sourced_id", "under_13"))
    assert bands == {STUDENT: True, OTHER: False}
    assert set(StudentAge.objects.values_list("source", flat=True)) == {"roster"}
    assert report.ignored["demographics of staff and guardians"] == 1
    assert report.ignored["demographics without a birthDate"] == 1
    assert report.adds_up, report.file_totals()
    assert roster.run().unchanged["ages"] == 2


def test_a_birthday_falls_on_the_school_s_calendar_not_utc_s(db, tmp_path, settings, monkeypatch):
    """At 21:00 in Toronto on 28 November it is already 29 November in UTC: a student born
    on 29 November 2013 is still 12 there, so still under 13 (the importer's clock, not the
    test's, decides)."""
    from datetime import UTC, datetime

    settings.TIME_ZONE = "America/Toronto"
    evening = datetime(2026, 11, 29, 2, 0, tzinfo=UTC)  # 21:00 on the 28th in Toronto
    monkeypatch.setattr("django.utils.timezone.now", lambda: evening)
    roster = RosterSetBuilder(tmp_path)
    _demographics(roster, (STUDENT, "2013-11-29"), (OTHER, "2013-11-28"))
    assert roster.run().ok
    bands = dict(StudentAge.objects.values_list("student__sourced_id", "under_13"))
    assert bands == {STUDENT: True, OTHER: False}


def test_an_age_the_admin_set_is_kept_and_a_changed_band_rechecks(db, tmp_path):
    roster = RosterSetBuilder(tmp_path)
    _demographics(roster, (STUDENT, _years_ago(11)), (OTHER, _years_ago(11)))
    assert roster.run().ok
    admin = User.objects.get(sourced_id="cr-staff-00001")
    other = User.objects.get(sourced_id=OTHER)
    reflection_actions.set_student_age(admin, other.pk, False)
    _demographics(roster, (STUDENT, _years_ago(14)), (OTHER, _years_ago(11)))
    report = roster.run()
    assert report.ok, report.problems
    assert report.updated["ages"] == 1
    assert report.ignored["ages the school's admin set by hand (kept)"] == 1
    bands = dict(StudentAge.objects.values_list("student__sourced_id", "under_13"))
    assert bands == {STUDENT: False, OTHER: False}


def test_bad_demographics_rows_are_problems_where_they_are(db, tmp_path):
    roster = RosterSetBuilder(tmp_path)
    _demographics(roster, (STUDENT, "2099-01-01"), ("ghost-1", "2014-01-01"), (OTHER, "14.3.2014"))
    report = roster.run()
    found = {(p.file, p.line, p.column, p.value) for p in report.problems}
    assert found == {
        ("demographics.csv", 2, "birthDate", "2099-01-01"),
        ("demographics.csv", 3, "sourcedId", "ghost-1"),
        ("demographics.csv", 4, "birthDate", "14.3.2014"),
    }
    assert not StudentAge.objects.exists() and not User.objects.exists()
