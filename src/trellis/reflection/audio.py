"""Audio recorded in the browser: checked by content, streamed to storage under a safe name.

MediaRecorder gives WebM (Chromium, Firefox) or MP4 (Safari); Ogg, WAV and MP3 are taken
from a file too. The first bytes decide: a file that does not start like audio is refused,
whatever its name or the type the browser claimed.
"""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.utils.translation import gettext

from trellis.common.errors import UserError

HEAD = 64


@dataclass(frozen=True)
class AudioKind:
    extension: str
    content_type: str


def max_bytes() -> int:
    return int(getattr(settings, "REFLECTION_MAX_AUDIO_BYTES", 5 * 1024 * 1024))


def limits_text() -> str:
    return gettext("Recordings up to %(size)s MB (about five minutes).") % {
        "size": max_bytes() // (1024 * 1024)
    }


def sniff(upload) -> AudioKind | None:
    upload.seek(0)
    head = upload.read(HEAD)
    upload.seek(0)
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return AudioKind(".webm", "audio/webm")
    if head.startswith(b"OggS"):
        return AudioKind(".ogg", "audio/ogg")
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return AudioKind(".wav", "audio/wav")
    if head[4:8] == b"ftyp":
        return AudioKind(".m4a", "audio/mp4")
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return AudioKind(".mp3", "audio/mpeg")
    return None


def too_big() -> str:
    return gettext(
        "That recording is longer than we keep: the limit is %(size)s MB. Record a shorter one "
        "(or write the rest) and save again."
    ) % {"size": max_bytes() // (1024 * 1024)}


class _Counting(File):
    def __init__(self, file, limit):
        super().__init__(file)
        self.limit = limit
        self.written = 0

    def chunks(self, chunk_size=None):
        for chunk in super().chunks(chunk_size):
            self.written += len(chunk)
            if self.written > self.limit:
                raise UserError(too_big(), field="audio")
            yield chunk


def store(upload) -> tuple[str, str, int]:
    """(stored name, content type, size) after checking the content."""
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes():
        raise UserError(too_big(), field="audio")
    if not size:
        raise UserError(gettext("The recording is empty. Record again, then save."), field="audio")
    kind = sniff(upload)
    if kind is None:
        raise UserError(
            gettext(
                "That file is not a sound recording we can play. Record in the page, "
                "or choose a WebM, Ogg, MP4, WAV or MP3 file."
            ),
            field="audio",
        )
    name = f"reflection/audio/{uuid.uuid4().hex}{kind.extension}"
    counting = _Counting(upload, max_bytes())
    try:
        saved = default_storage.save(name, counting)
    except BaseException:
        if default_storage.exists(name):
            default_storage.delete(name)
        raise
    return saved, kind.content_type, counting.written


def discard(name: str) -> None:
    if name and default_storage.exists(name):
        default_storage.delete(name)
