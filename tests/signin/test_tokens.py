"""API tokens get an optional expiry."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from trellis.accounts import actions
from trellis.accounts.models import ApiToken
from trellis.common.errors import UserError

pytestmark = pytest.mark.django_db


def _me(secret):
    return Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_a_token_without_expiry_keeps_working(world):
    token, secret = actions.create_api_token(world.teacher, "script")
    assert token.expires_at is None and _me(secret).status_code == 200


def test_an_expired_token_gets_401_with_a_message(world):
    token, secret = actions.create_api_token(world.teacher, "script", expires_in_days=30)
    assert _me(secret).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = _me(secret)
    assert response.status_code == 401
    assert "revoked or expired" in response.json()["detail"]


@pytest.mark.parametrize("days", [0, -3, 367])
def test_an_impossible_expiry_is_refused(world, days):
    with pytest.raises(UserError, match="expire after 1 to 366 days"):
        actions.create_api_token(world.teacher, "script", expires_in_days=days)
    assert not ApiToken.objects.exists()


def test_the_tokens_page_sets_an_expiry_and_shows_it(client, world):
    client.force_login(world.teacher)
    client.post("/account/tokens/", {"name": "export", "expires_in_days": "7"})
    token = ApiToken.objects.get()
    assert 6 < (token.expires_at - timezone.now()).days + 1 <= 7
    assert (
        timezone.localtime(token.expires_at).strftime("%Y-%m-%d")
        in client.get("/account/tokens/").content.decode()
    )


def test_the_tokens_page_says_what_is_wrong_with_an_expiry(client, world):
    client.force_login(world.teacher)
    response = client.post("/account/tokens/", {"name": "export", "expires_in_days": "900"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "expire after 1 to 366 days" in html and 'value="export"' in html


def test_the_api_creates_a_token_with_an_expiry(world):
    _, secret = actions.create_api_token(world.teacher, "bootstrap")
    response = Client().post(
        "/api/v1/tokens",
        {"name": "nightly", "expires_in_days": 10},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 201
    assert response.json()["expires_at"] is not None
