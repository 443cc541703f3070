"""Small OneRoster sets for tests, built from the demo generator and edited per test."""

import io
import zipfile
from pathlib import Path

from trellis.rosters.oneroster.generate import SetShape, build, to_bytes, write_folder, write_zip
from trellis.rosters.oneroster.importer import Options, import_set


class RosterSetBuilder:
    """Rows of every file of a small set (header first); write it as a folder or a zip."""

    def __init__(self, tmp_path: Path, version: str = "1.2", **shape):
        defaults = {
            "students": 6,
            "teachers": 2,
            "classes": 2,
            "courses": 2,
            "enrollments": 14,
            "guardians": 1,
        }
        self.files = build(SetShape(version=version, **{**defaults, **shape}))
        self.raw: dict[str, bytes] = {}
        self.tmp = tmp_path
        self.count = 0

    def rows(self, name: str) -> list[list[str]]:
        return self.files[name]

    def col(self, name: str, column: str) -> int:
        return self.files[name][0].index(column)

    def row(self, name: str, sourced_id: str) -> list[str]:
        return next(r for r in self.files[name][1:] if r[0] == sourced_id)

    def ids(self, name: str) -> list[str]:
        return [r[0] for r in self.files[name][1:]]

    def get(self, name: str, sourced_id: str, column: str) -> str:
        return self.row(name, sourced_id)[self.col(name, column)]

    def set(self, name: str, sourced_id: str, column: str, value: str) -> None:
        self.row(name, sourced_id)[self.col(name, column)] = value

    def drop(self, name: str, sourced_id: str) -> None:
        self.files[name] = [r for r in self.files[name] if r[0] != sourced_id]

    def add(self, file: str, **values) -> None:
        self.files[file].append([values.get(c, "") for c in self.files[file][0]])

    def manifest(self, key: str, value: str | None) -> None:
        rows = [r for r in self.files["manifest.csv"] if r[0] != key]
        if value is not None:
            rows.append([key, value])
        self.files["manifest.csv"] = rows

    def only(self, *names: str, mode: str = "delta") -> None:
        """Keep only these data files (rows to be filled by the test), in `mode`."""
        for name in list(self.files):
            if name == "manifest.csv":
                continue
            stem = name.removesuffix(".csv")
            if name in names:
                self.manifest(f"file.{stem}", mode)
            else:
                del self.files[name]
                self.manifest(f"file.{stem}", "absent")

    def folder(self) -> Path:
        self.count += 1
        folder = write_folder(self.files, self.tmp / f"set{self.count}")
        for name, data in self.raw.items():
            (folder / name).write_bytes(data)
        return folder

    def zip(self, extra: dict[str, bytes] | None = None) -> Path:
        self.count += 1
        path = write_zip(self.files, self.tmp / f"set{self.count}.zip")
        if self.raw or extra:
            with zipfile.ZipFile(path, "a") as z:
                for name, data in {**self.raw, **(extra or {})}.items():
                    z.writestr(name, data)
        return path

    def zip_bytes(self) -> bytes:
        return self.zip().read_bytes()

    def run(self, **options):
        return import_set(self.folder(), Options(**options))


def csv_bytes(rows) -> bytes:
    return to_bytes(rows)


def zip_of(entries: dict[str, bytes]) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, data in entries.items():
            z.writestr(name, data)
    buffer.seek(0)
    return buffer
