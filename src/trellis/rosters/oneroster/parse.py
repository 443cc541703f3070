"""Reading the manifest and the data files of a set into checked rows.

Every problem found is collected (file, line, column, value, what to do); reading goes on
after a bad row so that one import lists them all. A file whose header is wrong is not read
further: its rows could not be understood.
"""

import csv
import difflib
import re
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache

from django.utils.translation import gettext_noop

from . import spec
from .checks import _DATE, CHECKS, BadValue
from .report import Problem
from .source import RosterSet, iter_lines

_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")


@dataclass
class Row:
    line: int
    values: dict[str, str]
    status: str  # active or tobedeleted
    modified_at: datetime | None

    def __getitem__(self, column: str) -> str:
        return self.values.get(column, "")


@dataclass
class FileRows:
    spec: spec.FileSpec
    mode: str  # bulk or delta
    rows: list[Row] = field(default_factory=list)
    readable: bool = True  # False when the header (or the whole file) could not be read
    by_id: dict[str, Row] = field(default_factory=dict)
    # Rows with a problem of their own, by sourcedId: what points at them is not reported
    # again as "unknown", so one mistake gives one problem.
    rejected: dict[str, dict] = field(default_factory=dict)
    rejected_line: dict[str, int] = field(default_factory=dict)  # sourcedId -> its line
    rejected_count: int = 0  # every rejected row, with or without a sourcedId


@dataclass
class Manifest:
    version: str
    modes: dict[str, str]  # file name (without .csv) -> bulk / delta / absent


@lru_cache(maxsize=4096)
def parse_datetime(value: str) -> datetime:
    if not _DATETIME.match(value):
        raise ValueError
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _day_start(value: str) -> datetime | None:
    try:
        return datetime.combine(date.fromisoformat(value), datetime.min.time(), tzinfo=UTC)
    except ValueError:
        return None


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def read_manifest(rset: RosterSet, problems: list[Problem]) -> Manifest | None:
    if "manifest.csv" not in rset:
        problems.append(
            Problem(
                gettext_noop(
                    "The set has no manifest.csv, so Trellis cannot tell the OneRoster version "
                    "or which files are bulk or delta. Export the set again with its manifest."
                ),
                file="manifest.csv",
            )
        )
        return None
    before = len(problems)
    properties: dict[str, tuple[int, str]] = {}
    for row in _rows(rset, "manifest.csv", ("propertyName", "value"), problems):
        line, cells = row
        name, value = cells.get("propertyName", "").strip(), cells.get("value", "").strip()
        if name:
            properties[name] = (line, value)
    if len(problems) > before:
        return None

    version_line, version = properties.get("oneroster.version", (None, ""))
    if version not in spec.VERSIONS:
        problems.append(
            Problem(
                gettext_noop(
                    "manifest.csv must say which OneRoster version the set follows: a row "
                    "“oneroster.version” with 1.1 or 1.2."
                )
                if version_line is None
                else gettext_noop(
                    "Trellis reads OneRoster 1.1 and 1.2 sets; this version is not one of "
                    "them. Export the set as OneRoster 1.1 or 1.2."
                ),
                file="manifest.csv",
                line=version_line,
                column="value" if version_line else "",
                value=version,
            )
        )
        return None
    modes = {}
    for fspec in spec.FILES[version]:
        key = f"file.{fspec.name}"
        line, mode = properties.get(key, (None, ""))
        if line is None and fspec.name in spec.OPTIONAL_FILES:
            continue  # read when sent; a manifest written before Trellis read it is fine
        if line is None:
            problems.append(
                Problem(
                    gettext_noop(
                        "manifest.csv has no row for %(key)s. Add “%(key)s,bulk” (or delta, "
                        "or absent) so Trellis knows how to read it."
                    ),
                    file="manifest.csv",
                    params={"key": key},
                )
            )
            continue
        if mode not in (spec.BULK, spec.DELTA, spec.ABSENT):
            problems.append(
                Problem(
                    gettext_noop("%(key)s must be bulk, delta or absent."),
                    file="manifest.csv",
                    line=line,
                    column="value",
                    value=mode,
                    params={"key": key},
                )
            )
            continue
        if mode != spec.ABSENT and fspec.filename not in rset:
            problems.append(
                Problem(
                    gettext_noop(
                        "The manifest lists %(file)s as %(mode)s, but the set has no such "
                        "file. Add the file, or mark it absent in the manifest."
                    ),
                    file="manifest.csv",
                    line=line,
                    column="value",
                    value=mode,
                    params={"file": fspec.filename, "mode": mode},
                )
            )
            continue
        modes[fspec.name] = mode
    return Manifest(version, modes)


