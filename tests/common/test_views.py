"""The view plumbing every app shares: safe redirects and "act, flash, go back"."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory

from trellis.common.errors import UserError
from trellis.common.views import act_and_redirect, safe_next


def _post(data):
    request = RequestFactory().post("/x/", data)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


@pytest.mark.parametrize(
    ("nxt", "expected"),
    [
        ("/work/revisions/3/#feedback-4", "/work/revisions/3/#feedback-4"),
        ("/classes/1/board/", "/classes/1/board/"),
        ("https://evil.example/", "/home/"),
        ("//evil.example/", "/home/"),
        ("javascript:alert(1)", "/home/"),
        ("", "/home/"),
    ],
)
def test_safe_next_keeps_only_urls_of_this_site(nxt, expected):
    assert safe_next(_post({"next": nxt}), "/home/") == expected


def test_act_and_redirect_flashes_the_error_or_the_success_and_goes_back():
    def fails():
        raise UserError("Say why.", field="reason")

    request = _post({"next": "//evil.example/"})
    response = act_and_redirect(request, fails, "/home/")
    assert response.url == "/home/"
    assert [m.message for m in get_messages(request)] == ["Say why."]

    request = _post({"next": "/classes/2/"})
    response = act_and_redirect(request, lambda: "Done.", "/home/")
    assert response.url == "/classes/2/"
    assert [m.message for m in get_messages(request)] == ["Done."]
