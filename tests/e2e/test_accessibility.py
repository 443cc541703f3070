"""Every foundation page passes axe-core's WCAG 2.1 A/AA rules (serious and critical)."""

import pytest

from tests.e2e.conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_in_page(world, page):
    page.goto("/login/")
    assert axe_violations(page) == []


@pytest.mark.parametrize(
    ("username", "paths"),
    [
        (
            "teacher",
            [
                "/",
                "/classes/{klass}/",
                "/classes/{klass}/teams/",
                "/classes/new/",
                "/account/tokens/",
            ],
        ),
        ("student", ["/", "/classes/{klass}/", "/classes/join/"]),
        ("leader", ["/"]),
        ("admin", ["/"]),
    ],
)
def test_pages_for_each_role(world, as_user, username, paths):
    from trellis.rosters import actions

    actions.form_teams(world.teacher, world.klass, seed=1)
    page = as_user(username)
    for path in paths:
        page.goto(path.format(klass=world.klass.pk))
        assert axe_violations(page) == [], path


def test_error_states_are_accessible(world, as_user):
    page = as_user("teacher")
    page.goto("/classes/new/")
    page.get_by_role("button", name="Create class").click()
    assert page.get_by_role("alert").is_visible()
    assert axe_violations(page) == []


def test_keyboard_focus_is_visible_and_skip_link_works(world, as_user):
    page = as_user("teacher")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_the_checker_itself_catches_problems(page):
    # Guards against a checker that silently passes everything.
    page.set_content("<html><body><img src='x.png'><button></button></body></html>")
    problems = axe_violations(page, impact=("minor", "moderate", "serious", "critical"))
    assert any(p.startswith("image-alt") for p in problems)
    assert any(p.startswith("button-name") for p in problems)
    # WCAG 2.2's target size (2.5.8): two 10 px buttons side by side.
    page.set_content(
        "<html lang='en'><head><title>t</title></head><body><main><h1>t</h1>"
        "<button style='width:10px;height:10px;padding:0;margin:0'>a</button>"
        "<button style='width:10px;height:10px;padding:0;margin:0'>b</button></main></body></html>"
    )
    assert any(p.startswith("target-size") for p in axe_violations(page))
