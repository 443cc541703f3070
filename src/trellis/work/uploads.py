"""Files students hand in: checked by content, streamed to storage, served under a safe name.

A file is accepted only if its first bytes say it is one of the kinds below *and* its name's
extension agrees. Pictures are recognised, and names cleaned, by `trellis.common.images`, the
same check step images go through. It is written to Django's default storage in chunks
(never read whole into memory) under a generated name; the original name, cleaned of folders
and control characters, is kept only for display and download.
"""

import codecs
import os
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext

from trellis.common import images
from trellis.common.errors import UserError

HEAD_BYTES = 8192


@dataclass(frozen=True)
class FileKind:
    key: str
    label: str
    extensions: tuple[str, ...]
    content_type: str


KINDS = {
    "pdf": FileKind("pdf", "PDF", (".pdf",), "application/pdf"),
    **{
        k.key: FileKind(k.key, f"{k.key.upper()} image", k.extensions, k.content_type)
        for k in images.KINDS
    },
    "txt": FileKind("txt", "plain text", (".txt", ".md"), "text/plain; charset=utf-8"),
    "docx": FileKind(
        "docx",
        "Word document",
        (".docx",),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
}
ALLOWED_EXTENSIONS = {ext: k for k in KINDS.values() for ext in k.extensions}


def max_bytes() -> int:
    return int(getattr(settings, "WORK_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))


def human_size(n: int) -> str:
    """A size as the page's language writes it ("1.5 MB", "1,5 Mo")."""
    if n >= 1024 * 1024:
        size = n // (1024 * 1024) if n % (1024 * 1024) == 0 else number_format(n / 1048576, 1)
        return gettext("%(size)s MB") % {"size": size}
    if n >= 1024:
        return gettext("%(size)s KB") % {"size": n // 1024}
    return ngettext("%(size)s byte", "%(size)s bytes", n) % {"size": n}


def limits_text() -> str:
    """The sentence every upload form shows."""
    return gettext("PDF, PNG, JPEG, TXT or DOCX, up to %(size)s.") % {
        "size": human_size(max_bytes())
    }


def clean_filename(name: str, fallback: str = "file") -> str:
    """The last path part, without control or format characters, at most 150 characters."""
    return images.clean_filename(name, fallback)


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        # Not final: the head may end inside a multi-byte character.
        text = codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    return controls <= len(text) // 100


def sniff(upload) -> FileKind | None:
    """The kind of file by its content, or None. Leaves the file at its start."""
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    kind = None
    picture = images.sniff(upload)
    if head.startswith(b"%PDF-"):
        kind = KINDS["pdf"]
    elif picture is not None:
        kind = KINDS[picture.key]
    elif head.startswith(b"PK\x03\x04"):
        try:
            # The zip index sits at the end; zipfile seeks to it without reading the body.
            with zipfile.ZipFile(upload) as z:
                if "word/document.xml" in z.namelist():
                    kind = KINDS["docx"]
        except (zipfile.BadZipFile, OSError, ValueError):
            kind = None
        upload.seek(0)
    elif head and _looks_like_text(head):
        kind = KINDS["txt"]
    return kind


@dataclass(frozen=True)
class StoredFile:
    stored_name: str
    original_name: str
    content_type: str
    size: int


class _CountingFile(File):
    """Streams the upload chunk by chunk and stops if it grows past the limit."""

    def __init__(self, file, limit: int):
        super().__init__(file)
        self.limit = limit
        self.written = 0

    def chunks(self, chunk_size=None):
        for chunk in super().chunks(chunk_size):
            self.written += len(chunk)
            if self.written > self.limit:
                raise UserError(too_big_message(), field="file")
            yield chunk


def too_big_message() -> str:
    return gettext(
        "That file is larger than %(size)s, the limit for hand-ins. Make it smaller (export a "
        "PDF with smaller images, or split it) and try again."
    ) % {"size": human_size(max_bytes())}


def check(upload) -> tuple[FileKind, str]:
    """Validate an uploaded file; return its kind and its cleaned display name."""
    display = clean_filename(getattr(upload, "name", ""))
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes():
        raise UserError(too_big_message(), field="file")
    if not size:
        raise UserError(
            gettext("“%(display)s” is empty. Choose the file again.") % {"display": display},
            field="file",
        )
    ext = os.path.splitext(display)[1].lower()
    kind = sniff(upload)
    if kind is None or ext not in ALLOWED_EXTENSIONS:
        raise UserError(
            gettext("“%(display)s” is not a file type we accept. Hand in %(limits_text)s")
            % {"display": display, "limits_text": limits_text()},
            field="file",
        )
    if ALLOWED_EXTENSIONS[ext] is not kind:
        raise UserError(
            gettext(
                "“%(display)s” is named like a %(label)s but its content is a "
                "%(label2)s. Export or rename it so the two agree."
            )
            % {"display": display, "label": ALLOWED_EXTENSIONS[ext].label, "label2": kind.label},
            field="file",
        )
    return kind, display


def store(upload, *, folder: str) -> StoredFile:
    """Check then stream the upload to storage under a generated name."""
    kind, display = check(upload)
    name = f"work/{folder}/{uuid.uuid4().hex}{kind.extensions[0]}"
    counting = _CountingFile(upload, max_bytes())
    try:
        saved = default_storage.save(name, counting)
    except BaseException:
        if default_storage.exists(name):
            default_storage.delete(name)
        raise
    return StoredFile(
        stored_name=saved,
        original_name=display,
        content_type=kind.content_type,
        size=counting.written,
    )


def discard(stored: StoredFile | None) -> None:
    if stored and default_storage.exists(stored.stored_name):
        default_storage.delete(stored.stored_name)


def kind_for(stored_name: str) -> FileKind | None:
    return ALLOWED_EXTENSIONS.get(os.path.splitext(stored_name)[1].lower())


class LimitedUploadHandler(FileUploadHandler):
    """First in line: drops a file as soon as it passes the limit, before it reaches disk.

    The request is marked so the view can say why the file is missing.
    """

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0

    def new_file(self, *args, **kwargs):
        self.received = 0
        super().new_file(*args, **kwargs)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > max_bytes():
            self.request.work_upload_too_large = True
            raise SkipFile()
        return raw_data

    def file_complete(self, file_size):
        return None
