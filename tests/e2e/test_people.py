"""An admin manages people in Chromium: finds a teacher, changes a role, deactivates and
reactivates a student and resets a sign-in, reads it all in the audit log; and confirms,
separately, that a roster set of a differently named school is their own."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations
from tests.factories import AdminFactory, SchoolFactory, StudentFactory, TeacherFactory
from trellis.accounts.models import School, User

pytestmark = pytest.mark.django_db(transaction=True)

DEMO_ZIP = Path(__file__).resolve().parents[2] / "docs/examples/oneroster-demo.zip"


def test_admin_finds_people_and_changes_them(as_user):
    school = SchoolFactory(name="Maple Grove")
    AdminFactory(school=school, username="maple_admin")
    teacher = TeacherFactory(school=school, first_name="Ada", last_name="Quill")
    student = StudentFactory(school=school, first_name="Bo", last_name="Reed")
    TeacherFactory(first_name="Ada", last_name="Elsewhere")  # another school: never listed
    page = as_user("maple_admin")
    page.goto("/")
    page.get_by_role("link", name="People").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People of Maple Grove")
    assert axe_violations(page) == []

    page.get_by_label("Name, username or email").fill("Ada")
    page.get_by_role("button", name="Find").click()
    table = page.get_by_role("table")
    expect(table.get_by_role("row")).to_have_count(2)  # header and Ada Quill
    row = table.get_by_role("row", name="Ada Quill")
    expect(row).to_contain_text("Never")
    row.get_by_label("Role of Ada Quill").select_option("leader")
    row.get_by_role("button", name="Change role of Ada Quill").click()
    expect(page.get_by_role("status")).to_contain_text("Ada Quill is now school leader")
    # Back on the same filtered list.
    expect(page.get_by_label("Name, username or email")).to_have_value("Ada")
    teacher.refresh_from_db()
    assert teacher.role == "leader"

    page.get_by_label("Name, username or email").fill("")
    page.get_by_label("Role", exact=True).select_option("student")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("button", name="Deactivate Bo Reed").click()
    expect(page.get_by_role("status")).to_contain_text("Bo Reed is deactivated")
    expect(page.get_by_role("row", name="Bo Reed")).to_contain_text("Deactivated")
    page.get_by_role("button", name="Reactivate Bo Reed").click()
    page.get_by_role("button", name="Reset sign-in of Bo Reed").click()
    expect(page.get_by_role("status")).to_contain_text("password is cleared")
    student.refresh_from_db()
    assert student.is_active and not student.has_usable_password()

    page.get_by_role("link", name="Audit log of Bo Reed").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit log")
    rows = page.get_by_role("table").get_by_role("row")
    expect(rows).to_have_count(4)  # header + deactivated, reactivated, sign-in reset
    expect(rows.nth(1)).to_contain_text("Sign-in reset")
    assert axe_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as CSV").click()
    assert download.value.suggested_filename.startswith("audit-log-")


def test_a_set_of_another_school_needs_a_separate_confirmation(as_user):
    school = SchoolFactory(name="Maple Grove")
    AdminFactory(school=school, username="maple_admin")
    page = as_user("maple_admin")
    page.goto("/classes/import/")
    page.get_by_label("OneRoster set (.zip)").set_input_files(str(DEMO_ZIP))
    page.get_by_label("Check only (dry run)").check()
    page.get_by_role("button", name="Import").click()
    offer = page.get_by_role("region", name="Link the schools?")
    expect(offer).to_contain_text("“Cedar Ridge High School”")
    expect(offer).to_contain_text("“Maple Grove”")
    expect(page.get_by_role("alert")).to_contain_text("Nothing was linked, renamed or imported")
    assert not School.objects.filter(sourced_id="cedar-ridge-hs").exists()

    offer.get_by_label("“Maple Grove” in Trellis and “Cedar Ridge High School”").check()
    offer.get_by_role("button", name="Link “Maple Grove” to “Cedar Ridge High School”").click()
    expect(page.get_by_role("status").first).to_contain_text("Maple Grove is now linked")
    school.refresh_from_db()
    assert school.sourced_id == "cedar-ridge-hs" and school.name == "Maple Grove"

    page.get_by_label("OneRoster set (.zip)").set_input_files(str(DEMO_ZIP))
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("heading", name="Import finished")).to_be_visible()
    expect(page.get_by_role("heading", name="Last import: done")).to_be_visible()
    school.refresh_from_db()
    assert school.name == "Cedar Ridge High School"
    assert User.objects.filter(school=school, sourced_id__startswith="cr-").count() == 94
