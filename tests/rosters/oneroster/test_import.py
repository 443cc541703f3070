"""Importing good sets: both versions, bulk and delta, idempotency, deactivation, roles."""

import pytest

from trellis.accounts.models import Role, School, User
from trellis.rosters import actions as roster_actions
from trellis.rosters.models import (
    AcademicSession,
    Classroom,
    Course,
    Enrollment,
    TeamMembership,
)
from trellis.rosters.oneroster.importer import Options, import_set

pytestmark = pytest.mark.django_db

STUDENT = "cr-student-00001"
TEACHER = "cr-staff-00003"
CLASS = "cr-class-0001"


def counts():
    return (
        School.objects.count(),
        User.objects.count(),
        Classroom.objects.count(),
        Enrollment.objects.count(),
        Course.objects.count(),
        AcademicSession.objects.count(),
    )


@pytest.mark.parametrize("version", ["1.1", "1.2"])
def test_a_bulk_set_brings_in_the_whole_school(tmp_path, version):
    from .sets import RosterSetBuilder

    roster = RosterSetBuilder(tmp_path, version=version)
    report = roster.run()
    assert report.ok, report.problems
    assert report.version == version
    school = School.objects.get(sourced_id="cedar-ridge-hs")
    assert school.name == "Cedar Ridge High School"
    assert report.created["people"] == 12  # 12 users, the guardian too (a guardian account)
    assert User.objects.get(sourced_id="cr-guardian-00001").role == Role.GUARDIAN
    student = User.objects.get(sourced_id=STUDENT)
    assert student.role == Role.STUDENT and student.school == school
    assert student.username == roster.get("users.csv", STUDENT, "username")
    assert student.email == roster.get("users.csv", STUDENT, "email")
    assert not student.has_usable_password()
    assert User.objects.get(sourced_id="cr-staff-00001").role == Role.ADMIN
    # A principal exists only in 1.2; 1.1 has administrators.
    expected = Role.LEADER if version == "1.2" else Role.ADMIN
    assert User.objects.get(sourced_id="cr-staff-00002").role == expected
    assert User.objects.get(sourced_id="cr-staff-00005").role == Role.TEACHER  # aide
    klass = Classroom.objects.get(sourced_id=CLASS)
    assert klass.school == school and klass.course_sourced_id == "cr-course-0001"
    assert klass.term == "Fall 2026" and klass.section == "A"
    assert klass.join_code is None  # rostered classes need no code
    roles = dict(Enrollment.objects.filter(classroom=klass).values_list("user__sourced_id", "role"))
    assert roles[TEACHER] == "teacher"
    assert roles["cr-staff-00005"] == "teacher"  # the aide helps teach
    assert Enrollment.objects.filter(sourced_id__isnull=True).count() == 0
    assert Enrollment.objects.count() == 14


@pytest.mark.parametrize("version", ["1.1", "1.2"])
def test_importing_the_same_set_twice_changes_nothing(tmp_path, version):
    from .sets import RosterSetBuilder

    roster = RosterSetBuilder(tmp_path, version=version)
    path = roster.zip()
    assert import_set(path).ok
    before = counts()
    stamps = list(User.objects.order_by("pk").values_list("pk", "username", "password"))
    again = import_set(path)
    assert again.ok
    assert not again.changed
    assert again.summary() == "0 created, 0 updated, 0 deactivated — nothing changed"
    assert counts() == before
    assert list(User.objects.order_by("pk").values_list("pk", "username", "password")) == stamps


def test_dry_run_reports_and_writes_nothing(roster):
    before = counts()
    report = roster.run(dry_run=True)
    assert report.ok and report.dry_run
    assert report.created["people"] == 12 and report.created["enrollments"] == 14
    assert report.summary().startswith("Dry run: would be")
    assert counts() == before


def test_a_later_set_updates_in_place(roster):
    assert roster.run().ok
    ids = dict(User.objects.values_list("sourced_id", "pk"))
    roster.set("users.csv", STUDENT, "familyName", "Okonkwo")
    roster.set("users.csv", STUDENT, "email", "new.address@cedarridge.example")
    roster.set("users.csv", STUDENT, "username", "cr-renamed")
    roster.set("classes.csv", CLASS, "title", "Algebra I")
    roster.set("enrollments.csv", f"{CLASS}-cr-staff-00005", "role", "student")
    report = roster.run()
    assert report.ok, report.problems
    assert report.updated["people"] == 1
    assert report.updated["classes"] == 1
    assert report.updated["enrollments"] == 1
    assert report.created == {} or sum(report.created.values()) == 0
    student = User.objects.get(sourced_id=STUDENT)
    assert (student.last_name, student.email, student.username) == (
        "Okonkwo",
        "new.address@cedarridge.example",
        "cr-renamed",
    )
    assert student.pk == ids[STUDENT]
    assert Classroom.objects.get(sourced_id=CLASS).course == "Algebra I"
    aide = Enrollment.objects.get(sourced_id=f"{CLASS}-cr-staff-00005")
    assert aide.role == "student"


