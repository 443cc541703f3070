"""Browser tests: Debian's Chromium driven by Playwright against a live Trellis server.

In CI (CI=true) a missing Chromium fails the run; on a developer's machine it skips with
the reason, and `make test` prints it.
"""

import functools
import os

import pytest

from tests.factories import PASSWORD

CHROMIUM = os.environ.get("TRELLIS_CHROMIUM", "/usr/bin/chromium")
# Keep Chromium off the network: this machine has none, and tests must not depend on it.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = (
            f"Chromium is not installed at {CHROMIUM}. Install Debian's package: "
            "apt-get install chromium (or set TRELLIS_CHROMIUM)."
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message + " CI requires the browser tests.", pytrace=False)
        pytest.skip(message + " Skipped outside CI only (CI environment requires it).")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
    # test itself (factories) are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def new_page(browser, live_server):
    """Open a fresh browser context (its own cookies) and return its page; closed after."""
    contexts = []

    def make(width: int = 1280, height: int = 900):
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": width, "height": height}
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def sign_in(page, username: str, password: str = PASSWORD):
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("domcontentloaded")


def signed_in(page, username: str, base_url: str):
    """Sign `page`'s browser context in as `username` without the form and open the page the
    form leads to (home). The session is started as the form starts it
    (trellis.signin.actions.start_session: Django's login and its signal, the students'
    shorter session) and handed to the browser as its cookie, as Django's test client's
    force_login does. The form itself is tested by tests/e2e/test_signin.py and
    test_foundation.py (`sign_in`)."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.middleware import SessionMiddleware
    from django.shortcuts import resolve_url
    from django.test import RequestFactory

    from trellis.signin.actions import MODEL_BACKEND, start_session

    user = get_user_model().objects.get(username=username)
    request = RequestFactory().post("/login/")
    SessionMiddleware(lambda r: None).process_request(request)
    start_session(request, user, MODEL_BACKEND)
    request.session.save()
    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": request.session.session_key}
    page.context.add_cookies([{**cookie, "url": base_url}])
    page.goto(resolve_url(settings.LOGIN_REDIRECT_URL))
    return page


@pytest.fixture
def as_user(new_page, live_server):
    """`as_user("teacher")` gives a page signed in as that user (`signed_in`), in its own
    browser context; another password than the test one goes through the form."""

    def make(username: str, password: str = PASSWORD, **viewport):
        p = new_page(**viewport)
        if password != PASSWORD:
            sign_in(p, username, password)
            return p
        return signed_in(p, username, live_server.url)

    return make


AXE_JS = os.path.join(os.path.dirname(__file__), "vendor", "axe-4.14.1.min.js")


@functools.cache
def _axe_source() -> str:
    with open(AXE_JS, encoding="utf-8") as f:
        return f.read()


# WCAG 2.0, 2.1 and 2.2 at levels A and AA. `wcag22aa` brings target size (2.5.8), a rule axe
# ships switched off: axe_violations switches it on.
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")


def axe_violations(page, *, impact=("serious", "critical"), rules=None) -> list[str]:
    """Run axe-core (shipped with the tests; WCAG 2.0, 2.1 and 2.2 A/AA rules, target size
    included) on the page; return problems. `rules` runs only those rules (by id)."""
    # A click that follows a link may still be loading the next page: check that page, once
    # it has loaded (injecting into a document being replaced fails, or checks the old one).
    page.wait_for_load_state()
    # From a same-origin URL the test itself answers: the Content-Security-Policy refuses
    # inline scripts, which is what add_script_tag(path=...) would insert.
    if not page.evaluate("typeof axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, which the page's Content-Security-Policy
        # (no inline script) does not govern. (A route serving it as a file would also work,
        # but Playwright turns the browser's HTTP cache off for a page with a route: every
        # later load of that page fetched its styles and scripts again.)
        page.evaluate(_axe_source())
    if rules:
        only = {"type": "rule", "values": list(rules)}
    else:
        only = {"type": "tag", "values": list(AXE_TAGS)}
    result = page.evaluate(
        """async (only) => await axe.run(document, {
            runOnly: only,
            rules: {'target-size': {enabled: true}},
            resultTypes: ['violations']
        })""",
        only,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(f"{n['target']} {n['html'][:90]}" for n in v["nodes"][:3])
        for v in result["violations"]
        if v["impact"] in impact
    ]
