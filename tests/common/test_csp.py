"""Content-Security-Policy: every page carries it, and no page needs an exception to it.

The policy (settings.CONTENT_SECURITY_POLICY) allows scripts and styles only from Trellis'
own static files. Every product page is fetched by each role (the URL walk's routes and
ids) and its HTML checked: no inline <script> (JSON data blocks are not run and are fine), no
on…= handler, no javascript: link, no <style> element and no style attribute.
"""

from html.parser import HTMLParser

import pytest
from django.test import Client

from tests.test_url_walk import SKIP, fill, lesson, patterns  # noqa: F401  (lesson: fixture)

pytestmark = pytest.mark.django_db


class InlineFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and not attrs.get("src") and attrs.get("type") != "application/json":
            self.found.append("inline <script>")
        if tag == "style":
            self.found.append("<style> element")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.found.append(f"{name}= handler on <{tag}>")
            if name == "style":
                self.found.append(f"style= on <{tag}>")
            if name in ("href", "src", "action") and (value or "").strip().startswith(
                "javascript:"
            ):
                self.found.append(f"javascript: URL on <{tag}>")


def inline_code(html: str) -> list[str]:
    finder = InlineFinder()
    finder.feed(html)
    return finder.found


def test_the_policy_allows_only_trellis_own_scripts_and_styles(client, world):
    client.force_login(world.teacher)
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy
    # The sign-in page too (no session), and the API's docs (vendored Swagger UI, no CDN).
    assert Client().get("/login/").has_header("Content-Security-Policy")
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200 and "cdn" not in docs.content.decode().lower()
    assert inline_code(docs.content.decode()) == []


def test_the_finder_sees_what_the_policy_would_block():
    page = (
        '<script>alert(1)</script><script type="application/json">{}</script>'
        '<button onclick="x()">b</button><a href="javascript:x()">a</a>'
        '<style>p{}</style><p style="color:red">p</p><script src="/s.js"></script>'
    )
    assert inline_code(page) == [
        "inline <script>",
        "onclick= handler on <button>",
        "javascript: URL on <a>",
        "<style> element",
        "style= on <p>",
    ]


def test_no_page_has_inline_script_or_style(world, lesson):  # noqa: F811
    routes = [r for r in patterns() if not any(s in r for s in SKIP)]
    assert len(routes) > 50
    seen = 0
    problems = []
    for who in ("teacher", "student", "admin", "leader"):
        c = Client()
        c.force_login(getattr(world, who))
        for route in routes:
            url = fill(route, lesson)
            response = c.get(url)
            if response.status_code != 200:
                continue
            if not response.get("Content-Type", "").startswith("text/html"):
                continue
            assert response.has_header("Content-Security-Policy"), url
            seen += 1
            problems += [f"{who} {url}: {p}" for p in inline_code(response.content.decode())]
    assert seen > 60  # the walk reached real pages, not only refusals
    assert not problems, "\n".join(sorted(set(problems)))
