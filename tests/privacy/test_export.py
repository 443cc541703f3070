"""Export: everything about or by a person, as JSON plus their files, with a README."""

import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse

from trellis.privacy import actions
from trellis.privacy.engine import declarations
from trellis.work.models import Revision

pytestmark = pytest.mark.django_db


def _zip(data: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(data))


def test_export_covers_every_declared_model_with_a_readme_and_files(demo, media):
    revision = Revision.objects.exclude(stored_name="").select_related("submission").first()
    if revision is None:  # the demo may hold text work only: hand in a file
        revision = Revision.objects.select_related("submission").first()
    person = revision.submission.student
    (media / "work").mkdir(exist_ok=True)
    if not revision.stored_name:
        Revision._base_manager.filter(pk=revision.pk).update(
            stored_name="work/x/essay.txt", original_name="essay.txt"
        )
        (media / "work" / "x").mkdir(parents=True, exist_ok=True)
        (media / "work/x/essay.txt").write_text("My essay")
    zf = _zip(actions.export_person(None, person))
    names = set(zf.namelist())
    readme = zf.read("README.md").decode()
    for d in declarations():
        if d.export:
            assert f"data/{d.model.lower()}.json" in names
            assert d.about in readme
    me = json.loads(zf.read("data/accounts.user.json"))
    assert me[0]["username"] == person.username and "password" not in me[0]
    events = json.loads(zf.read("data/evidence.evidenceevent.json"))
    assert events and all("you" in (e["actor_id"], e["subject_id"]) for e in events)
    # Other people are never named in someone's export.
    people = {e["actor_id"] for e in events} | {e["subject_id"] for e in events}
    assert people <= {"you", "someone else", None}
    assert any(n.startswith("files/") for n in names)
    assert "files/" in readme


def test_export_command_writes_a_zip(world, tmp_path, media):
    out = tmp_path / "student.zip"
    call_command("export_person", "student", "--out", str(out))
    assert "README.md" in _zip(out.read_bytes()).namelist()
    with pytest.raises(Exception, match="No person has the username"):
        call_command("export_person", "nobody", "--out", str(out))


def test_admin_exports_a_person_of_their_school_only(world, client, media):
    client.force_login(world.admin)
    r = client.post(reverse("privacy:export", args=[world.student.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/zip"
    assert "attachment" in r["Content-Disposition"]
    assert "README.md" in _zip(r.content).namelist()
    far = world.far_class.enrollments.filter(role="student").first().user
    assert client.post(reverse("privacy:export", args=[far.pk])).status_code == 404
    for who in (world.teacher, world.leader, world.student):
        client.force_login(who)
        assert (
            client.post(reverse("privacy:export", args=[world.other_student.pk])).status_code == 404
        )


def test_a_student_exports_their_own_data(world, client, media):
    client.force_login(world.student)
    assert b"Download my data" in client.get(reverse("privacy:mine")).content
    assert b"privacy/me/" in client.get(reverse("accounts:tokens")).content
    r = client.post(reverse("privacy:export_mine"))
    me = json.loads(_zip(r.content).read("data/accounts.user.json"))
    assert [m["username"] for m in me] == ["student"]