def test_bulk_deactivates_what_is_missing_and_keeps_the_students_work(roster):
    assert roster.run().ok
    klass = Classroom.objects.get(sourced_id=CLASS)
    admin = User.objects.get(sourced_id="cr-staff-00001")
    roster_actions.form_teams(admin, klass, seed=1)
    student = User.objects.get(sourced_id=STUDENT)
    membership = TeamMembership.objects.get(classroom=klass, student=student)
    enrollment_ids = set(
        Enrollment.objects.filter(user=student).values_list("sourced_id", flat=True)
    )
    assert enrollment_ids
    roster.drop("users.csv", STUDENT)
    roster.drop("roles.csv", f"{STUDENT}-role")
    for sid in enrollment_ids:
        roster.drop("enrollments.csv", sid)
    roster.drop("classes.csv", "cr-class-0002")
    roster.files["enrollments.csv"] = [
        r for r in roster.files["enrollments.csv"] if r[3] != "cr-class-0002"
    ]
    report = roster.run()
    assert report.ok, report.problems
    assert report.deactivated["people"] == 1
    assert report.deactivated["classes"] == 1
    student.refresh_from_db()
    assert not student.is_active  # cannot sign in; nothing deleted
    assert TeamMembership.objects.filter(pk=membership.pk).exists()
    kept = Enrollment.objects.filter(user=student)
    assert set(kept.values_list("sourced_id", flat=True)) == enrollment_ids
    assert not kept.filter(is_active=True).exists()
    assert all(e.deactivated_at for e in kept)
    other = Classroom.objects.get(sourced_id="cr-class-0002")
    assert not other.is_active and other.deactivated_at is not None
    assert Enrollment.objects.filter(classroom=other).exists()
    # Importing the same smaller set again is idempotent too.
    assert not roster.run().changed


def test_a_returning_student_is_reactivated_with_their_history(roster):
    full = roster.folder()
    assert import_set(full).ok
    enrollment = Enrollment.objects.filter(user__sourced_id=STUDENT).first()
    roster.drop("users.csv", STUDENT)
    roster.drop("roles.csv", f"{STUDENT}-role")
    roster.files["enrollments.csv"] = [
        r for r in roster.files["enrollments.csv"] if r[5] != STUDENT
    ]
    assert roster.run().deactivated["people"] == 1
    again = import_set(full)
    assert again.ok
    assert again.updated["people"] == 1
    student = User.objects.get(sourced_id=STUDENT)
    assert student.is_active
    enrollment.refresh_from_db()
    assert enrollment.is_active and enrollment.deactivated_at is None


def test_records_not_imported_are_never_touched_by_a_bulk_set(roster, world):
    assert roster.run().ok
    roster.drop("users.csv", STUDENT)
    roster.drop("roles.csv", f"{STUDENT}-role")
    roster.files["enrollments.csv"] = [
        r for r in roster.files["enrollments.csv"] if r[5] != STUDENT
    ]
    assert roster.run().ok
    assert User.objects.filter(school=world.school, is_active=False).count() == 0
    assert Enrollment.objects.filter(classroom=world.klass, is_active=False).count() == 0


def test_disabled_user_is_imported_inactive(roster):
    roster.set("users.csv", STUDENT, "enabledUser", "false")
    assert roster.run().ok
    assert not User.objects.get(sourced_id=STUDENT).is_active


def test_username_falls_back_to_email_then_sourced_id(roster):
    roster.set("users.csv", STUDENT, "username", "")
    roster.set("users.csv", "cr-student-00002", "username", "")
    roster.set("users.csv", "cr-student-00002", "email", "")
    assert roster.run().ok
    assert User.objects.get(sourced_id=STUDENT).username == roster.get(
        "users.csv", STUDENT, "email"
    )
    assert User.objects.get(sourced_id="cr-student-00002").username == "cr-student-00002"


def test_preferred_names_become_the_display_name(roster):
    roster.set("users.csv", STUDENT, "preferredGivenName", "Zee")
    assert roster.run().ok
    student = User.objects.get(sourced_id=STUDENT)
    assert student.name == f"Zee {student.last_name}"


