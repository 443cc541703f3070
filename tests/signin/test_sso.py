"""Single sign-on matches imported people by sourcedId or verified email, never by name, and
never creates an account. Tested against a real OpenID Connect provider in this process."""

from urllib.parse import urlsplit

import httpx
import pytest
from allauth.socialaccount.models import SocialAccount
from django.test import override_settings

from tests.factories import StudentFactory, TeacherFactory
from tests.signin import oidc
from trellis.accounts.models import User
from trellis.signin.sso import Refused, match_person

pytestmark = pytest.mark.django_db
LOGIN = f"/sign-in/sso/oidc/{oidc.PROVIDER_ID}/login/"


@pytest.fixture(scope="module")
def provider_url():
    with oidc.provider() as url:
        yield url


@pytest.fixture
def sso(provider_url):
    with override_settings(SOCIALACCOUNT_PROVIDERS=oidc.providers_setting(provider_url)):
        yield provider_url


def sign_in_through_provider(client, provider_url, sub):
    """Press the button, let the provider authorise `sub`, come back: the final response."""
    to_provider = client.post(LOGIN)
    assert to_provider.status_code == 302, to_provider.content[:500]
    assert to_provider.url.startswith(provider_url)
    back = httpx.post(to_provider.url, data={"sub": sub})
    assert back.status_code == 302, back.text[:500]
    callback = urlsplit(back.headers["location"])
    return client.get(
        callback.path, {k: v for k, v in httpx.URL(back.headers["location"]).params.items()}
    )


def test_the_login_page_shows_configured_providers_only(client, sso):
    html = client.get("/login/").content.decode()
    assert f"Sign in with {oidc.PROVIDER_NAME}" in html
    with override_settings(SOCIALACCOUNT_PROVIDERS={}):
        assert "Sign in with your school account" not in client.get("/login/").content.decode()


def test_a_verified_email_signs_in_the_imported_person(client, sso, world):
    teacher = TeacherFactory(school=world.school, email="ada@maple.example")
    oidc.set_identity(sso, "ada-sub", email="Ada@Maple.example", email_verified=True)
    response = sign_in_through_provider(client, sso, "ada-sub")
    assert response.status_code == 302 and response.url == "/"
    assert client.get("/").context["user"] == teacher
    assert SocialAccount.objects.get().user == teacher
    # Next time the link is used, even if the provider's address changed.
    client.post("/logout/")
    oidc.set_identity(sso, "ada-sub", email="other@x.example", email_verified=True)
    assert sign_in_through_provider(client, sso, "ada-sub").url == "/"


def test_the_roster_sourced_id_claim_signs_in_the_person(client, sso, world):
    student = StudentFactory(school=world.school, sourced_id="stu-0042", email="")
    oidc.set_identity(sso, "kid-1", sourced_id="stu-0042")
    response = sign_in_through_provider(client, sso, "kid-1")
    assert response.url == "/"
    assert client.get("/").context["user"] == student
    assert client.session.get_expiry_age() <= 12 * 3600  # a student's short session


def test_an_unknown_person_is_refused_and_nothing_is_created(client, sso, world):
    before = User.objects.count()
    oidc.set_identity(sso, "stranger", email="stranger@x.example", email_verified=True)
    response = sign_in_through_provider(client, sso, "stranger")
    html = response.content.decode()
    assert response.status_code == 403
    assert "No account matches this sign-in" in html
    assert "never created at sign-in" in html and "Trellis administrator" in html
    assert User.objects.count() == before and not SocialAccount.objects.exists()
    assert "_auth_user_id" not in client.session


def test_a_name_alone_never_matches(client, sso, world):
    oidc.set_identity(sso, "namesake", name=world.teacher.name, given_name=world.teacher.first_name)
    response = sign_in_through_provider(client, sso, "namesake")
    assert response.status_code == 403 and not SocialAccount.objects.exists()


def test_an_unverified_email_is_refused(client, sso, world):
    TeacherFactory(school=world.school, email="ada@maple.example")
    oidc.set_identity(sso, "ada-sub", email="ada@maple.example", email_verified=False)
    response = sign_in_through_provider(client, sso, "ada-sub")
    assert response.status_code == 403
    assert "did not confirm that this email address is yours" in response.content.decode()
    assert not SocialAccount.objects.exists()


