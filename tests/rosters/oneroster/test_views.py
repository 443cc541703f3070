"""The import pages and the roster CSV: who may use them, and what they show."""

import csv
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import PASSWORD, StudentFactory
from tests.shared_rows import built_once, for_test
from tests.world import build_world
from trellis.accounts.models import School, User
from trellis.rosters import actions as roster_actions
from trellis.rosters.models import Classroom

pytestmark = pytest.mark.django_db


# The `world` (tests/world.py) built once for the module (tests/shared_rows.py); each test
# still gets its own copy, in its own savepoint.
_world_rows = built_once(build_world)


@pytest.fixture
def world(request, _world_rows, db):
    return for_test(request, _world_rows)


DEMO_ZIP = Path(__file__).resolve().parents[3] / "docs/examples/oneroster-demo.zip"
PEOPLE = [
    "anonymous",
    "student",
    "other_student",
    "teacher",
    "other_teacher",
    "leader",
    "admin",
    "far_teacher",
    "far_admin",
]


def client_for(client, world, who):
    if who != "anonymous":
        client.login(username=getattr(world, who).username, password=PASSWORD)
    return client


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("student", 404),
        ("other_student", 404),
        ("teacher", 404),
        ("other_teacher", 404),
        ("leader", 404),
        ("admin", 200),
        ("far_teacher", 404),
        ("far_admin", 200),  # their own school's page
    ],
)
def test_oneroster_import_page_is_for_school_admins(client, world, who, status):
    response = client_for(client, world, who).get(reverse("rosters:import"))
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", ["student", "teacher", "leader", "far_teacher"])
def test_posting_a_set_without_permission_is_404_and_writes_nothing(client, world, who):
    before = User.objects.count()
    upload = SimpleUploadedFile("set.zip", DEMO_ZIP.read_bytes(), "application/zip")
    response = client_for(client, world, who).post(reverse("rosters:import"), {"file": upload})
    assert response.status_code == 404
    assert User.objects.count() == before


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("student", 404),
        ("other_student", 404),
        ("teacher", 200),
        ("other_teacher", 200),
        ("leader", 404),
        ("admin", 200),
        ("far_teacher", 200),
        ("far_admin", 200),
    ],
)
def test_class_list_import_page_is_for_teachers_and_admins(client, world, who, status):
    response = client_for(client, world, who).get(reverse("rosters:import_class_list"))
    assert response.status_code == status


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("student", 404),
        ("other_student", 404),
        ("teacher", 200),
        ("other_teacher", 404),
        ("leader", 404),
        ("admin", 200),
        ("far_teacher", 404),
        ("far_admin", 404),
    ],
)
def test_roster_csv_is_for_those_who_manage_the_class(client, world, who, status):
    url = reverse("rosters:export_roster", args=[world.klass.pk])
    response = client_for(client, world, who).get(url)
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"].startswith("text/csv")
        assert "attachment" in response["Content-Disposition"]


def test_admin_uploads_the_demo_set_for_their_school(client, world):
    school = School.objects.create(
        name="Cedar Ridge (Trellis)", slug="cedar", sourced_id="cedar-ridge-hs"
    )
    admin = User.objects.create_user("cedar-admin", password=PASSWORD, role="admin", school=school)
    client.force_login(admin)
    upload = SimpleUploadedFile("oneroster-demo.zip", DEMO_ZIP.read_bytes(), "application/zip")
    response = client.post(reverse("rosters:import"), {"file": upload})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Import finished" in html and "created" in html
    assert User.objects.filter(school=school).exclude(sourced_id=None).count() > 80
    # Nothing of the world's school was touched.
    assert User.objects.filter(school=world.school, is_active=False).count() == 0
    upload = SimpleUploadedFile("oneroster-demo.zip", DEMO_ZIP.read_bytes(), "application/zip")
    again = client.post(reverse("rosters:import"), {"file": upload})
    assert "nothing changed" in again.content.decode()


def test_dry_run_upload_writes_nothing(client, world):
    client.force_login(world.admin)
    before = (User.objects.count(), Classroom.objects.count())
    upload = SimpleUploadedFile("oneroster-demo.zip", DEMO_ZIP.read_bytes(), "application/zip")
    response = client.post(reverse("rosters:import"), {"file": upload, "dry_run": "on"})
    # Maple Grove is not the set's school: the dry run offers the link, and says so.
    assert response.status_code == 400
    html = response.content.decode()
    assert "Link the schools?" in html and "Maple Grove" in html
    assert "Cedar Ridge High School" in html and "is now linked" not in html
    assert (User.objects.count(), Classroom.objects.count()) == before
    world.school.refresh_from_db()
    assert world.school.sourced_id is None


def test_an_admin_cannot_import_into_another_school(client, world):
    """A far admin uploading a set whose school Trellis already links elsewhere gets nothing."""
    world.school.sourced_id = "cedar-ridge-hs"
    world.school.save()
    world.far_school.sourced_id = "far-away"
    world.far_school.save()
    client.force_login(world.far_admin)
    upload = SimpleUploadedFile("oneroster-demo.zip", DEMO_ZIP.read_bytes(), "application/zip")
    response = client.post(reverse("rosters:import"), {"file": upload})
    assert response.status_code == 400
    assert "This set is not for Far Away (sourcedId “far-away”)" in response.content.decode()
    assert not User.objects.exclude(sourced_id=None).exists()


def test_a_bad_upload_lists_its_problems_and_keeps_the_page(client, world):
    client.force_login(world.admin)
    upload = SimpleUploadedFile("notes.zip", b"not a zip", "application/zip")
    response = client.post(reverse("rosters:import"), {"file": upload})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Not imported" in html and "not a readable .zip" in html


def test_missing_file_is_a_form_error(client, world):
    client.force_login(world.admin)
    response = client.post(reverse("rosters:import"), {})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()


def test_roster_csv_escapes_formulas_and_lists_teachers_and_students(client, world):
    sneaky = StudentFactory(school=world.school, first_name="=HYPERLINK(1)", last_name="x")
    roster_actions.enroll(world.klass, sneaky, "student")
    at = StudentFactory(school=world.school, first_name="@SUM", last_name="y", email="-a@b.c")
    roster_actions.enroll(world.klass, at, "student")
    client.force_login(world.teacher)
    response = client.get(reverse("rosters:export_roster", args=[world.klass.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["name", "email", "role", "class", "username", "team"]
    assert rows[1][2] == "teacher" and rows[1][0] == world.teacher.name
    names = [r[0] for r in rows[1:]]
    assert "'=HYPERLINK(1) x" in names and "'@SUM y" in names
    assert "'-a@b.c" in [r[1] for r in rows]
    assert len(rows) == 1 + 1 + 6  # header, the teacher, four students and the two above


def test_roster_csv_query_budget_does_not_grow(client, world):
    from tests.budgets import assert_budget
    from tests.factories import class_with

    client.force_login(world.admin)
    small = class_with(world.teacher, students=5)
    large = class_with(world.teacher, students=40)
    client.get("/")
    for c in (small, large):
        assert_budget(client, "rosters:export_roster", 6, c.pk)
    assert_budget(client, "rosters:import", 3)
    assert_budget(client, "rosters:import_class_list", 2)
