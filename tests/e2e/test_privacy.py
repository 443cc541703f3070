"""Privacy in a real browser: an admin downloads a person's export and erases them with a
typed confirmation; a student downloads their own data."""

import io
import json
import zipfile

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations
from trellis.accounts.models import User
from trellis.audit.models import AuditEntry

pytestmark = pytest.mark.django_db(transaction=True)


def _zip(download) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(open(download.path(), "rb").read()))


def test_admin_exports_then_erases_a_student_with_typed_confirmation(
    world, as_user, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    page = as_user("admin")
    page.get_by_role("link", name="Privacy: export and erase").click()
    page.get_by_label("Name, username or email").fill("other_student")
    page.get_by_role("button", name="Find").click()
    with page.expect_download() as info:
        page.get_by_role("button", name="Export the data of other_student").click()
    zf = _zip(info.value)
    assert "README.md" in zf.namelist()
    assert json.loads(zf.read("data/accounts.user.json"))[0]["username"] == "other_student"
    assert axe_violations(page) == []

    page.get_by_role("link", name="Erase other_student").click()
    page.get_by_label("Type the person's username to confirm").fill("other student")
    page.get_by_role("button", name="Erase for good").click()
    expect(page.get_by_role("alert")).to_contain_text("Type the username “other_student” exactly")
    expect(page.get_by_label("Type the person's username to confirm")).to_have_value(
        "other student"
    )
    assert User.objects.filter(username="other_student").exists()
    page.get_by_label("Type the person's username to confirm").fill("other_student")
    page.get_by_role("button", name="Erase for good").click()
    expect(page.get_by_role("status")).to_contain_text("was erased")
    assert not User.objects.filter(username="other_student").exists()
    entry = AuditEntry.objects.get(action="privacy.erase")
    assert entry.actor.username == "admin" and entry.targets == ""


def test_a_student_downloads_their_own_data(world, as_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    page = as_user("student")
    page.get_by_role("link", name="Your data").click()
    with page.expect_download() as info:
        page.get_by_role("button", name="Download my data").click()
    zf = _zip(info.value)
    assert json.loads(zf.read("data/accounts.user.json"))[0]["username"] == "student"
    assert "| file | what it holds | records |" in zf.read("README.md").decode()
    assert axe_violations(page) == []
