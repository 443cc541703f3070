import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in
from trellis.rosters.models import TeamMembership

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    ("username", "heading"),
    [
        ("teacher", "My classes"),
        ("student", "My classes"),
        ("leader", "Maple Grove at a glance"),
        ("admin", "Maple Grove"),
    ],
)
def test_each_role_lands_on_its_home_page(world, page, username, heading):
    sign_in(page, username)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()


def test_wrong_password_is_generic_and_keeps_the_username(world, page):
    sign_in(page, "teacher", "not-the-password")
    expect(page.get_by_role("alert")).to_contain_text("correct username and password")
    expect(page.get_by_label("Username")).to_have_value("teacher")
    sign_in(page, "nobody-at-all", "not-the-password")
    expect(page.get_by_role("alert")).to_contain_text("correct username and password")


def test_teacher_forms_teams_and_moves_a_student_by_keyboard(world, as_user):
    from tests.factories import StudentFactory
    from trellis.rosters import actions

    for _ in range(6):
        actions.enroll(world.klass, StudentFactory(school=world.school), "student")
    page = as_user("teacher")
    page.get_by_role("link", name="Algebra").click()
    page.get_by_role("link", name="Student teams").click()
    page.get_by_role("button", name="Form teams").click()
    expect(page.get_by_role("status")).to_contain_text("Formed 2 teams")
    team1 = page.locator("[data-team='Team 1']")
    first = team1.locator("li").first
    name = first.get_attribute("data-student")
    # Keyboard only: focus the select, pick Team 2, press Enter on the Move button.
    select = first.get_by_role("combobox")
    select.focus()
    select.select_option(label="Team 2")
    first.get_by_role("button", name=f"Move {name}").press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Moved to Team 2")
    expect(page.locator("[data-team='Team 2']")).to_contain_text(name)
    assert TeamMembership.objects.filter(classroom=world.klass, team__name="Team 2").count() == 6


def test_student_joins_a_class_by_code(world, as_user):
    page = as_user("other_student")
    page.get_by_role("link", name="Join a class").first.click()
    page.get_by_label("Join code").fill("nope123")
    page.get_by_role("button", name="Join").click()
    expect(page.locator(".field .error")).to_contain_text("No class has the code")
    expect(page.get_by_label("Join code")).to_have_value("nope123")
    page.get_by_label("Join code").fill(world.klass.join_code.lower())
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Algebra"))
    expect(page.get_by_role("status")).to_contain_text("Welcome to Algebra")


@pytest.mark.one_backend
def test_pages_are_usable_at_320_px(world, as_user):
    page = as_user("teacher", width=320, height=640)
    page.goto(f"/classes/{world.klass.pk}/teams/")
    # Nothing forces a horizontal scroll on a phone.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