def test_roles_of_version_1_2_pick_the_primary_and_map_every_kind(roster):
    roster.set("roles.csv", "cr-staff-00003-role", "roleType", "secondary")
    roster.add(
        "roles.csv",
        sourcedId="extra-1",
        status="active",
        userSourcedId="cr-staff-00003",
        roleType="primary",
        role="siteAdministrator",
        orgSourcedId="cedar-ridge-hs",
    )
    roster.set("roles.csv", "cr-staff-00004-role", "role", "proctor")
    roster.set("roles.csv", "cr-student-00006-role", "role", "ext:visitor")
    roster.set("roles.csv", "cr-student-00005-role", "role", "counselor")
    report = roster.run()
    assert report.ok, report.problems
    assert User.objects.get(sourced_id="cr-staff-00003").role == Role.ADMIN
    assert User.objects.get(sourced_id="cr-staff-00004").role == Role.TEACHER
    assert not User.objects.filter(sourced_id__in=["cr-student-00005", "cr-student-00006"])
    assert dict(report.ignored_list)["people with the role “ext:visitor” (not imported)"] == 1
    assert dict(report.ignored_list)["people with the role “counselor” (not imported)"] == 1
    # Their enrollments are skipped and said so, not reported as problems.
    assert report.ignored["enrollments of people not imported"] >= 2


def test_enrollment_roles_other_than_student_teacher_aide_are_ignored(roster):
    roster.set("enrollments.csv", f"{CLASS}-cr-staff-00005", "role", "proctor")
    report = roster.run()
    assert report.ok
    assert dict(report.ignored_list)["enrollments with the role “proctor”"] == 1
    assert not Enrollment.objects.filter(sourced_id=f"{CLASS}-cr-staff-00005").exists()


def test_other_files_are_accepted_and_reported_as_ignored(roster):
    roster.files["resources.csv"] = [["sourcedId", "title"], ["x", "A book"]]
    roster.manifest("file.resources", "bulk")
    report = roster.run()
    assert report.ok
    assert "resources.csv" in report.ignored_files


def test_a_student_who_joined_with_a_code_is_adopted_not_duplicated(roster):
    assert roster.run().ok
    klass = Classroom.objects.get(sourced_id=CLASS)
    student = User.objects.get(sourced_id=STUDENT)
    enrollment = Enrollment.objects.get(classroom=klass, user=student)
    Enrollment.objects.filter(pk=enrollment.pk).update(sourced_id=None)
    report = roster.run()
    assert report.ok
    enrollment.refresh_from_db()
    assert enrollment.sourced_id == f"{CLASS}-{STUDENT}"
    assert Enrollment.objects.filter(classroom=klass, user=student).count() == 1


def test_school_option_imports_one_school_of_a_district(roster):
    roster.add("orgs.csv", sourcedId="other-hs", status="active", name="Other High", type="school")
    roster.add(
        "classes.csv",
        sourcedId="other-class",
        status="active",
        title="Other class",
        courseSourcedId="cr-course-0001",
        classType="scheduled",
        schoolSourcedId="other-hs",
        termSourcedIds="cr-fall26",
    )
    report = roster.run(school="cedar-ridge-hs")
    assert report.ok, report.problems
    assert not School.objects.filter(sourced_id="other-hs").exists()
    assert not Classroom.objects.filter(sourced_id="other-class").exists()
    assert report.ignored["classes of other schools"] == 1
    everything = roster.run()
    assert everything.ok
    assert School.objects.filter(sourced_id="other-hs").exists()


def test_admin_import_links_an_unlinked_school_of_the_same_name(roster):
    school = School.objects.create(name="cedar ridge  high school", slug="hand-made")
    report = import_set(roster.zip(), Options(for_school=school))
    assert report.ok, report.problems
    school.refresh_from_db()
    assert school.sourced_id == "cedar-ridge-hs"
    assert school.name == "Cedar Ridge High School"
    assert School.objects.count() == 1
    assert User.objects.filter(school=school).count() == 12
    assert any("linked" in note for note in map(str, report.notes))


def test_version_1_1_and_1_2_sets_of_the_same_school_agree(tmp_path):
    from .sets import RosterSetBuilder

    assert RosterSetBuilder(tmp_path / "a", version="1.2").run().ok
    report = RosterSetBuilder(tmp_path / "b", version="1.1").run()
    assert report.ok
    # Only the principal differs: 1.1 has no such role, so the SIS sends "administrator".
    assert report.updated["people"] == 1
    assert sum(report.created.values()) == 0
