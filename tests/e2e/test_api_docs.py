"""The API's documentation page (/api/v1/docs) works offline: Swagger UI is served from
django-ninja's own static files (vendored in the wheel), never from a CDN, under the same
Content-Security-Policy as every page."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.one_backend
def test_api_docs_render_with_every_outside_request_blocked(world, as_user, live_server):
    page = as_user("teacher")
    outside, refused = [], []

    def only_trellis(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_trellis)
    page.on(
        "console",
        lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.goto("/api/v1/docs")
    page.locator(".opblock").first.wait_for()
    assert page.locator(".opblock").count() > 50  # every operation is listed
    summary = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/me" in summary and "/api/v1/classes/{class_id}/board" in summary
    assert page.get_by_role("heading", name="Trellis API").is_visible()
    assert outside == []  # nothing was even asked of another host
    assert refused == []  # and the policy blocked nothing the page needs
    assert page.evaluate("document.documentElement.lang") == "en"
