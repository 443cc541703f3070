"""The pages: what people read, mistakes answered with a message and the text kept, audio
through the form, noindex and no surname for outside readers, guardians' plain words."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.reflection.conftest import WEBM, collection_of
from trellis.reflection import actions
from trellis.reflection.models import Audience, Reflection

pytestmark = pytest.mark.django_db


def test_the_journal_shows_the_prompt_of_the_moment(client, refl):
    actions.set_class_prompt(refl.teacher, refl.klass, "sure_wrong", "What fooled me?")
    client.force_login(refl.student)
    r = client.get(f"/reflection/classes/{refl.klass.pk}/journal/?moment=sure_wrong")
    assert "What fooled me?" in r.content.decode()


def test_a_recording_through_the_form_is_kept_and_played_back(client, refl):
    client.force_login(refl.student)
    r = client.post(
        f"/reflection/classes/{refl.klass.pk}/journal/",
        {
            "moment": "guided",
            "body": "",
            "audio": SimpleUploadedFile("recording.webm", WEBM, "audio/webm"),
            "transcript": "I found the pattern.",
        },
    )
    assert r.status_code == 302
    reflection = Reflection.objects.get()
    audio = client.get(f"/reflection/reflections/{reflection.pk}/audio/")
    assert audio["Content-Type"] == "audio/webm"
    assert b"".join(audio.streaming_content) == WEBM


def test_not_audio_is_refused_and_the_text_is_kept(client, refl):
    client.force_login(refl.student)
    r = client.post(
        f"/reflection/classes/{refl.klass.pk}/journal/",
        {
            "moment": "guided",
            "body": "My words stay here",
            "audio": SimpleUploadedFile("recording.webm", b"GIF89a not a sound", "audio/webm"),
        },
    )
    assert r.status_code == 400
    html = r.content.decode()
    assert "not a sound recording" in html and "My words stay here" in html
    assert not Reflection.objects.exists()


def test_a_long_comment_is_refused_with_the_text_kept(client, refl):
    c = collection_of(refl, Audience.CLASS)
    client.force_login(refl.classmate)
    long = "So interesting " * 50
    r = client.post(f"/reflection/collections/{c.pk}/respond/", {"body": long})
    assert r.status_code == 400
    html = r.content.decode()
    assert "the limit is 600" in html and long.strip()[:200] in html


def test_outside_readers_get_noindex_and_no_surname(client, refl):
    refl.student.first_name, refl.student.last_name = "Ada", "Lovelace"
    refl.student.save()
    c = collection_of(refl, Audience.FAMILY)
    actions.approve_audience(refl.teacher, c.pk)
    actions.respond(refl.classmate, c, body="Nice", helped=False)
    client.force_login(refl.guardian)
    r = client.get(f"/reflection/collections/{c.pk}/")
    html = r.content.decode()
    assert r["X-Robots-Tag"] == "noindex, nofollow" and 'name="robots"' in html
    assert "Ada" in html and "Lovelace" not in html
    assert refl.classmate.name not in html and "A classmate" in html


def test_the_guardian_summary_has_no_readiness_number(client, refl):
    from tests.progression.factories import running_task

    running_task(refl.teacher, refl.klass, title="Fractions")
    client.force_login(refl.guardian)
    r = client.get(f"/reflection/family/children/{refl.student.pk}/classes/{refl.klass.pk}/")
    html = r.content.decode()
    assert "Fractions" in html and "Trees in the city" in html
    assert "%" not in html and "readiness" not in html.lower()


def test_a_guardian_lands_on_the_family_page(client, refl):
    client.force_login(refl.guardian)
    r = client.get("/")
    assert r.status_code == 302 and r["Location"] == "/reflection/family/"


def test_joining_with_a_bad_code_keeps_what_was_typed(client, refl):
    r = client.post(
        "/reflection/family/join/",
        {"code": "NOPE", "first_name": "Marta", "username": "marta", "password": "x"},
    )
    assert r.status_code == 400
    html = r.content.decode()
    assert "That code does not work" in html and 'value="Marta"' in html


def test_the_bell_shows_the_unread_count(client, refl):
    c = collection_of(refl, Audience.FAMILY)
    actions.approve_audience(refl.teacher, c.pk)
    client.force_login(refl.guardian)
    assert ">1<" in client.get("/reflection/notices/bell/").content.decode()
    client.post("/reflection/notices/read/")
    assert "badge" not in client.get("/reflection/notices/bell/").content.decode()


def test_the_class_page_edits_prompts_and_asks_for_revisits(client, refl):
    client.force_login(refl.teacher)
    url = f"/reflection/classes/{refl.klass.pk}/"
    client.post(f"{url}prompts/", {"moment": "unit_end", "text": "Look back at the unit."})
    client.post(f"/reflection/assignments/{refl.assignment.pk}/revisit/", {"required": "1"})
    html = client.get(url).content.decode()
    assert "Look back at the unit." in html and "Stop asking" in html
