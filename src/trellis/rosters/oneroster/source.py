"""Opening a roster set safely: a folder or a .zip, within stated limits.

A zip entry whose name climbs out of the set (``../``) or is absolute is refused, as is a set
with too many files or too many unpacked bytes. Sizes are checked twice: against what the zip
declares before anything is unpacked, and by counting bytes while reading, because a zip's
declared sizes are written by whoever made it. No line is held in memory past
``spec.MAX_LINE_BYTES``: a file made of one enormous line is refused while it is read.

A set is found where people put it: a folder (or zip) holding manifest.csv, or holding one
folder that does (an export unpacked one level too deep), or a drop folder where the
information system leaves a .zip every night (the newest is read).
"""

import io
import os
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from django.utils.translation import gettext_noop

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
                        gettext_noop(
                            "The set unpacks to more than %(limit)s MB, the most Trellis reads "
                            "in one import. Split it (one school per set) or leave out files "
                            "Trellis does not use (results, lineItems...)."
                        ),
                        file=filename,
                        params={"limit": self.limit // (1024 * 1024)},
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

    def __init__(self, members: dict[str, Member], closer=None, notes=(), label=""):
        self.members = members
        self.budget = Budget(spec.MAX_UNPACKED_BYTES)
        self._closer = closer
        # Said in the report: where the set was found when it was not where it was pointed.
        self.notes = list(notes)
        self.label = label  # the file or folder actually read

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
            return _open_dir(path)
        if not path.exists():
            raise Problems(
                [
                    Problem(
                        gettext_noop("There is no file or folder at %(path)s."),
                        params={"path": str(path)},
                    )
                ]
            )
        return _open_zip(path.open("rb"), path.name, close_file=True)
    return _open_zip(source, getattr(source, "name", "") or "upload", close_file=False)


def _open_dir(path: Path) -> RosterSet:
    """The set in this folder, in the one folder inside it, or the newest .zip dropped in it."""
    if (path / "manifest.csv").is_file() or any(path.glob("*.csv")):
        return _open_folder(path)  # a set, even one missing its manifest (said later)
    inner = sorted(p for p in path.iterdir() if p.is_dir() and (p / "manifest.csv").is_file())
    if len(inner) == 1:
        rset = _open_folder(inner[0])
        rset.notes.append(
            Problem(
                gettext_noop(
                    "The set was found one folder deeper, in %(folder)s: point Trellis there "
                    "next time."
                ),
                params={"folder": str(inner[0])},
            )
        )
        return rset
    if len(inner) > 1:
        raise Problems(
            [
                Problem(
                    gettext_noop(
                        "%(path)s holds no manifest.csv, but %(count)s folders inside it do "
                        "(%(folders)s). Point Trellis at the one to import."
                    ),
                    file=str(path),
                    params={
                        "path": str(path),
                        "count": len(inner),
                        "folders": ", ".join(p.name for p in inner),
                    },
                )
            ]
        )
    zips = [p for p in path.iterdir() if p.is_file() and p.suffix.lower() == ".zip"]
    if zips:
        newest = max(zips, key=lambda p: (p.stat().st_mtime, p.name))
        rset = _open_zip(newest.open("rb"), newest.name, close_file=True)
        rset.notes.append(
            Problem(
                gettext_noop("Read the newest set in the drop folder: %(name)s."),
                params={"name": newest.name},
            )
        )
        rset.label = str(newest)
        return rset
    deeper = sorted(str(m.relative_to(path)) for m in path.glob("*/*/manifest.csv") if m.is_file())[
        :3
    ]
    if deeper:
        problem = Problem(
            gettext_noop(
                "%(path)s holds no manifest.csv and no .zip. A manifest.csv is further down, in "
                "%(deeper)s: point Trellis there."
            ),
            file=str(path),
            params={"path": str(path), "deeper": ", ".join(deeper)},
        )
    else:
        problem = Problem(
            gettext_noop(
                "%(path)s holds no manifest.csv and no .zip. Point Trellis at the folder "
                "holding manifest.csv, orgs.csv, users.csv…, or at the .zip itself."
            ),
            file=str(path),
            params={"path": str(path)},
        )
    raise Problems([problem])


def _too_many(count: int) -> Problem:
    return Problem(
        gettext_noop(
            "The set holds %(count)s files; Trellis reads at most %(limit)s. A OneRoster set "
            "needs about ten: leave the others out."
        ),
        params={"count": count, "limit": spec.MAX_FILES},
    )


def _too_big(size: int) -> Problem:
    return Problem(
        gettext_noop(
            "The set unpacks to %(size)s MB; Trellis reads at most %(limit)s MB in one import. "
            "Split it (one school per set) or leave out files Trellis does not use (results, "
            "lineItems...)."
        ),
        params={
            "size": round(size / (1024 * 1024)),
            "limit": spec.MAX_UNPACKED_BYTES // (1024 * 1024),
        },
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
        {p.name: Member(p.name, p.stat().st_size, lambda p=p: p.open("rb")) for p in files},
        label=str(path),
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
                    gettext_noop(
                        "This is not a readable .zip file. Export the OneRoster set again as a "
                        "zip of CSV files (or point the command at the unpacked folder)."
                    ),
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
                    gettext_noop(
                        "This entry's name points outside the set (“../” or an absolute path). "
                        "Trellis refuses such zips; make the zip again from the folder of CSV "
                        "files."
                    ),
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
                    gettext_noop("This file is encrypted. Export the set without a password."),
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

    # Systems zip either the files themselves or one folder holding them: accept both. When
    # the folders differ, the set is the folder holding manifest.csv, if only one does.
    paths = {i.filename: PurePosixPath(i.filename.replace("\\", "/")) for i in infos}
    folders = {p.parent for p in paths.values()}
    notes = []
    if len(folders) > 1:
        homes = sorted({p.parent for p in paths.values() if p.name == "manifest.csv"})
        if len(homes) == 1 and PurePosixPath(".") not in homes:
            infos = [i for i in infos if paths[i.filename].parent == homes[0]]
            folders = {homes[0]}
            notes.append(
                Problem(
                    gettext_noop("The set was read from the folder %(folder)s inside the zip."),
                    params={"folder": str(homes[0])},
                )
            )
    members = {}
    for info in infos:
        name = paths[info.filename]
        key = name.name if len(folders) == 1 else str(name)
        members[key] = Member(key, info.file_size, lambda info=info: archive.open(info))
    return RosterSet(members, closer=close, notes=notes, label=label)


def _lines(stream: io.BufferedReader, filename: str, problems: list) -> Iterator[bytes]:
    """The file's lines as bytes, none longer than spec.MAX_LINE_BYTES: a longer one is a
    problem, found after reading at most that many bytes of it (never the whole line)."""
    limit = spec.MAX_LINE_BYTES
    number = 0
    while True:
        raw = stream.readline(limit + 1)
        if not raw:
            return
        number += 1
        if len(raw) > limit:
            problems.append(
                Problem(
                    gettext_noop(
                        "This line is longer than %(limit)s KB, far more than any roster "
                        "record, so the file was not read further. The file is damaged or not "
                        "a OneRoster CSV (are its line breaks missing?): export it again."
                    ),
                    file=filename,
                    line=number,
                    fatal=True,
                    params={"limit": limit // 1024},
                )
            )
            return
        yield raw


def iter_lines(stream: io.BufferedReader, filename: str, problems: list) -> Iterator[str]:
    """Decode a file line by line as UTF-8 (a leading BOM is fine); stop at the first bad line."""
    for number, raw in enumerate(_lines(stream, filename, problems), 1):
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as e:
            bad = raw[e.start : e.start + 1].hex().upper()
            problems.append(
                Problem(
                    gettext_noop(
                        "This line is not UTF-8 text (byte 0x%(byte)s at position %(position)s), "
                        "so the file was not read further. Save or export the file as UTF-8 "
                        "(in a spreadsheet: “CSV UTF-8”) and import again."
                    ),
                    file=filename,
                    line=number,
                    fatal=True,
                    params={"byte": bad, "position": e.start + 1},
                )
            )
            return
