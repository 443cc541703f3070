"""Files: checked by content, limited in size before storing, names cleaned, served safely."""

import io
import os
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.work.factories import assignment_for, self_levels
from trellis.common.errors import UserError
from trellis.work import uploads
from trellis.work.actions import submissions as actions
from trellis.work.models import Revision

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n" + b"0" * 2000
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


def _docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def _files(root) -> list[str]:
    return [os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs]


@pytest.fixture
def file_assignment(work):
    work.file_assignment = assignment_for(
        work.teacher, work.klass, work.rubric, accepts_file=True, title="Lab report"
    )
    return work


def _submit(w, upload):
    return actions.submit_revision(
        w.student,
        w.file_assignment,
        kind="file",
        upload=upload,
        self_levels=self_levels(w.file_assignment),
        self_note="ok",
    )


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("report.pdf", PDF, "pdf"),
        ("graph.png", PNG, "png"),
        ("photo.JPG", b"\xff\xd8\xff\xe0" + b"\x00" * 50, "jpeg"),
        ("notes.txt", "Café notes, line one\n".encode() * 20, "txt"),
        ("essay.docx", _docx(), "docx"),
    ],
)
def test_accepted_kinds_are_stored_under_a_generated_name(file_assignment, name, content, kind):
    w = file_assignment
    revision = _submit(w, SimpleUploadedFile(name, content))
    assert revision.original_name == name
    assert revision.stored_name.startswith(f"work/{w.klass.pk}/")
    assert name not in revision.stored_name
    assert revision.size == len(content)
    assert uploads.kind_for(revision.stored_name).key == kind


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.pdf", b"MZ\x90\x00" + b"\x00" * 100, "not a file type we accept"),
        ("script.exe", PDF, "not a file type we accept"),
        ("graph.pdf", PNG, "named like a PDF but its content is a PNG image"),
        ("fake.docx", b"PK\x03\x04not really a zip", "not a file type we accept"),
        ("empty.txt", b"", "is empty"),
    ],
)
def test_wrong_types_are_rejected_and_nothing_is_stored(
    file_assignment, settings, name, content, message
):
    with pytest.raises(UserError, match=message) as e:
        _submit(file_assignment, SimpleUploadedFile(name, content))
    assert e.value.field == "file"
    assert _files(settings.MEDIA_ROOT) == []
    assert not Revision.objects.exists()


def test_oversized_file_is_rejected_with_the_limit_and_leaves_nothing(file_assignment, settings):
    settings.WORK_MAX_UPLOAD_BYTES = 1024
    with pytest.raises(UserError, match="larger than 1 KB") as e:
        _submit(file_assignment, SimpleUploadedFile("big.pdf", PDF))
    assert e.value.field == "file"
    assert _files(settings.MEDIA_ROOT) == []


def test_a_file_that_grows_while_streaming_is_stopped_and_removed(file_assignment, settings):
    settings.WORK_MAX_UPLOAD_BYTES = 1024
    upload = SimpleUploadedFile("sneaky.pdf", PDF)
    upload.size = 100  # claims to be small
    with pytest.raises(UserError, match="larger than"):
        _submit(file_assignment, upload)
    assert _files(settings.MEDIA_ROOT) == []


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\amara\\essay.pdf", "essay.pdf"),
        ("re\x00po\x1brt\u202e.pdf", "report.pdf"),
        ("  ..hidden.pdf", "hidden.pdf"),
        ("line\nbreak.pdf", "linebreak.pdf"),
        ("", "file"),
    ],
)
def test_file_names_are_cleaned_of_paths_and_control_characters(raw, clean):
    assert uploads.clean_filename(raw) == clean


def test_path_parts_in_an_uploaded_name_never_reach_storage(file_assignment, settings):
    revision = _submit(file_assignment, SimpleUploadedFile("../../../evil\x07.pdf", PDF))
    assert revision.original_name == "evil.pdf"
    stored = _files(settings.MEDIA_ROOT)
    assert len(stored) == 1
    assert os.path.realpath(stored[0]).startswith(os.path.realpath(settings.MEDIA_ROOT))


def test_oversized_upload_through_the_page_is_stopped_while_streaming(
    client, file_assignment, settings
):
    settings.WORK_MAX_UPLOAD_BYTES = 1024
    w = file_assignment
    client.force_login(w.student)
    data = {"kind": "file", "self_note": "ok", "file": SimpleUploadedFile("big.pdf", PDF)}
    data.update({f"self-{k}": v for k, v in self_levels(w.file_assignment).items()})
    response = client.post(f"/work/assignments/{w.file_assignment.pk}/submit/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "larger than 1 KB" in html and "up to 1 KB" in html
    assert "ok</textarea>" in html  # what was typed stays
    assert _files(settings.MEDIA_ROOT) == []
    assert not Revision.objects.exists()


def test_download_is_an_attachment_with_a_safe_name_and_checks_permission(client, file_assignment):
    w = file_assignment
    revision = _submit(w, SimpleUploadedFile('my "best" report;.pdf', PDF))
    url = f"/work/revisions/{revision.pk}/download/"
    client.force_login(w.student)
    response = client.get(url)
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "\n" not in disposition and '"best"' not in disposition
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    for other in (w.classmates[0], w.other_student, w.other_teacher, w.leader, w.far_teacher):
        client.force_login(other)
        assert client.get(url).status_code == 404
    client.force_login(w.teacher)
    assert client.get(url).status_code == 200
