"""An admin uploads the demo OneRoster set on the import page and reads the report."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.factories import AdminFactory, SchoolFactory
from trellis.accounts.models import User

pytestmark = pytest.mark.django_db(transaction=True)

DEMO_ZIP = Path(__file__).resolve().parents[2] / "docs/examples/oneroster-demo.zip"


def test_admin_uploads_the_demo_set_and_sees_the_report(as_user):
    school = SchoolFactory(name="Cedar Ridge", sourced_id="cedar-ridge-hs")
    AdminFactory(school=school, username="cedar_admin")
    page = as_user("cedar_admin")
    page.goto("/classes/import/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Import rosters from your information system"
    )
    # Check first: a dry run writes nothing.
    page.get_by_label("OneRoster set (.zip)").set_input_files(str(DEMO_ZIP))
    page.get_by_label("Check only (dry run)").check()
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("heading", name="Dry run: nothing written")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Dry run: would be")).to_be_visible()
    assert not User.objects.filter(sourced_id__startswith="cr-").exists()

    # The page kept the choice; this time import for real.
    expect(page.get_by_label("Check only (dry run)")).to_be_checked()
    page.get_by_label("Check only (dry run)").uncheck()
    page.get_by_label("OneRoster set (.zip)").set_input_files(str(DEMO_ZIP))
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("heading", name="Import finished")).to_be_visible()
    table = page.get_by_role("table", name="What the import did")
    # 92 staff and students, and the set's 2 guardians (guardian accounts since #19).
    expect(table.get_by_role("row", name="People")).to_contain_text("94")
    assert User.objects.filter(school=school, sourced_id__startswith="cr-").count() == 94
    assert User.objects.filter(school=school, role="guardian").count() == 2

    # The same set again: nothing changes, and the page says so.
    page.get_by_label("OneRoster set (.zip)").set_input_files(str(DEMO_ZIP))
    page.get_by_role("button", name="Import").press("Enter")
    expect(page.get_by_role("status").filter(has_text="nothing changed")).to_be_visible()


def test_a_bad_set_shows_every_problem_in_a_table(as_user, tmp_path):
    school = SchoolFactory(name="Cedar Ridge", sourced_id="cedar-ridge-hs")
    AdminFactory(school=school, username="cedar_admin")
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"this is not a zip")
    page = as_user("cedar_admin", width=360, height=800)
    page.goto("/classes/import/")
    page.get_by_label("OneRoster set (.zip)").set_input_files(str(bad))
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("heading", name="Not imported")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("not a readable .zip")
