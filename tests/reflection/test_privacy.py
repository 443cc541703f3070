"""The student's own export holds their journal (with recordings) and their portfolio; erasure
removes them and leaves what others wrote, unnamed."""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.reflection.conftest import WEBM, collection_of
from trellis.privacy import actions as privacy_actions
from trellis.reflection import actions
from trellis.reflection.models import Audience, Collection, Reflection, Response

pytestmark = pytest.mark.django_db


def test_the_students_export_holds_journal_and_portfolio(refl):
    actions.write_reflection(
        refl.student,
        refl.klass,
        moment="revision",
        body="I changed my ending.",
        audio=SimpleUploadedFile("r.webm", WEBM, "audio/webm"),
    )
    c = collection_of(refl, Audience.CLASS)
    link = actions.create_share_link(refl.student, c.pk, 3)
    data = privacy_actions.export_person(refl.student, refl.student)
    z = zipfile.ZipFile(io.BytesIO(data))
    names = z.namelist()
    journal = json.loads(z.read("data/reflection.reflection.json"))
    assert {r["body"] for r in journal} >= {"I changed my ending."}
    assert json.loads(z.read("data/reflection.collection.json"))[0]["title"] == "My best thinking"
    assert json.loads(z.read("data/reflection.collectionitem.json"))
    assert any(n.startswith("files/reflection-") and n.endswith(".webm") for n in names)
    assert link.token not in z.read("data/reflection.sharelink.json").decode()


def test_erasure_removes_the_journal_and_keeps_others_words_unnamed(refl):
    c = collection_of(refl, Audience.CLASS)
    theirs = collection_of(refl, Audience.CLASS, student=refl.classmate)
    actions.respond(refl.student, theirs, body="Your plan helped me", helped=True)
    actions.respond(refl.classmate, c, body="Nice", helped=False)
    privacy_actions.erase_person(refl.admin, refl.student, confirm=refl.student.username)
    assert not Reflection.objects.filter(author_id=refl.student.pk).exists()
    assert not Collection.objects.filter(pk=c.pk).exists()
    kept = Response.objects.get(collection=theirs)
    assert kept.body == "Your plan helped me" and kept.author_id != refl.student.pk
