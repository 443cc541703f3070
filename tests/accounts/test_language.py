"""The language of the pages (docs/languages.md): the person's own choice, else their school's
default, else the browser's Accept-Language, else English; `<html lang>` says which."""

import html as htmllib
import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.budgets import assert_budget
from tests.permissions import ACTORS, codes, request_as
from trellis.accounts.models import School, User
from trellis.common.script_catalog import catalog_version

pytestmark = pytest.mark.django_db

FRENCH = "fr-CA,fr;q=0.9,en;q=0.5"


def lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def test_a_visitor_gets_their_browsers_language_else_english(client):
    assert lang(client.get("/login/")) == "en"
    french = client.get("/login/", HTTP_ACCEPT_LANGUAGE=FRENCH)
    assert lang(french) == "fr-ca"
    html = french.content.decode()
    assert "Se connecter à Trellis" in html and "Sign in to Trellis" not in html
    assert french["Content-Language"] == "fr-ca"
    assert "Accept-Language" in french["Vary"]
    # A language Trellis does not speak falls back to English.
    assert lang(client.get("/login/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")) == "en"
    # French from France is served the French we have.
    assert lang(client.get("/login/", HTTP_ACCEPT_LANGUAGE="fr-FR")) == "fr-ca"


def test_the_person_s_choice_beats_the_school_default_which_beats_the_browser(client, world):
    client.force_login(world.student)
    assert lang(client.get("/", HTTP_ACCEPT_LANGUAGE=FRENCH)) == "fr-ca"  # the browser's
    School.objects.filter(pk=world.school.pk).update(language="en")
    assert lang(client.get("/", HTTP_ACCEPT_LANGUAGE=FRENCH)) == "en"  # the school's
    School.objects.filter(pk=world.school.pk).update(language="fr-ca")
    assert lang(client.get("/")) == "fr-ca"
    User.objects.filter(pk=world.student.pk).update(language="en")
    assert lang(client.get("/", HTTP_ACCEPT_LANGUAGE=FRENCH)) == "en"  # their own
    # Another school's people are not touched by this school's default.
    client.force_login(world.far_teacher)
    assert lang(client.get("/")) == "en"


def test_a_student_chooses_french_in_preferences_and_every_page_follows(client, world):
    client.force_login(world.student)
    response = client.post(
        "/account/preferences/", {"text_size": "normal", "language": "fr-ca"}, follow=True
    )
    assert lang(response) == "fr-ca"
    html = htmllib.unescape(response.content.decode())
    assert "Préférences d'affichage enregistrées" in html  # said in the new language
    world.student.refresh_from_db()
    assert world.student.language == "fr-ca"
    # Remembered on another device, whatever that browser asks for.
    again = Client(HTTP_ACCEPT_LANGUAGE="en-US")
    again.force_login(User.objects.get(pk=world.student.pk))
    home = again.get("/")
    assert lang(home) == "fr-ca"
    assert "Mes classes" in home.content.decode()
    # Back to the school's default.
    client.post("/account/preferences/", {"text_size": "normal", "language": ""})
    assert lang(client.get("/")) == "en"