def _header_map(
    header: list[str], columns: tuple[str, ...], required: tuple[str, ...], filename: str
) -> tuple[dict[str, int], list[Problem]]:
    problems = []
    cells = [h.strip() for h in header]
    if len(cells) == 1 and cells[0].count(";") >= 1:
        problems.append(
            Problem(
                gettext_noop(
                    "The header row has no commas but has semicolons: this file seems to be "
                    "separated by “;” (as some spreadsheets save CSV). OneRoster files are "
                    "separated by commas: save it again as comma-separated CSV (UTF-8)."
                ),
                file=filename,
                line=1,
                value=_short_cell(cells[0]),
                fatal=True,
            )
        )
        return {}, problems
    index: dict[str, int] = {}
    for i, name in enumerate(cells):
        if name in index:
            problems.append(
                Problem(
                    gettext_noop("This column appears twice in the header row. Keep one."),
                    file=filename,
                    line=1,
                    column=name,
                    fatal=True,
                )
            )
        index.setdefault(name, i)
    lowered = {name.lower(): name for name in cells}
    for column in columns:
        if column in index:
            continue
        wrong = lowered.get(column.lower())
        if wrong is not None:
            problems.append(
                Problem(
                    gettext_noop(
                        "The column is spelled “%(wrong)s”; OneRoster column names are "
                        "case-sensitive. Rename it to “%(column)s”."
                    ),
                    file=filename,
                    line=1,
                    column=wrong,
                    value=wrong,
                    fatal=True,
                    params={"wrong": wrong, "column": column},
                )
            )
        elif column in required:
            problems.append(
                Problem(
                    gettext_noop(
                        "The header row has no “%(column)s” column, which OneRoster requires "
                        "in %(file)s. Add it (with a value in every row where the spec needs "
                        "one)."
                    ),
                    file=filename,
                    line=1,
                    column=column,
                    fatal=True,
                    params={"column": column, "file": filename},
                )
            )
    return {c: index[c] for c in columns if c in index}, problems


