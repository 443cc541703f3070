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


def reopen_after_download(page):
    """A form whose answer is a download leaves no page behind, but Chromium may still count
    it as a navigation under way, whose load never comes (a wait for it timed out now and
    then). Open the page again, as a person would, before checking it."""
    page.goto(page.url)


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
    reopen_after_download(page)
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
    reopen_after_download(page)
    assert axe_violations(page) == []


def _csp_errors(page) -> list[str]:
    """Collect what the Content-Security-Policy refuses on this page, as Chromium reports it."""
    refused: list[str] = []
    page.on(
        "console",
        lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return refused


def test_two_teachers_edit_the_same_task_and_the_second_sees_both_versions(world, as_user):
    """Nothing is silently overwritten: the later save gets the conflict page with their
    version beside what this teacher typed, still in the form; saving again is deliberate."""
    from trellis.curriculum import actions as curriculum
    from trellis.curriculum.models import Task
    from trellis.rosters import actions as rosters

    rosters.enroll(world.klass, world.other_teacher, "teacher")
    target = curriculum.create_target(world.teacher, world.klass, statement="I can add")
    task = curriculum.create_task(
        world.teacher, world.klass, title="Adding", target_ids=[target.pk], steps=["line up"]
    )
    url = f"/classes/{world.klass.pk}/tasks/{task.pk}/edit/"
    first, second = as_user("teacher"), as_user("other_teacher")
    refused = _csp_errors(first) + _csp_errors(second)
    first.goto(url)
    second.goto(url)

    second.get_by_label("Step", exact=True).first.fill("line up the digits by place")
    second.get_by_role("button", name="Save task").click()
    expect(second.get_by_role("status")).to_contain_text("Task saved")

    first.get_by_label("Title").fill("Adding two numbers")
    first.get_by_label("Step", exact=True).first.fill("my own wording of step one")
    first.get_by_role("button", name="Save task").click()
    conflict = first.get_by_role("region", name="Saved by someone else while you were editing")
    expect(conflict).to_contain_text("line up the digits by place")  # theirs
    expect(first.get_by_role("alert")).to_contain_text("Someone else saved this task")
    expect(first.get_by_label("Title")).to_have_value("Adding two numbers")  # mine, kept
    expect(first.get_by_label("Step", exact=True).first).to_have_value("my own wording of step one")
    task.refresh_from_db()
    assert task.title == "Adding" and task.steps.get().text == "line up the digits by place"
    assert axe_violations(first) == []

    first.get_by_role("button", name="Save task").click()  # deliberate, having seen theirs
    expect(first.get_by_role("status")).to_contain_text("Task saved")
    task = Task.objects.get(pk=task.pk)
    assert task.title == "Adding two numbers"
    assert task.steps.get().text == "my own wording of step one"
    assert refused == []


def test_pages_run_under_the_content_security_policy(world, as_user):
    """The live pages (htmx polling, the board's script) work with no inline script allowed:
    Chromium reports no refusal, and htmx swaps content in."""
    from tests.progression.factories import running_task

    task = running_task(world.teacher, world.klass)
    teacher = as_user("teacher")
    refused = _csp_errors(teacher)
    response = teacher.goto(f"/classes/{world.klass.pk}/board/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(teacher.locator("#board-grid")).to_contain_text(world.student.name)
    with teacher.expect_response(lambda r: "/board/grid" in r.url, timeout=30_000):
        pass  # the grid's poll (htmx) runs
    teacher.goto(f"/classes/{world.klass.pk}/tasks/{task.pk}/run/")
    teacher.goto(f"/charter/{world.klass.pk}/")
    student = as_user("student")
    refused += _csp_errors(student)
    student.goto(f"/classes/{world.klass.pk}/tasks/{task.pk}/learn/")
    student.goto("/privacy/")
    assert refused == []