def test_an_unknown_language_is_refused_and_the_rest_is_kept(client, world):
    client.force_login(world.student)
    response = client.post(
        "/account/preferences/",
        {"text_size": "large", "language": "klingon", "high_contrast": "on"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_language_error"' in html and "Select a valid choice" in html
    box = re.search(r"<input[^>]*name=\"high_contrast\"[^>]*>", html).group(0)
    assert "checked" in box
    world.student.refresh_from_db()
    assert world.student.language == "" and world.student.text_size == "normal"


def test_the_action_refuses_an_unknown_language():
    from trellis.accounts import actions
    from trellis.common.errors import UserError

    with pytest.raises(UserError, match="Language: choose one of the languages listed"):
        actions.set_display_preferences(
            User(), text_size="normal", reduce_motion=False, high_contrast=False, language="xx"
        )


def test_an_admin_sets_the_school_default(client, world):
    client.force_login(world.admin)
    page = client.get("/account/school/")
    assert page.status_code == 200 and 'name="language"' in page.content.decode()
    response = client.post("/account/school/", {"language": "fr-ca"}, follow=True)
    assert "Paramètres de l'école enregistrés" in htmllib.unescape(response.content.decode())
    world.school.refresh_from_db()
    assert world.school.language == "fr-ca"
    client.force_login(world.student)
    assert lang(client.get("/")) == "fr-ca"
    # A bad value says what to do and changes nothing.
    client.force_login(world.admin)
    bad = client.post("/account/school/", {"language": "xx"})
    assert bad.status_code == 400 and 'id="id_language_error"' in bad.content.decode()
    world.school.refresh_from_db()
    assert world.school.language == "fr-ca"


@pytest.mark.parametrize("actor", ACTORS)
def test_only_an_admin_has_the_school_settings_page(client, world, actor):
    expected = codes(anonymous=302, admin=200, far_admin=200, rest=404)[actor]
    assert request_as(client, world, actor, "get", "/account/school/").status_code == expected
    if actor == "anonymous":
        return
    response = request_as(
        client, world, actor, "post", "/account/school/", data={"language": "fr-ca"}
    )
    assert response.status_code == (302 if expected == 200 else 404)
    world.school.refresh_from_db()
    # Only this school's own admin changes it.
    assert (world.school.language == "fr-ca") == (actor == "admin")


def test_the_script_catalogue_is_a_script_in_the_page_s_language(client, world):
    english_url = reverse("javascript-catalog", args=["en"])
    french_url = reverse("javascript-catalog", args=["fr-ca"])
    assert english_url == f"/jsi18n/en/{catalog_version()}.js"
    english = client.get(english_url)
    assert english.status_code == 200
    assert english["Content-Type"].startswith("text/javascript")
    assert "premi\\u00e8re" not in english.content.decode()
    # The address decides, whatever the browser asks for: a kept copy is always the right one.
    french = client.get(french_url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Cette \\u00e9tape est d\\u00e9j\\u00e0 la premi\\u00e8re." in french
    # Loaded by every page as a file from Trellis (the policy allows no inline script), at
    # the page's language.
    client.force_login(world.student)
    assert f'<script src="{english_url}" defer></script>' in client.get("/").content.decode()
    french_page = client.get("/", HTTP_ACCEPT_LANGUAGE=FRENCH).content.decode()
    assert f'<script src="{french_url}" defer></script>' in french_page


def test_the_script_catalogue_is_kept_until_its_words_change(client):
    response = client.get(reverse("javascript-catalog", args=["fr-ca"]))
    assert "max-age=31536000" in response["Cache-Control"]
    assert "immutable" in response["Cache-Control"]
    assert client.get("/jsi18n/de/" + catalog_version() + ".js").status_code == 404
    assert client.get("/jsi18n/en/0000.js").status_code == 404  # an old version


def test_the_catalogue_version_follows_the_compiled_words(settings, tmp_path):
    for lang in ("fr_CA", "es"):
        (tmp_path / lang / "LC_MESSAGES").mkdir(parents=True)
    mo = tmp_path / "fr_CA" / "LC_MESSAGES" / "djangojs.mo"
    settings.LOCALE_PATHS = [tmp_path]
    catalog_version.cache_clear()
    try:
        mo.write_bytes(b"words")
        before = catalog_version()
        catalog_version.cache_clear()
        mo.write_bytes(b"new words")
        assert catalog_version() != before
    finally:
        catalog_version.cache_clear()


def test_budget(client, world):
    # The catalogue reads nothing but the signed-in person (session and user with school).
    assert_budget(client, "javascript-catalog", 0, "en")
    client.force_login(world.student)
    assert_budget(client, "javascript-catalog", 2, "fr-ca")
    client.force_login(world.admin)
    assert_budget(client, "accounts:school", 2)
    assert_budget(
        client, "accounts:school", 6, method="post", status=302, data={"language": "fr-ca"}
    )