def test_a_deactivated_person_is_refused(client, sso, world):
    TeacherFactory(school=world.school, email="gone@maple.example", is_active=False)
    oidc.set_identity(sso, "gone", email="gone@maple.example", email_verified=True)
    response = sign_in_through_provider(client, sso, "gone")
    assert response.status_code == 403
    assert "is deactivated" in response.content.decode()
    assert not SocialAccount.objects.exists()


def test_a_person_deactivated_after_linking_is_refused(client, sso, world):
    teacher = TeacherFactory(school=world.school, email="ada@maple.example")
    oidc.set_identity(sso, "ada-sub", email="ada@maple.example", email_verified=True)
    sign_in_through_provider(client, sso, "ada-sub")
    client.post("/logout/")
    teacher.is_active = False
    teacher.save()
    response = sign_in_through_provider(client, sso, "ada-sub")
    assert response.status_code == 403 and "is deactivated" in response.content.decode()


def test_a_cancelled_sign_in_says_so(client, sso):
    to_provider = client.post(LOGIN)
    back = httpx.post(to_provider.url, data={"action": "deny"})
    location = httpx.URL(back.headers["location"])
    response = client.get(location.path, dict(location.params.items()))
    assert response.status_code in (200, 403)
    assert "nothing was changed" in response.content.decode().lower()


# --- the matching rule on its own -------------------------------------------------------------


def test_match_prefers_the_sourced_id(world):
    a = TeacherFactory(school=world.school, sourced_id="t-1", email="a@x.example")
    TeacherFactory(school=world.school, email="b@x.example")
    assert match_person("openid_connect", {"sourced_id": "t-1"}, [("b@x.example", True)]) == a


def test_two_accounts_with_one_email_are_not_guessed(world):
    TeacherFactory(school=world.school, email="dup@x.example")
    TeacherFactory(school=world.school, email="DUP@x.example")
    with pytest.raises(Refused, match="Several Trellis accounts share"):
        match_person("google", {}, [("dup@x.example", True)])


def test_no_email_and_no_claim_is_refused(world):
    with pytest.raises(Refused, match="sent no email address or roster identifier"):
        match_person("google", {}, [])


@override_settings(SIGNIN_TRUSTED_EMAIL_PROVIDERS=["microsoft"])
def test_a_tenant_locked_microsoft_address_counts_as_verified(world):
    t = TeacherFactory(school=world.school, email="ms@maple.example")
    assert match_person("microsoft", {}, [("ms@maple.example", False)]) == t
    with pytest.raises(Refused, match="did not confirm"):
        match_person("google", {}, [("ms@maple.example", False)])


def test_provider_settings_from_the_environment():
    from trellis.settings.signin import sso_providers, trusted_email_providers

    env = {
        "TRELLIS_GOOGLE_CLIENT_ID": "g",
        "TRELLIS_MICROSOFT_CLIENT_ID": "m",
        "TRELLIS_MICROSOFT_TENANT": "maple.example",
        "TRELLIS_OIDC_CLIENT_ID": "c",
        "TRELLIS_OIDC_SERVER_URL": "https://clever.com/oauth",
        "TRELLIS_OIDC_ID": "clever",
    }
    providers = sso_providers(env)
    assert set(providers) == {"google", "microsoft", "openid_connect"}
    assert providers["microsoft"]["APPS"][0]["settings"]["tenant"] == "maple.example"
    assert providers["openid_connect"]["APPS"][0]["provider_id"] == "clever"
    assert trusted_email_providers(env) == ["microsoft"]
    assert trusted_email_providers({**env, "TRELLIS_MICROSOFT_TENANT": "common"}) == []
    assert sso_providers({}) == {}


@pytest.mark.parametrize(
    "url, code",
    [
        ("/sign-in/sso/connections/", 403),
        ("/sign-in/sso/signup/", 403),
        ("/sign-in/sso/error/", 403),
        ("/sign-in/sso/cancelled/", 200),
        ("/sign-in/sso/google/login/", 404),  # not configured
        ("/sign-in/sso/microsoft/login/", 404),
    ],
)
@pytest.mark.parametrize("actor", ["anonymous", "teacher"])
def test_allauths_own_pages_are_not_served(client, world, url, code, actor):
    if actor == "teacher":
        client.force_login(world.teacher)
    assert client.get(url).status_code == code
    assert not SocialAccount.objects.exists()


def test_opening_a_providers_login_by_link_asks_before_leaving(client, sso):
    html = client.get(LOGIN).content.decode()
    assert f"Sign in with {oidc.PROVIDER_NAME}" in html and "Continue" in html
