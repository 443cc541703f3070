"""Interoperability in a real Chromium. LTI 1.3: a real platform (tests/lti/platform.py, the
`lti1p3platform` package on its own port) launches Trellis, a teacher deep-links work into
the course, the roster syncs and a final mark reaches the platform's gradebook; tampered,
wrong-deployment and replayed launches are refused with a clear page. xAPI: an admin sends the
school's evidence to a running LRS (Ralph, in its own virtualenv) and reads the status line,
twice, with no duplicate in the store. CASE: an admin imports the sample package, then again.
"""

import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations
from tests.evidence.xapi_world import class_evidence
from tests.factories import AdminFactory
from tests.lrs_ralph import ralph  # noqa: F401 (the fixture)
from tests.lti.fixtures import *  # noqa: F403  (the LTI platform and school fixtures)
from tests.outbound import allow
from trellis.common.jobs import run_pending
from trellis.curriculum.models import LearningTarget
from trellis.evidence.queries import export_xapi

pytestmark = pytest.mark.django_db(transaction=True)


def test_lti_launch_deep_link_roster_sync_and_grade_post(lti_work, new_page):
    from trellis.common import jobs
    from trellis.lti.models import CourseLink

    s = lti_work
    page = new_page()
    # The teacher adds Trellis content from the LMS: a deep-linking launch.
    page.goto(s.platform.start_url("lms-teacher", kind="deeplink"))
    expect(page.get_by_role("heading", name="Link this course to a Trellis class")).to_be_visible()
    page.get_by_label("Trellis class").select_option(label="Grade 9 Mathematics · A")
    page.get_by_role("button", name="Link the course").click()
    expect(page.get_by_role("heading", name="Place Trellis work in your course")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Place in the course").click()  # nothing chosen
    expect(page.get_by_role("alert")).to_contain_text("Choose at least one")
    page.get_by_label("Fractions on a number line").check()
    page.get_by_label("Fractions exit ticket").check()
    page.get_by_label("Fractions unit test").check()
    page.get_by_role("button", name="Place in the course").click()
    # Back in the LMS (the platform's own page), the three links are placed.
    expect(page.get_by_role("heading", name="Placed in the course")).to_be_visible()
    assert [i.get("lineItem") is not None for i in s.platform.content_items] == [
        False,
        False,
        True,
    ]
    # Opening the placed assignment from the course launches into it.
    page.get_by_role("link", name="Fractions unit test").click()
    expect(page).to_have_url(re.compile(rf"/work/assignments/{s.assignment.pk}/$"))

    link = CourseLink.objects.get()
    page.goto(f"/lti/courses/{link.pk}/")
    page.get_by_role("button", name="Sync the roster from the LMS").click()
    expect(page.get_by_role("status")).to_contain_text("Roster sync queued")
    assert jobs.run_pending() == 1
    page.reload()
    expect(page.locator("[data-sync-summary]")).to_contain_text(
        "4 in the LMS course: 3 matched to people already in Trellis, 1 new"
    )
    expect(page.get_by_text("Formative: never sends a grade.")).to_have_count(2)
    page.get_by_role("button", name="Send final marks for Fractions unit test").click()
    assert jobs.run_pending() == 1
    page.reload()
    expect(page.locator("[data-scores-sent]")).to_have_text("1 score sent")
    assert [(x["userId"], x["scoreGiven"]) for x in s.platform.scores] == [("lms-ana", 85.0)]
    assert axe_violations(page) == []


@pytest.mark.parametrize(
    ("options", "says"),
    [
        ({"mode": "tamper"}, "The launch was not signed by the platform Trellis knows."),
        (
            {"deployment": "deployment-unknown"},
            "This LMS deployment is not registered in Trellis.",
        ),
    ],
)
def test_lti_refused_launch_shows_a_clear_page(lti_school, new_page, options, says):
    page = new_page()
    page.goto(lti_school.platform.start_url("lms-ana", **options))
    expect(page.get_by_role("heading", name="Trellis could not open this link")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text(says)
    expect(page.get_by_role("alert")).to_contain_text("LMS administrator")
    assert "Traceback" not in page.content()
    assert axe_violations(page) == []


def test_lti_replayed_launch_is_refused(lti_school, new_page):
    page = new_page()
    page.goto(lti_school.platform.start_url("lms-teacher", kind="deeplink"))
    expect(page.get_by_role("heading", name="Link this course to a Trellis class")).to_be_visible()
    page.goto(lti_school.platform.url("/replay"))  # the same signed launch, posted again
    expect(page.get_by_role("alert")).to_contain_text("This launch was already used.")


@pytest.mark.one_backend
def test_lti_admin_and_course_pages_pass_axe_and_reflow(lti_work, as_user):
    """The LTI pages an admin and a teacher open, through the page walk's own checks (axe with
    the WCAG 2.2 rules at three widths, nothing scrolling sideways at 320 px)."""
    from lti_tool.models import LtiContext

    from tests.e2e.walk import check_page
    from trellis.lti.models import CourseLink, Placement

    s = lti_work
    admin = as_user(s.admin.username)
    problems = []
    for url in (
        "/lti/admin/",
        "/lti/admin/registrations/new/",
        f"/lti/admin/registrations/{s.registration.pk}/",
    ):
        problems += check_page(admin, url)
    context = LtiContext.objects.create(
        deployment=s.registration.deployments.get(), id_on_platform="c-9", title="Math 9"
    )
    link = CourseLink.objects.create(context=context, classroom=s.klass)
    Placement.objects.create(
        course=link, kind="assignment", object_id=s.assignment.pk, title="Fractions unit test"
    )
    Placement.objects.create(course=link, kind="checkin", object_id=s.checkin.pk, title="Exit")
    teacher = as_user(s.teacher.username)
    problems += check_page(teacher, f"/lti/courses/{link.pk}/")
    assert not problems, "\n".join(problems)


# ------------------------------------------------------------------ xAPI and CASE

SAMPLE = Path(__file__).resolve().parents[2] / "docs/examples/case-sample-package.json"


def test_admin_configures_the_lrs_delivers_and_sees_the_status(as_user, ralph, settings):  # noqa: F811
    allow(settings, ralph.endpoint)  # a local store: allowed explicitly, the guard stays on
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
