"""A French-speaking admin reads the OneRoster import's problems in French (docs/languages.md).

The problems keep their place (file, line, column, value) and say in French what was wrong and
what to do; a kept run (the nightly sync, run in English by cron) is shown in the language of
whoever opens the page, because it stores each problem as its English source and values.
"""

import io
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD
from trellis.accounts.models import School, User
from trellis.rosters.models import RosterRun

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


def _admin(language: str = "") -> User:
    school = School.objects.create(name="Cedar Ridge", slug="cedar", sourced_id="cedar-ridge-hs")
    return User.objects.create_user(
        "cedar-admin", password=PASSWORD, role="admin", school=school, language=language
    )


def _bad_set(roster) -> tuple[bytes, int]:
    """The set with one bad cell; returns the zip and the cell's line in users.csv."""
    roster.set("users.csv", "cr-student-00001", "enabledUser", "maybe")
    rows = roster.rows("users.csv")
    line = rows.index(roster.row("users.csv", "cr-student-00001")) + 1  # the header is line 1
    return roster.zip_bytes(), line


@pytest.mark.parametrize("how", ["preference", "browser"])
def test_an_upload_with_a_problem_is_reported_in_french_with_its_place(client, roster, how):
    admin = _admin("fr-ca" if how == "preference" else "")
    client.force_login(admin)
    data, line = _bad_set(roster)
    upload = SimpleUploadedFile("ensemble.zip", data, "application/zip")
    headers = {"HTTP_ACCEPT_LANGUAGE": "fr-CA"} if how == "browser" else {}
    response = client.post(reverse("rosters:import"), {"file": upload}, **headers)
    assert response.status_code == 400
    html = unescape(response.content.decode())
    assert '<html lang="fr-ca">' in html
    assert "Non importé" in html
    # The problem's row: file, line, column and value as they are, the sentence in French.
    row = (
        f"<tr><td>users.csv</td><td>{line}</td><td>enabledUser</td>"
        "<td><code>maybe</code></td><td>Écrivez true ou false.</td></tr>"
    )
    assert row in html
    # The rows pointing at the rejected one are told so once, in French too.
    assert f"Ceci renvoie à la ligne rejetée {line} de users.csv" in html
    assert f"2 problèmes trouvés{NBSP}: rien n'a été écrit." in html
    assert "Write true or false" not in html and "problem found" not in html


def test_a_kept_sync_reads_in_the_language_of_whoever_opens_the_page(client, roster, tmp_path):
    admin = _admin("fr-ca")
    data, line = _bad_set(roster)
    path = tmp_path / "set.zip"
    path.write_bytes(data)
    with pytest.raises(CommandError):
        call_command("import_roster", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    run = RosterRun.objects.get()
    # Kept as its English source and values, not as text in one language.
    assert run.problems[0]["msgid"] == "Write true or false."
    assert run.summary.startswith("2 problems found")

    client.force_login(admin)
    html = unescape(client.get(reverse("rosters:import")).content.decode())
    assert (
        f"users.csv, ligne {line}, colonne enabledUser{NBSP}: Écrivez true ou false. "
        f"(valeur «{NBSP}maybe{NBSP}»)"
    ) in html
    assert f"2 problèmes trouvés{NBSP}: rien n'a été écrit." in html
    assert "Write true or false" not in html

    admin.language = "en"
    admin.save(update_fields=["language"])
    english = unescape(client.get(reverse("rosters:import")).content.decode())
    assert (
        f"users.csv, line {line}, column enabledUser: Write true or false. (value “maybe”)"
    ) in english


def test_runs_kept_before_problems_were_codes_still_show(client):
    admin = _admin("fr-ca")
    now = timezone.now()
    RosterRun.objects.create(
        school=admin.school,
        trigger="command",
        started_at=now,
        finished_at=now,
        ok=False,
        summary="1 problem found",
        problem_count=1,
        problems=["users.csv, line 3: an old sentence kept as text"],
        notes=["An old note"],
    )
    client.force_login(admin)
    html = unescape(client.get(reverse("rosters:import")).content.decode())
    assert "users.csv, line 3: an old sentence kept as text" in html and "An old note" in html
    assert f"1 problème trouvé{NBSP}: rien n'a été écrit." in html