def _short_cell(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _misspelled(header: list[str], columns: tuple[str, ...], filename: str) -> list[Problem]:
    """Warnings for header cells that look like a known column spelled wrongly (the column
    is then missing, and its values would be lost without a word)."""
    known = set(columns)
    lowered = {c.lower() for c in columns}
    out = []
    for cell in (h.strip() for h in header):
        if not cell or cell in known or cell.lower() in lowered or cell.startswith("metadata."):
            continue
        close = difflib.get_close_matches(cell, [c for c in columns if c not in header], 1, 0.85)
        if close:
            out.append(
                Problem(
                    gettext_noop(
                        "This column is not a OneRoster column; did you mean “%(column)s”? "
                        "Its values are not read until it is renamed."
                    ),
                    file=filename,
                    line=1,
                    column=cell,
                    value=cell,
                    params={"column": close[0]},
                )
            )
    return out


def _drain(reader_lines) -> None:
    """Read the rest of a file whose header failed, only to find its encoding problems."""
    for _ in reader_lines:
        pass


def _rows(
    rset: RosterSet, filename: str, columns, problems, required=None, on_reject=None, warnings=None
):
    """Yield (line, {column: value}) for each row; header and encoding problems go to
    `problems`. `required` columns default to all `columns`. A row that cannot be read as
    CSV is passed to `on_reject(line, sourcedId or "")`."""
    if rset.size(filename) == 0:
        problems.append(
            Problem(
                gettext_noop(
                    "%(file)s is empty (0 bytes). Even with no records it needs its header "
                    "row: export it again."
                ),
                file=filename,
                fatal=True,
                params={"file": filename},
            )
        )
        return
    try:
        with rset.open(filename) as stream:
            lines = iter_lines(stream, filename, problems)
            reader = csv.reader(lines, strict=True)
            try:
                header = next(reader)
            except StopIteration:
                if not any(p.file == filename for p in problems):
                    problems.append(
                        Problem(
                            gettext_noop("%(file)s has no header row. Export it again."),
                            file=filename,
                            fatal=True,
                            params={"file": filename},
                        )
                    )
                return
            index, header_problems = _header_map(
                header, tuple(columns), tuple(required or columns), filename
            )
            if header_problems:
                problems.extend(header_problems)
                _drain(lines)
                return
            if warnings is not None:
                warnings.extend(_misspelled(header, tuple(columns), filename))
            width = len(header)
            at = index.get("sourcedId")

            def reject(line, cells):
                if on_reject:
                    sid = cells[at].strip() if at is not None and at < len(cells) else ""
                    on_reject(line, sid)

            index = {c: i for c, i in index.items() if c in spec.USED_COLUMNS}
            while True:
                try:
                    cells = next(reader)
                except StopIteration:
                    break
                except csv.Error as e:
                    problems.append(
                        Problem(
                            gettext_noop(
                                "This line is not valid CSV (%(error)s). Check its quotes."
                            ),
                            file=filename,
                            line=reader.line_num,
                            params={"error": str(e)},
                        )
                    )
                    reject(reader.line_num, [])
                    continue
                if not cells or (len(cells) == 1 and not cells[0].strip()):
                    continue  # blank line
                if len(cells) != width:
                    problems.append(
                        Problem(
                            gettext_noop(
                                "This row has %(count)s values but the header has %(width)s. "
                                "Check for a missing or extra comma."
                            ),
                            file=filename,
                            line=reader.line_num,
                            params={"count": len(cells), "width": width},
                        )
                    )
                    reject(reader.line_num, cells)
                    continue
                yield reader.line_num, {c: cells[i].strip() for c, i in index.items()}
    except zipfile.BadZipFile as e:
        problems.append(
            Problem(
                gettext_noop(
                    "This file is damaged inside the zip (%(error)s). Make the zip again."
                ),
                file=filename,
                fatal=True,
                params={"error": str(e)},
            )
        )


def read_file(
    rset: RosterSet,
    fspec: spec.FileSpec,
    mode: str,
    problems: list[Problem],
    on_row=None,
    warnings: list[Problem] | None = None,
) -> FileRows:
    out = FileRows(fspec, mode)
    before = len(problems)
    checks = CHECKS[fspec.name]
    filename = fspec.filename
    seen: dict[str, int] = {}

    def reject(line: int, sourced_id: str, values=None) -> None:
        out.rejected_count += 1
        if sourced_id and sourced_id not in out.rejected:
            out.rejected[sourced_id] = values or {}
            out.rejected_line[sourced_id] = line

    rows = _rows(
        rset,
        filename,
        fspec.columns,
        problems,
        required=fspec.required_columns,
        on_reject=reject,
        warnings=warnings,
    )
    for line, values in rows:
        if on_row:
            on_row()
        bad = False

        def problem(message, column="", value="", line=line, **params):
            nonlocal bad
            bad = True
            problems.append(
                Problem(
                    message, file=filename, line=line, column=column, value=value, params=params
                )
            )

        for column in fspec.required_values:
            if not values.get(column):
                problem(gettext_noop("%(name)s is required here: fill it in."), column, name=column)
        status = values.get("status", "")
        if status:
            if status not in spec.STATUSES:
                problem(gettext_noop("status must be active or tobedeleted."), "status", status)
        elif mode == spec.DELTA:
            problem(
                gettext_noop("In a delta file every row needs a status: active or tobedeleted."),
                "status",
            )
        modified = None
        stamp = values.get("dateLastModified", "")
        if stamp:
            try:
                modified = parse_datetime(stamp)
            except ValueError:
                if mode == spec.BULK and _DATE.match(stamp):
                    # A bulk file is the whole truth whatever its dates say: a date without
                    # a time is kept as that day's start.
                    modified = _day_start(stamp)
            if modified is None:
                problem(
                    gettext_noop(
                        "dateLastModified must be an ISO 8601 date and time, e.g. "
                        "2026-09-01T08:30:00.000Z."
                    ),
                    "dateLastModified",
                    stamp,
                )
        elif mode == spec.DELTA:
            problem(
                gettext_noop(
                    "In a delta file every row needs its dateLastModified "
                    "(e.g. 2026-09-01T08:30:00.000Z)."
                ),
                "dateLastModified",
            )
        for column, check in checks.items():
            value = values.get(column, "")
            if value:
                try:
                    values[column] = check(value)
                except BadValue as e:
                    problem(e.msgid, column, value, **e.params)
        sourced_id = values.get("sourcedId", "")
        if len(sourced_id) > spec.MAX_SOURCED_ID:
            problem(
                gettext_noop(
                    "This sourcedId is %(length)s characters long; Trellis keeps at most "
                    "%(limit)s. Shorten the identifiers the information system exports."
                ),
                "sourcedId",
                sourced_id,
                length=len(sourced_id),
                limit=spec.MAX_SOURCED_ID,
            )
        if sourced_id:
            if sourced_id in seen:
                problem(
                    gettext_noop(
                        "This sourcedId is already used on line %(first)s of %(file)s. Each "
                        "record needs its own sourcedId."
                    ),
                    "sourcedId",
                    sourced_id,
                    first=seen[sourced_id],
                    file=filename,
                )
            else:
                seen[sourced_id] = line
        if not bad:
            row = Row(line, values, spec.STATUSES.get(status, spec.ACTIVE), modified)
            out.rows.append(row)
            out.by_id[sourced_id] = row
        else:
            reject(line, sourced_id, values)
    if any(p.fatal and p.file == filename for p in problems[before:]):
        out.readable = False
    return out


split_list = _split
