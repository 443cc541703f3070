"""Memory stays bounded on hostile files: a 190 MB single-line CSV inside a small zip is
refused while it is read, with peak memory far under 150 MB."""

import tracemalloc
import zipfile

import pytest

from trellis.rosters.oneroster import spec
from trellis.rosters.oneroster.importer import import_set

from .sets import csv_bytes

pytestmark = pytest.mark.django_db

LINE_MB = 190


def test_a_190_mb_single_line_csv_in_a_small_zip_is_refused_in_bounded_memory(roster, tmp_path):
    path = tmp_path / "hostile.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, rows in roster.files.items():
            if name != "users.csv":
                z.writestr(name, csv_bytes(rows))
        # The header, then one 190 MB line: written in 1 MB pieces, never held whole.
        with z.open("users.csv", "w", force_zip64=True) as f:
            f.write(csv_bytes(roster.files["users.csv"][:1]))
            chunk = b"a" * (1024 * 1024)
            for _ in range(LINE_MB):
                f.write(chunk)
    assert path.stat().st_size < 2 * 1024 * 1024  # small when compressed
    assert LINE_MB * 1024 * 1024 < spec.MAX_UNPACKED_BYTES  # the size limits alone pass it

    tracemalloc.start()
    try:
        report = import_set(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 150 * 1024 * 1024, f"peak {peak / 1e6:.0f} MB"
    assert peak < 20 * 1024 * 1024, f"peak {peak / 1e6:.0f} MB"  # in fact: a few MB
    p = next(p for p in report.problems if p.file == "users.csv")
    assert p.line == 2 and "longer than 1024 KB" in p.message
    assert not report.ok
