"""Opening a roster set safely: a folder or a .zip, within stated limits.

A zip entry whose name climbs out of the set (``../``) or is absolute is refused, as is a set
with too many files or too many unpacked bytes. Sizes are checked twice: against what the zip
declares before anything is unpacked, and by counting bytes while reading, because a zip's
declared sizes are written by whoever made it.
"""

import io
import os
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from . import spec
from .report import Problem, Problems

_DRIVE = re.compile(r"^[A-Za-z]:")
# Made by operating systems, never by an information system: skipped without a word.
_NOISE = ("__MACOSX/", ".DS_Store", "Thumbs.db")


class Budget:
    """Bytes still allowed to be unpacked from the whole set."""

    def __init__(self, limit: int):
        self.limit = limit
        self.used = 0

    def spend(self, n: int, filename: str) -> None:
        self.used += n
        if self.used > self.limit:
            raise Problems(
                [
                    Problem(
                        f"The set unpacks to more than {self.limit // (1024 * 1024)} MB, the "
                        "most Trellis reads in one import. Split it (one school per set) or "
                        "leave out files Trellis does not use (results, lineItems...).",
                        file=filename,
                    )
                ]
            )


class _Counted(io.RawIOBase):
    """A read-only stream that charges every byte it hands out to the budget."""

    def __init__(self, raw: BinaryIO, budget: Budget, filename: str):
        self._raw = raw
        self._budget = budget
        self._filename = filename

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self._raw.read(len(buffer))
        self._budget.spend(len(data), self._filename)
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._raw.close()
        super().close()


@dataclass
class Member:
    name: str  # the file's name inside the set, e.g. "users.csv"
    size: int  # as declared (zip) or as seen on disk (folder)
    _open: object

    def open(self, budget: Budget) -> io.BufferedReader:
        return io.BufferedReader(_Counted(self._open(), budget, self.name), 64 * 1024)


class RosterSet:
    """The files of one set by name; opened from a folder or a zip (path or file object)."""

    def __init__(self, members: dict[str, Member], closer=None):
        self.members = members
        self.budget = Budget(spec.MAX_UNPACKED_BYTES)
        self._closer = closer

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self._closer:
            self._closer()

    def __contains__(self, name: str) -> bool:
        return name in self.members

    def size(self, name: str) -> int:
        return self.members[name].size

    def open(self, name: str) -> io.BufferedReader:
        return self.members[name].open(self.budget)

    @property
    def total_size(self) -> int:
        return sum(m.size for m in self.members.values())


def open_set(source) -> RosterSet:
    """Open `source`: a folder path, a .zip path, or a file object holding a zip."""
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        if path.is_dir():
            return _open_folder(path)
        if not path.exists():
            raise Problems([Problem(f"There is no file or folder at {path}.")])
        return _open_zip(path.open("rb"), path.name, close_file=True)
    return _open_zip(source, getattr(source, "name", "") or "upload", close_file=False)


def _too_many(count: int) -> Problem:
    return Problem(
        f"The set holds {count} files; Trellis reads at most {spec.MAX_FILES}. "
        "A OneRoster set needs about ten: leave the others out."
    )


def _too_big(size: int) -> Problem:
    return Problem(
        f"The set unpacks to {size / (1024 * 1024):.0f} MB; Trellis reads at most "
        f"{spec.MAX_UNPACKED_BYTES // (1024 * 1024)} MB in one import. Split it (one school "
        "per set) or leave out files Trellis does not use (results, lineItems...)."
    )


def _open_folder(path: Path) -> RosterSet:
    files = sorted(p for p in path.iterdir() if p.is_file() and p.name not in _NOISE)
    problems = []
    if len(files) > spec.MAX_FILES:
        problems.append(_too_many(len(files)))
    total = sum(p.stat().st_size for p in files)
    if total > spec.MAX_UNPACKED_BYTES:
        problems.append(_too_big(total))
    if problems:
        raise Problems(problems)
    return RosterSet(
        {p.name: Member(p.name, p.stat().st_size, lambda p=p: p.open("rb")) for p in files}
    )


def _unsafe(name: str) -> bool:
    normal = name.replace("\\", "/")
    return (
        normal.startswith("/")
        or bool(_DRIVE.match(normal))
        or ".." in PurePosixPath(normal).parts
        or "\x00" in normal
    )


def _open_zip(fileobj: BinaryIO, label: str, close_file: bool) -> RosterSet:
    try:
        archive = zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, OSError, EOFError):
        if close_file:
            fileobj.close()
        raise Problems(
            [
                Problem(
                    "This is not a readable .zip file. Export the OneRoster set again as a "
                    "zip of CSV files (or point the command at the unpacked folder).",
                    file=label,
                )
            ]
        ) from None

    def close():
        archive.close()
        if close_file:
            fileobj.close()

    problems = []
    infos = []
    for info in archive.infolist():
        if _unsafe(info.filename):
            problems.append(
                Problem(
                    "This entry's name points outside the set (“../” or an absolute path). "
                    "Trellis refuses such zips; make the zip again from the folder of CSV files.",
                    file=label,
                    value=info.filename,
                )
            )
            continue
        if info.is_dir() or any(n in info.filename for n in _NOISE):
            continue
        if info.flag_bits & 0x1:
            problems.append(
                Problem(
                    "This file is encrypted. Export the set without a password.",
                    file=label,
                    value=info.filename,
                )
            )
            continue
        infos.append(info)
    if len(infos) > spec.MAX_FILES:
        problems.append(_too_many(len(infos)))
    declared = sum(i.file_size for i in infos)
    if declared > spec.MAX_UNPACKED_BYTES:
        problems.append(_too_big(declared))
    if problems:
        close()
        raise Problems(problems)

    # Systems zip either the files themselves or one folder holding them: accept both.
    folders = {PurePosixPath(i.filename.replace("\\", "/")).parent for i in infos}
    members = {}
    for info in infos:
        name = PurePosixPath(info.filename.replace("\\", "/"))
        key = name.name if len(folders) == 1 else str(name)
        members[key] = Member(key, info.file_size, lambda info=info: archive.open(info))
    return RosterSet(members, closer=close)


def iter_lines(stream: io.BufferedReader, filename: str, problems: list) -> Iterator[str]:
    """Decode a file line by line as UTF-8 (a leading BOM is fine); stop at the first bad line."""
    for number, raw in enumerate(stream, 1):
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as e:
            bad = raw[e.start : e.start + 1].hex().upper()
            problems.append(
                Problem(
                    f"This line is not UTF-8 text (byte 0x{bad} at position {e.start + 1}), so "
                    "the file was not read further. Save or export the file as UTF-8 "
                    "(in a spreadsheet: “CSV UTF-8”) and import again.",
                    file=filename,
                    line=number,
                    fatal=True,
                )
            )
            return
