import pytest
from django.test import Client

from tests.factories import PASSWORD
from trellis.accounts import actions
from trellis.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def test_login_rotates_the_session_key(client, world):
    client.get("/login/")
    client.cookies["sessionid"] = "attacker-chosen"
    response = client.post("/login/", {"username": "teacher", "password": PASSWORD})
    assert response.status_code == 302
    assert client.cookies["sessionid"].value != "attacker-chosen"


def test_wrong_password_and_unknown_user_get_the_same_message(client, world):
    a = client.post("/login/", {"username": "teacher", "password": "nope"}).content.decode()
    b = client.post("/login/", {"username": "ghost", "password": "nope"}).content.decode()
    assert "correct username and password" in a

    def summary(html):
        return html.split('class="error-summary"')[1].split("</div>")[0]

    assert summary(a) == summary(b)


def test_passwords_are_hashed(world):
    assert world.teacher.password != PASSWORD
    assert world.teacher.check_password(PASSWORD)


def test_logout_needs_post(client, world):
    client.force_login(world.teacher)
    assert client.get("/logout/").status_code == 405
    assert client.post("/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_token_is_shown_once_and_stored_hashed(client, world):
    client.force_login(world.teacher)
    html = client.post("/account/tokens/", {"name": "export"}).content.decode()
    token = ApiToken.objects.get(user=world.teacher)
    secret = html.split('id="new-token">')[1].split("<")[0]
    assert secret.startswith("trl_")
    assert secret not in token.key_hash and token.key_hash != secret
    assert secret not in client.get("/account/tokens/").content.decode()


def test_token_name_is_required(client, world):
    client.force_login(world.teacher)
    response = client.post("/account/tokens/", {"name": ""})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()


def test_revoked_token_gets_401(world):
    _, secret = actions.create_api_token(world.teacher, "script")
    api = Client()
    auth = {"Authorization": f"Bearer {secret}"}
    assert api.get("/api/v1/me", headers=auth).status_code == 200
    token = ApiToken.objects.get(user=world.teacher)
    actions.revoke_api_token(world.teacher, token.pk)
    response = api.get("/api/v1/me", headers=auth)
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_revoked_token_wins_over_a_session(client, world):
    token, secret = actions.create_api_token(world.teacher, "script")
    actions.revoke_api_token(world.teacher, token.pk)
    client.force_login(world.teacher)
    assert (
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    )


def test_someone_elses_token_cannot_be_revoked(client, world):
    token, _ = actions.create_api_token(world.teacher, "mine")
    client.force_login(world.other_teacher)
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    assert client.delete(f"/api/v1/tokens/{token.pk}").status_code == 404
    token.refresh_from_db()
    assert token.is_active


def test_api_token_lifecycle(world):
    _, secret = actions.create_api_token(world.teacher, "bootstrap")
    api = Client()
    auth = {"Authorization": f"Bearer {secret}"}
    created = api.post(
        "/api/v1/tokens", {"name": "nightly"}, content_type="application/json", headers=auth
    )
    assert created.status_code == 201
    body = created.json()
    assert body["token"].startswith("trl_")
    names = [t["name"] for t in api.get("/api/v1/tokens", headers=auth).json()]
    assert names == ["nightly", "bootstrap"]
    assert api.delete(f"/api/v1/tokens/{body['id']}", headers=auth).status_code == 204
    assert (
        api.get("/api/v1/me", headers={"Authorization": f"Bearer {body['token']}"}).status_code
        == 401
    )


def test_malformed_authorization_header_says_how(world):
    response = Client().get("/api/v1/me", headers={"Authorization": "Token abc"})
    assert response.status_code == 401
    assert "Bearer" in response.json()["detail"]
