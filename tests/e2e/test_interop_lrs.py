"""Interoperability in the browser (to join tests/e2e/test_interop.py): an admin sends the
school's evidence to a running LRS (Ralph) and reads the status line; an admin imports the
CASE sample package, then imports it again."""

import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.evidence.xapi_world import class_evidence
from tests.factories import AdminFactory
from tests.lrs_ralph import ralph  # noqa: F401 (the fixture)
from trellis.common.jobs import run_pending
from trellis.curriculum.models import LearningTarget
from trellis.evidence.queries import export_xapi

pytestmark = pytest.mark.django_db(transaction=True)

SAMPLE = Path(__file__).resolve().parents[2] / "docs/examples/case-sample-package.json"


def test_admin_configures_the_lrs_delivers_and_sees_the_status(as_user, ralph, settings):  # noqa: F811
    settings.TRELLIS_XAPI_HOME_PAGE = f"https://{uuid.uuid4().hex[:8]}.trellis.test"
    _, klass, _, events = class_evidence()
    AdminFactory(school=klass.school, username="lrs_admin")
    page = as_user("lrs_admin")
    page.goto("/evidence/lrs/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Learning record store (xAPI)")
    expect(page.locator("#lrs-status-line")).to_contain_text("No learning record store is set")

    # A mistake first: it is named beside its field and the typed key stays.
    page.get_by_label("xAPI address of the store").fill("lrs at school")
    page.get_by_label("Key").fill(ralph.key)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the full address")
    expect(page.get_by_label("Key")).to_have_value(ralph.key)

    page.get_by_label("xAPI address of the store").fill(ralph.endpoint)
    page.get_by_label("Secret").fill(ralph.secret)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Learning record store saved")
    expect(page.locator("#lrs-status-line")).to_contain_text(f"{len(events)} statements waiting")

    page.get_by_role("button", name="Send now").click()
    expect(page.get_by_role("status")).to_contain_text("Sending has started")
    expect(page.locator("#lrs-run")).to_contain_text("waiting for the background worker")
    run_pending()  # the worker
    page.reload()
    line = page.locator("#lrs-status-line")
    expect(line).to_contain_text(f"({len(events)} statements in all)")
    expect(line).to_contain_text("0 statements waiting")
    expect(page.locator("#lrs-run")).to_contain_text(f"finished: {len(events)} sent")

    ids = {s["id"] for s in export_xapi(events)}
    assert sorted(s["id"] for s in ralph.statements() if s["id"] in ids) == sorted(ids)
    # Again: nothing new is sent, and the store still holds one of each.
    page.get_by_role("button", name="Send now").click()
    run_pending()
    page.reload()
    expect(page.locator("#lrs-run")).to_contain_text("finished: 0 sent")
    assert len([s for s in ralph.statements() if s["id"] in ids]) == len(ids)


def test_admin_imports_the_case_sample_and_imports_it_again(as_user):
    from tests.factories import SchoolFactory, TeacherFactory, class_with

    school = SchoolFactory(name="Cedar Ridge")
    klass = class_with(TeacherFactory(school=school), school=school, course="Number Sense")
    AdminFactory(school=school, username="case_admin")
    page = as_user("case_admin")
    page.goto("/classes/standards/import/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Import standards from a CASE package"
    )
    page.get_by_label("Class").select_option(str(klass.pk))
    page.get_by_label("CASE package (.json)").set_input_files(str(SAMPLE))
    page.get_by_role("button", name="Import").click()
    report = page.get_by_role("status").filter(has_text="new,")
    expect(report).to_contain_text("10 new, 0 updated, 0 unchanged")
    assert LearningTarget.objects.filter(classroom=klass).count() == 10

    page.get_by_label("Class").select_option(str(klass.pk))
    page.get_by_label("CASE package (.json)").set_input_files(str(SAMPLE))
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("status").filter(has_text="new,")).to_contain_text(
        "0 new, 0 updated, 10 unchanged"
    )
    assert LearningTarget.objects.filter(classroom=klass).count() == 10
    child = LearningTarget.objects.get(classroom=klass, code="SNS.2.b")
    assert child.parent.code == "SNS.2"
