"""Every foundation page passes axe-core's WCAG 2.1 A/AA rules (serious and critical)."""

import pytest

from tests.e2e.conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.one_backend
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
@pytest.mark.one_backend
def test_pages_for_each_role(world, as_user, username, paths):
    from trellis.rosters import actions

    actions.form_teams(world.teacher, world.klass, seed=1)
    page = as_user(username)
    for path in paths:
        page.goto(path.format(klass=world.klass.pk))
        assert axe_violations(page) == [], path


@pytest.mark.one_backend
def test_error_states_are_accessible(world, as_user):
    page = as_user("teacher")
    page.goto("/classes/new/")
    page.get_by_role("button", name="Create class").click()
    assert page.get_by_role("alert").is_visible()
    assert axe_violations(page) == []


@pytest.mark.one_backend
def test_keyboard_focus_is_visible_and_skip_link_works(world, as_user):
    page = as_user("teacher")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.one_backend
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


def test_sign_in_is_no_memory_test_and_takes_a_pasted_password(world, page):
    """WCAG 3.3.8 (accessible authentication): no puzzle or transcription to sign in; the
    fields name what they hold so a password manager fills them, and pasting is allowed."""
    from tests.factories import PASSWORD

    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/login/")
    user, password = page.get_by_label("Username"), page.get_by_label("Password")
    assert user.get_attribute("autocomplete") == "username"
    assert password.get_attribute("autocomplete") == "current-password"
    assert page.locator("iframe, [class*=captcha], [id*=captcha]").count() == 0
    for field, text in ((user, "teacher"), (password, PASSWORD)):
        page.evaluate("t => navigator.clipboard.writeText(t)", text)
        field.focus()
        page.keyboard.press("Control+V")
        assert field.input_value() == text
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")
    assert page.get_by_role("heading", level=1).is_visible()


@pytest.mark.one_backend
def test_the_focus_and_drag_checks_catch_problems(page):
    """The page walks' scripted checks for WCAG 2.4.11 and 2.5.7 (tests/e2e/walk.py) find a
    control under a sticky bar and a drag-only item, and pass a page without them."""
    from tests.e2e.walk import DRAGGABLE, OBSCURED

    page.set_viewport_size({"width": 800, "height": 300})
    page.set_content(
        "<html lang='en'><body>"
        "<a href='#x' style='position:fixed;bottom:10px;left:10px'>Hidden</a>"
        "<div style='position:fixed;bottom:0;left:0;right:0;height:80px;background:#fff;"
        "z-index:5'>a sticky bar</div>"
        "<div draggable='true' id='card'>drag me</div></body></html>"
    )
    assert page.evaluate(OBSCURED) == ['a "Hidden"']
    assert page.evaluate(DRAGGABLE) == ["div#card"]
    page.set_content("<html lang='en'><body><a href='#x'>Seen</a><button>Go</button></body></html>")
    assert page.evaluate(OBSCURED) == [] and page.evaluate(DRAGGABLE) == []
