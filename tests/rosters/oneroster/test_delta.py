"""Delta sets: only changes, with status and dateLastModified honoured."""

import pytest

from trellis.accounts.models import Role, User
from trellis.rosters.models import Classroom, Enrollment

pytestmark = pytest.mark.django_db

STUDENT = "cr-student-00001"
NEWER = "2026-09-15T08:00:00.000Z"
OLDER = "2026-07-01T08:00:00.000Z"


@pytest.fixture
def imported(roster):
    assert roster.run().ok
    return roster


@pytest.mark.parametrize("version", ["1.1", "1.2"])
def test_a_delta_updates_only_what_it_names(tmp_path, version):
    from .sets import RosterSetBuilder

    roster = RosterSetBuilder(tmp_path, version=version)
    assert roster.run().ok
    active = User.objects.filter(is_active=True).count()
    roster.only("users.csv")
    roster.files["users.csv"] = [roster.files["users.csv"][0], roster.row("users.csv", STUDENT)]
    roster.set("users.csv", STUDENT, "givenName", "Renamed")
    roster.set("users.csv", STUDENT, "dateLastModified", NEWER)
    report = roster.run()
    assert report.ok, report.problems
    assert report.updated["people"] == 1
    assert sum(report.deactivated.values()) == 0
    assert User.objects.get(sourced_id=STUDENT).first_name == "Renamed"
    assert User.objects.filter(is_active=True).count() == active
    again = roster.run()
    assert not again.changed


def test_an_older_delta_does_not_overwrite_a_newer_one(imported):
    roster = imported
    roster.only("users.csv")
    roster.files["users.csv"] = [roster.files["users.csv"][0], roster.row("users.csv", STUDENT)]
    roster.set("users.csv", STUDENT, "givenName", "Newest")
    roster.set("users.csv", STUDENT, "dateLastModified", NEWER)
    assert roster.run().updated["people"] == 1
    roster.set("users.csv", STUDENT, "givenName", "Stale")
    roster.set("users.csv", STUDENT, "dateLastModified", OLDER)
    report = roster.run()
    assert report.ok and not report.changed
    assert report.ignored["rows older than what Trellis already has"] == 1
    assert User.objects.get(sourced_id=STUDENT).first_name == "Newest"


def test_tobedeleted_deactivates_and_keeps(imported):
    roster = imported
    enrollment_sid = next(r[0] for r in roster.rows("enrollments.csv")[1:] if r[5] == STUDENT)
    roster.only("users.csv", "enrollments.csv")
    roster.files["users.csv"] = [roster.files["users.csv"][0], roster.row("users.csv", STUDENT)]
    roster.files["enrollments.csv"] = [
        roster.files["enrollments.csv"][0],
        roster.row("enrollments.csv", enrollment_sid),
    ]
    for file, sid in (("users.csv", STUDENT), ("enrollments.csv", enrollment_sid)):
        roster.set(file, sid, "status", "tobedeleted")
        roster.set(file, sid, "dateLastModified", NEWER)
    report = roster.run()
    assert report.ok, report.problems
    assert report.deactivated["people"] == 1 and report.deactivated["enrollments"] == 1
    assert not User.objects.get(sourced_id=STUDENT).is_active
    enrollment = Enrollment.objects.get(sourced_id=enrollment_sid)
    assert not enrollment.is_active and enrollment.deactivated_at is not None
    assert Enrollment.objects.filter(is_active=True).count() == 13


def test_a_delta_enrollment_may_point_at_what_trellis_already_has(imported):
    roster = imported
    roster.only("enrollments.csv")
    roster.files["enrollments.csv"] = [roster.files["enrollments.csv"][0]]
    roster.add(
        "enrollments.csv",
        sourcedId="late-join",
        status="active",
        dateLastModified=NEWER,
        classSourcedId="cr-class-0002",
        schoolSourcedId="cedar-ridge-hs",
        userSourcedId="cr-staff-00005",
        role="aide",
    )
    report = roster.run()
    assert report.ok, report.problems
    assert report.created["enrollments"] == 1
    e = Enrollment.objects.get(sourced_id="late-join")
    assert e.classroom.sourced_id == "cr-class-0002" and e.role == "teacher"


def test_a_delta_class_tobedeleted(imported):
    roster = imported
    roster.only("classes.csv")
    roster.files["classes.csv"] = [
        roster.files["classes.csv"][0],
        roster.row("classes.csv", "cr-class-0002"),
    ]
    roster.set("classes.csv", "cr-class-0002", "status", "tobedeleted")
    roster.set("classes.csv", "cr-class-0002", "dateLastModified", NEWER)
    report = roster.run()
    assert report.ok, report.problems
    klass = Classroom.objects.get(sourced_id="cr-class-0002")
    assert not klass.is_active
    assert Classroom.objects.get(sourced_id="cr-class-0001").is_active


def test_a_delta_roles_file_changes_a_role(imported):
    roster = imported
    roster.only("roles.csv")
    sid = "cr-staff-00003-role"
    roster.files["roles.csv"] = [roster.files["roles.csv"][0], roster.row("roles.csv", sid)]
    roster.set("roles.csv", sid, "role", "siteAdministrator")
    roster.set("roles.csv", sid, "dateLastModified", NEWER)
    report = roster.run()
    assert report.ok, report.problems
    assert User.objects.get(sourced_id="cr-staff-00003").role == Role.ADMIN


def test_a_new_person_in_a_1_2_delta_needs_a_role(imported):
    roster = imported
    roster.only("users.csv")
    roster.files["users.csv"] = [roster.files["users.csv"][0]]
    roster.add(
        "users.csv",
        sourcedId="newcomer",
        status="active",
        dateLastModified=NEWER,
        enabledUser="true",
        username="cr-newcomer",
        givenName="New",
        familyName="Comer",
    )
    report = roster.run()
    assert not report.ok
    assert report.problems[0].value == "newcomer"
    assert "no role in roles.csv" in report.problems[0].message
    assert not User.objects.filter(sourced_id="newcomer").exists()


def test_a_bulk_file_is_the_truth_whatever_its_dates(imported):
    roster = imported
    roster.only("users.csv")
    roster.files["users.csv"] = [roster.files["users.csv"][0], roster.row("users.csv", STUDENT)]
    roster.set("users.csv", STUDENT, "givenName", "Newest")
    roster.set("users.csv", STUDENT, "dateLastModified", NEWER)
    assert roster.run().updated["people"] == 1
    full = imported.__class__(imported.tmp / "again")
    full.set("users.csv", STUDENT, "dateLastModified", OLDER)
    report = full.run()
    assert report.ok and report.updated["people"] == 1
    assert User.objects.get(sourced_id=STUDENT).first_name == full.get(
        "users.csv", STUDENT, "givenName"
    )
