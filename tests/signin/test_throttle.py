"""Login throttling: 10 failures in 15 minutes lock the account for 15 minutes; admins unlock."""

import pytest
from django.core.cache import cache
from django.test import override_settings

from tests.factories import PASSWORD
from trellis.signin import actions, throttle

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _fail(client, username="teacher", n=1, **extra):
    for _ in range(n):
        response = client.post("/login/", {"username": username, "password": "wrong"}, **extra)
    return response


def test_ten_failures_lock_the_account_with_a_message(client, world):
    nine = _fail(client, n=9)
    assert "correct username and password" in nine.content.decode()
    tenth = _fail(client).content.decode()
    assert "This account is locked after 10 failed sign-ins in 15 minutes" in tenth
    assert "your school&#x27;s Trellis administrator" in tenth
    # The right password is refused too while the lock lasts, and says why.
    right = client.post("/login/", {"username": "teacher", "password": PASSWORD})
    assert right.status_code == 400
    assert "locked" in right.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_ignores_the_case_of_the_username(client, world):
    _fail(client, username="TEACHER", n=10)
    response = client.post("/login/", {"username": "teacher", "password": PASSWORD})
    assert "locked" in response.content.decode()


def test_a_success_resets_the_count(client, world):
    _fail(client, n=9)
    assert client.post("/login/", {"username": "teacher", "password": PASSWORD}).status_code == 302
    client.post("/logout/")
    response = _fail(client, n=1)
    assert "locked" not in response.content.decode()


def test_other_accounts_are_not_locked(client, world):
    _fail(client, n=10)
    assert (
        client.post("/login/", {"username": "other_teacher", "password": PASSWORD}).status_code
        == 302
    )


def test_the_lock_ends_after_its_time(client, world, monkeypatch):
    _fail(client, n=10)
    until = throttle.account_locked_until("teacher")
    assert until is not None
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: until)  # the moment the lock ends
    assert throttle.account_locked_until("teacher") is None


def test_an_admin_unlocks(client, world):
    _fail(client, n=10)
    actions.unlock(world.admin, world.teacher)
    assert client.post("/login/", {"username": "teacher", "password": PASSWORD}).status_code == 302


def test_an_admin_of_another_school_cannot_unlock(world):
    from django.test import RequestFactory

    from trellis.common.errors import NotFound

    request = RequestFactory().post("/login/")
    for _ in range(10):
        throttle.record_failure(request, "teacher")
    with pytest.raises(NotFound):
        actions.unlock(world.far_admin, world.teacher)
    assert throttle.account_locked_until("teacher") is not None


@override_settings(SIGNIN_ADDRESS_FAILURES=5)
def test_one_address_failing_on_many_accounts_is_blocked(client, world):
    for name in ["a", "b", "c", "d", "e"]:
        _fail(client, username=name)
    response = client.post("/login/", {"username": "teacher", "password": PASSWORD})
    assert "Too many failed sign-ins came from this network" in response.content.decode()
    other = client.post(
        "/login/", {"username": "teacher", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 302


@override_settings(SIGNIN_PROXY_COUNT=1, SIGNIN_ADDRESS_FAILURES=3)
def test_behind_a_proxy_the_forwarded_address_counts(client, world):
    for name in ["a", "b", "c"]:
        _fail(client, username=name, HTTP_X_FORWARDED_FOR="203.0.113.5")
    blocked = client.post(
        "/login/",
        {"username": "teacher", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.5",
    )
    assert "this network" in blocked.content.decode()
    fine = client.post(
        "/login/",
        {"username": "teacher", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.6",
    )
    assert fine.status_code == 302


def test_the_django_admin_login_is_throttled(client, world):
    for _ in range(10):
        client.post("/django-admin/login/", {"username": "admin", "password": "wrong"})
    response = client.post("/django-admin/login/", {"username": "admin", "password": PASSWORD})
    assert "locked" in response.content.decode()


def test_the_lock_holds_no_username_in_the_cache(world):
    from django.test import RequestFactory

    request = RequestFactory().post("/login/")
    throttle.record_failure(request, "teacher")
    keys = list(cache._cache.keys())  # locmem in tests
    assert keys and not any("teacher" in k for k in keys)
