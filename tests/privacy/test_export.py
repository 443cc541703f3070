"""Export: everything about or by a person, as JSON plus their files, with a README."""

import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _zip(data: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(data))


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
