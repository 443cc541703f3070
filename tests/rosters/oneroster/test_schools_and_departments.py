"""Rosters that cannot hurt a school: another school's set is never linked, renamed or merged
without a separate confirmation naming both schools; an org sourcedId is claimed once;
departments belong to their parent school."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.budgets import assert_budget
from trellis.accounts.models import School, User
from trellis.audit.models import AuditEntry
from trellis.rosters.models import Classroom, Enrollment
from trellis.rosters.oneroster import actions
from trellis.rosters.oneroster.importer import Options, import_set

pytestmark = pytest.mark.django_db


def upload(roster, name="set.zip"):
    return SimpleUploadedFile(name, roster.zip_bytes(), "application/zip")


def test_a_set_of_another_school_is_not_linked_renamed_or_merged(roster, world):
    before = (User.objects.count(), Classroom.objects.count())
    report = import_set(roster.zip(), Options(for_school=world.school))
    assert not report.ok
    assert report.link_offer == {
        "school": "Maple Grove",
        "sourced_id": "cedar-ridge-hs",
        "name": "Cedar Ridge High School",
    }
    p = report.problems[0]
    assert "“Cedar Ridge High School”" in p.message and "“Maple Grove”" in p.message
    assert "Nothing was linked, renamed or imported" in p.message
    world.school.refresh_from_db()
    assert (world.school.name, world.school.sourced_id) == ("Maple Grove", None)
    assert (User.objects.count(), Classroom.objects.count()) == before


def test_the_dry_run_says_would_link_and_writes_nothing(roster):
    school = School.objects.create(name="Cedar Ridge High School", slug="crhs")
    report = import_set(roster.zip(), Options(for_school=school, dry_run=True))
    assert report.ok, report.problems
    assert any(n.startswith("Would link Cedar Ridge High School") for n in map(str, report.notes))
    assert not any("is now linked" in n for n in map(str, report.notes))
    school.refresh_from_db()
    assert school.sourced_id is None
    assert not User.objects.exclude(sourced_id=None).exists()


def test_confirming_links_then_the_import_renames_and_fills_the_school(client, roster, world):
    client.force_login(world.admin)
    response = client.post(reverse("rosters:import"), {"file": upload(roster), "dry_run": "on"})
    assert response.status_code == 400
    html = response.content.decode()
    token = html.split('name="offer" value="')[1].split('"')[0]
    assert "“Maple Grove” in Trellis and “Cedar Ridge High School” in the information" in html

    # Without ticking the box: nothing is linked, and the message says why.
    response = client.post(reverse("rosters:link_school"), {"offer": token}, follow=True)
    assert "Tick the box" in response.content.decode()
    world.school.refresh_from_db()
    assert world.school.sourced_id is None

    # A forged offer is refused.
    response = client.post(
        reverse("rosters:link_school"), {"offer": token + "x", "confirm": "yes"}, follow=True
    )
    assert "older than an hour or was changed" in response.content.decode()

    assert_budget(
        client,
        "rosters:link_school",
        13,
        method="post",
        data={"offer": token, "confirm": "yes"},
        status=302,
    )
    world.school.refresh_from_db()
    assert world.school.sourced_id == "cedar-ridge-hs" and world.school.name == "Maple Grove"
    entry = AuditEntry.objects.get(action="roster.link_school")
    assert entry.actor == world.admin and "Maple Grove" in entry.summary

    response = client.post(reverse("rosters:import"), {"file": upload(roster)})
    assert response.status_code == 200, response.content.decode()
    world.school.refresh_from_db()
    assert world.school.name == "Cedar Ridge High School"
    assert User.objects.filter(school=world.school, sourced_id__isnull=False).count() == 12
    assert AuditEntry.objects.filter(action="roster.import", school=world.school).count() == 1


def test_an_org_sourced_id_cannot_be_claimed_twice(client, roster, world):
    world.far_school.sourced_id = "cedar-ridge-hs"
    world.far_school.save()
    report = import_set(roster.zip(), Options(for_school=world.school))
    assert not report.ok and report.link_offer is None
    assert "already belongs to other Trellis schools" in report.problems[0].message
    # Even a confirmation made earlier cannot claim it.
    with pytest.raises(actions.UserError, match="already linked to another Trellis school"):
        actions.link_school(world.admin, "cedar-ridge-hs", "Cedar Ridge", confirmed=True)
    world.school.refresh_from_db()
    assert world.school.sourced_id is None


def test_a_linked_school_cannot_be_relinked(world):
    world.school.sourced_id = "maple-grove"
    world.school.save()
    with pytest.raises(actions.UserError, match="already linked"):
        actions.link_school(world.admin, "cedar-ridge-hs", "Cedar Ridge", confirmed=True)


@pytest.mark.parametrize("who", ["teacher", "leader", "student", "far_teacher"])
def test_only_admins_may_link(client, world, who):
    client.force_login(getattr(world, who))
    assert client.post(reverse("rosters:link_school"), {"confirm": "yes"}).status_code == 404


def _with_department(roster):
    roster.add(
        "orgs.csv",
        sourcedId="cr-math-dept",
        status="active",
        dateLastModified="2026-08-20T12:00:00.000Z",
        name="Mathematics Department",
        type="department",
        parentSourcedId="cedar-ridge-hs",
    )
    for sid in ("cr-staff-00003", "cr-student-00001", "cr-student-00002"):
        roster.set("roles.csv", f"{sid}-role", "orgSourcedId", "cr-math-dept")
        roster.set("users.csv", sid, "primaryOrgSourcedId", "cr-math-dept")
    roster.set("classes.csv", "cr-class-0001", "schoolSourcedId", "cr-math-dept")
    roster.set("courses.csv", "cr-course-0001", "orgSourcedId", "cr-math-dept")
    for row in roster.rows("enrollments.csv")[1:]:
        if row[roster.col("enrollments.csv", "classSourcedId")] == "cr-class-0001":
            row[roster.col("enrollments.csv", "schoolSourcedId")] = "cr-math-dept"


def test_people_and_classes_of_a_department_belong_to_its_school(roster):
    _with_department(roster)
    report = roster.run()
    assert report.ok, report.problems
    school = School.objects.get(sourced_id="cedar-ridge-hs")
    assert not School.objects.filter(sourced_id="cr-math-dept").exists()
    for sid in ("cr-staff-00003", "cr-student-00001", "cr-student-00002"):
        assert User.objects.get(sourced_id=sid).school == school
    klass = Classroom.objects.get(sourced_id="cr-class-0001")
    assert klass.school == school
    assert Enrollment.objects.filter(classroom=klass, is_active=True).count() > 1
    assert (
        report.ignored["departments (their people and classes are imported into their school)"] == 1
    )
    # The next bulk import drops and deactivates nobody for being in a department.
    again = roster.run()
    assert again.ok and not again.changed, again.deactivated
    assert User.objects.filter(is_active=False).count() == 0


def test_a_department_scoped_import_with_school_option(roster):
    _with_department(roster)
    report = roster.run(school="cedar-ridge-hs")
    assert report.ok, report.problems
    assert User.objects.get(sourced_id="cr-student-00001").is_active


def test_school_option_given_a_district_says_so(roster):
    report = roster.run(school="cedar-valley-district")
    assert not report.ok
    p = report.problems[0]
    assert "“Cedar Valley School District” is a district (orgs.csv line 2)" in p.message
    assert "Cedar Ridge High School (cedar-ridge-hs)" in p.message
