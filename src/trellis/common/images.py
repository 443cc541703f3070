"""Pictures teachers add to their content (a step's graph or diagram): checked by content.

Only PNG and JPEG are accepted, recognised by their first bytes *and* a matching name
extension; SVG is refused because it can carry scripts. Files are streamed to Django's
default storage under a generated name; the original name, cleaned of folders and control
characters, is kept only for display.
"""

import os
import re
import unicodedata
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils.formats import number_format
from django.utils.translation import gettext

from trellis.common.errors import UserError


@dataclass(frozen=True)
class ImageKind:
    key: str
    extensions: tuple[str, ...]
    content_type: str
    magic: bytes


KINDS = (
    ImageKind("png", (".png",), "image/png", b"\x89PNG\r\n\x1a\n"),
    ImageKind("jpeg", (".jpg", ".jpeg"), "image/jpeg", b"\xff\xd8\xff"),
)
BY_EXTENSION = {ext: k for k in KINDS for ext in k.extensions}


def max_bytes() -> int:
    return int(getattr(settings, "IMAGE_MAX_UPLOAD_BYTES", 5 * 1024 * 1024))


def limits_text() -> str:
    return gettext("A PNG or JPEG picture, up to %(size)s MB.") % {
        "size": number_format(max_bytes() // (1024 * 1024))
    }


_SPACES = re.compile(r"\s+")


def clean_filename(name: str, fallback: str = "image") -> str:
    """The last path part, without control or format characters, at most 150 characters."""
    name = (name or "").replace("\\", "/").split("/")[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _SPACES.sub(" ", name).strip().lstrip(".").strip()
    if len(name) > 150:
        stem, ext = os.path.splitext(name)
        name = stem[: 150 - len(ext[:20])] + ext[:20]
    return name or fallback


def sniff(upload) -> ImageKind | None:
    """PNG or JPEG by the file's first bytes, else None. Leaves the file at its start."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    return next((k for k in KINDS if head.startswith(k.magic)), None)


def check(upload, *, field: str = "image") -> tuple[ImageKind, str]:
    """Validate an uploaded picture; return its kind and cleaned display name."""
    display = clean_filename(getattr(upload, "name", ""))
    size = getattr(upload, "size", None) or 0
    if size > max_bytes():
        raise UserError(
            gettext(
                "“%(display)s” is larger than %(value)s MB. Save it smaller (fewer "
                "pixels, or JPEG for photos) and choose it again."
            )
            % {"display": display, "value": max_bytes() // (1024 * 1024)},
            field=field,
        )
    if not size:
        raise UserError(
            gettext("“%(display)s” is empty. Choose the picture again.") % {"display": display},
            field=field,
        )
    kind = sniff(upload)
    ext = os.path.splitext(display)[1].lower()
    if kind is None or BY_EXTENSION.get(ext) is not kind:
        raise UserError(
            gettext(
                "“%(display)s” is not a PNG or JPEG picture (we look at its content, "
                "not only its name). Export it as PNG or JPEG and choose it again."
            )
            % {"display": display},
            field=field,
        )
    return kind, display


def store(upload, *, folder: str) -> tuple[str, str]:
    """Check then stream the picture to storage; return (stored name, display name)."""
    kind, display = check(upload)
    name = f"{folder}/{uuid.uuid4().hex}{kind.extensions[0]}"
    return default_storage.save(name, upload), display


def extension_for(stored_name: str) -> str:
    return os.path.splitext(stored_name)[1].lower()


def content_type_for(stored_name: str) -> str:
    kind = BY_EXTENSION.get(os.path.splitext(stored_name)[1].lower())
    return kind.content_type if kind else "application/octet-stream"


def discard(stored_name: str) -> None:
    if stored_name and default_storage.exists(stored_name):
        default_storage.delete(stored_name)
