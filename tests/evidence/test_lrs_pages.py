"""The admin's LRS page: who sees it, located errors that keep what was typed, budgets."""

import pytest

from tests.budgets import assert_budget
from trellis.evidence.models import LrsConnection

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["teacher", "leader", "student"])
def test_only_an_admin_sees_the_page(world, client, who):
    client.force_login(getattr(world, who))
    assert client.get("/evidence/lrs/").status_code == 404
    assert client.post("/evidence/lrs/send/").status_code == 404
    assert (
        client.post("/evidence/lrs/", {"endpoint": "https://x.test/", "auth_key": "k"}).status_code
        == 404
    )
    assert not LrsConnection.objects.exists()


def test_signed_out_goes_to_sign_in(client):
    response = client.get("/evidence/lrs/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_each_school_has_its_own_connection(world, client):
    client.force_login(world.far_admin)
    client.post(
        "/evidence/lrs/",
        {
            "endpoint": "https://far.test/xAPI",
            "auth_key": "far",
            "auth_secret": "s",
            "enabled": "on",
        },
    )
    client.force_login(world.admin)
    page = client.get("/evidence/lrs/").content.decode()
    assert "far.test" not in page and "No learning record store is set" in page


def test_bad_input_is_located_and_kept(world, client):
    client.force_login(world.admin)
    response = client.post(
        "/evidence/lrs/", {"endpoint": "not an address", "auth_key": "", "auth_secret": ""}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_endpoint"' in html and "Enter the full address" in html
    assert 'href="#id_auth_key"' in html
    assert 'value="not an address"' in html  # kept
    # A first save needs the secret; the error names it.
    response = client.post(
        "/evidence/lrs/", {"endpoint": "https://lrs.test/xAPI", "auth_key": "k", "auth_secret": ""}
    )
    assert response.status_code == 400
    assert 'href="#id_auth_secret"' in response.content.decode()
    assert not LrsConnection.objects.exists()


def test_the_secret_is_kept_and_never_shown(world, client):
    client.force_login(world.admin)
    data = {
        "endpoint": "https://lrs.test/xAPI",
        "auth_key": "k",
        "auth_secret": "s3cret",
        "enabled": "on",
    }
    assert client.post("/evidence/lrs/", data).status_code == 302
    conn = LrsConnection.objects.get()
    assert conn.endpoint == "https://lrs.test/xAPI/" and conn.auth_secret == "s3cret"
    assert "s3cret" not in client.get("/evidence/lrs/").content.decode()
    LrsConnection.objects.update(delivered_through=40, delivered_count=40)
    client.post("/evidence/lrs/", {**data, "auth_secret": "", "auth_key": "k2"})
    conn.refresh_from_db()
    assert conn.auth_secret == "s3cret" and conn.auth_key == "k2" and conn.delivered_through == 40
    # Another store has none of our statements: delivery starts again from the first.
    client.post("/evidence/lrs/", {**data, "endpoint": "https://other.test/xAPI/"})
    conn.refresh_from_db()
    assert conn.delivered_through == 0


def test_sending_without_a_store_says_what_to_do(world, client):
    client.force_login(world.admin)
    response = client.post("/evidence/lrs/send/", follow=True)
    assert "Set the learning record store first" in response.content.decode()


def test_budgets(world, client):
    from tests.evidence.xapi_world import class_evidence
    from trellis.common.models import JobRun

    client.force_login(world.admin)
    assert_budget(client, "evidence:lrs", 4)
    data = {
        "endpoint": "https://lrs.test/xAPI",
        "auth_key": "k",
        "auth_secret": "s",
        "enabled": "on",
    }
    assert_budget(client, "evidence:lrs", 11, method="post", data=data, status=302)
    assert_budget(client, "evidence:lrs", 9)
    assert_budget(client, "evidence:lrs_deliver", 12, method="post", status=302)
    JobRun.objects.update(status=JobRun.Status.DONE)
    class_evidence(school=world.school)  # more evidence waiting: the same counts
    assert_budget(client, "evidence:lrs", 9)
    assert_budget(client, "evidence:lrs_deliver", 12, method="post", status=302)


@pytest.mark.parametrize(
    "endpoint, words",
    [
        ("https://127.0.0.1:6379/", "The address 127.0.0.1 is this server itself"),
        ("https://169.254.169.254/latest/", "The address 169.254.169.254 is a link-local"),
        ("https://10.0.0.5/xAPI/", "The address 10.0.0.5 is inside a private network"),
        ("https://[::ffff:10.0.0.5]/xAPI/", "inside a private network"),
        ("https://lrs.school.example/xAPI/", "lrs.school.example leads to the address 192.168"),
        ("http://127.0.0.1:8000/xAPI/", "only over https://"),
    ],
)
def test_an_internal_address_is_refused_at_the_field_with_what_was_typed_kept(
    world, client, monkeypatch, endpoint, words
):
    """SSRF: an admin cannot make the server call itself, the cloud metadata service or the
    host's private network (trellis.common.outbound)."""
    import socket

    real = socket.getaddrinfo

    def resolve(host, port, *args, **kwargs):
        if host == "lrs.school.example":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("192.168.4.4", port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    client.force_login(world.admin)
    response = client.post(
        "/evidence/lrs/",
        {"endpoint": endpoint, "auth_key": "school-key", "auth_secret": "s", "enabled": "on"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert words in html and 'href="#id_endpoint"' in html
    assert "TRELLIS_OUTBOUND_ALLOW" in html  # what to do
    assert f'value="{endpoint}"' in html and 'value="school-key"' in html  # kept
    assert not LrsConnection.objects.exists()


def test_a_store_saved_before_the_guard_is_refused_when_sending(world):
    """The guard holds at connect time too: a stored internal address is never called, and
    the page says why (not retried: it would fail the same way)."""
    from trellis.common.errors import UserError
    from trellis.evidence import actions
    from trellis.evidence.verbs import Verb

    conn = LrsConnection.objects.create(
        school=world.school, endpoint="https://169.254.169.254/xAPI/", enabled=True
    )
    actions.record(
        actor=world.teacher,
        verb=Verb.ANSWERED,
        object_type="task",
        object_id=1,
        classroom=world.klass,
    )
    with pytest.raises(UserError, match="link-local"):
        actions.deliver_statements(world.school.pk)
    conn.refresh_from_db()
    assert "link-local" in conn.last_error and conn.delivered_through == 0
