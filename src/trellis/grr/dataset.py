"""Batch input for researchers: CSV files of answers in pyBKT's layout, read in a streaming way.

Domain nouns: a *response log* is rows of ``user_id``, ``skill_name``, ``correct`` (0/1) and an
optional ``order_id``; a *model file* is the JSON of fitted params per skill.

Rows are read with the csv module one at a time into compact arrays (int32 codes for users and
skills, int8 for correct, float64 for order_id), so a file of 10 million rows needs well under
a gigabyte. Every problem is reported as an :class:`~trellis.grr.errors.InputError` naming the
file, the line and the column.
"""

from __future__ import annotations

import csv
import json
import math
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from trellis.grr.bkt import DEFAULT_PARAMS, BKTParams
from trellis.grr.errors import InputError

__all__ = ["REQUIRED_COLUMNS", "ResponseLog", "load_model", "read_log", "save_model"]

REQUIRED_COLUMNS = ("user_id", "skill_name", "correct")
MODEL_FORMAT = "trellis-grr-bkt"
_CORRECT = {"0": 0, "1": 1, "0.0": 0, "1.0": 1}
_MISSING = {"", "nan", "na", "n/a", "null", "none"}


@dataclass(slots=True)
class ResponseLog:
    """Rows of a response log as codes. ``time_order`` lists row indices so that each user's
    rows are in time order (by ``order_id`` when the file has one, else file order)."""

    users: np.ndarray  # int32
    skills: np.ndarray  # int32
    correct: np.ndarray  # int8
    skill_names: list[str]
    n_users: int
    time_order: np.ndarray  # int64 permutation

    def __len__(self) -> int:
        return len(self.correct)


def _lines(path: Path) -> Iterator[str]:
    """Decoded lines, so a non-UTF-8 byte is reported at its own line and column."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                column = len(raw[: exc.start].decode("utf-8", errors="replace")) + 1
                raise InputError(
                    f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
                    file=str(path),
                    line=number,
                    column=str(column),
                ) from None


def _header(path: Path, reader, *, need_order: bool = True) -> dict[str, int]:
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(
            f"file is empty; expected a header with {', '.join(REQUIRED_COLUMNS)}",
            file=str(path),
            line=1,
        ) from None
    names = [h.strip().lstrip("\ufeff") for h in header]
    index = {name: i for i, name in enumerate(names)}
    for name in REQUIRED_COLUMNS:
        if name not in index:
            raise InputError(
                f"missing required column (the header has: {', '.join(names)})",
                file=str(path),
                line=1,
                column=f"'{name}'",
            )
    return index


def read_log(path: str | Path) -> ResponseLog:
    """Read a response log; raises :class:`InputError` on the first bad cell."""
    path = Path(path)
    if not path.is_file():
        raise InputError("no such file", file=str(path))
    reader = csv.reader(_lines(path))
    index = _header(path, reader)
    iu, ik, ic = index["user_id"], index["skill_name"], index["correct"]
    io = index.get("order_id")
    width = len(index)
    users: dict[str, int] = {}
    skills: dict[str, int] = {}
    u_codes, k_codes = array("i"), array("i")
    correct = array("b")
    order = array("d")
    fname = str(path)

    def bad(message: str, column: int) -> InputError:
        name = next(n for n, i in index.items() if i == column)
        return InputError(
            message, file=fname, line=reader.line_num, column=f"{column + 1} ('{name}')"
        )

    for row in reader:
        if len(row) < width:
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # a blank line, e.g. at the end of the file
            raise InputError(
                f"expected {width} columns, found {len(row)}", file=fname, line=reader.line_num
            )
        value = row[ic].strip()
        c = _CORRECT.get(value)
        if c is None:
            if value.lower() in _MISSING:
                raise bad(f"'correct' is missing or NaN ({value!r}); it must be 0 or 1", ic)
            raise bad(f"'correct' must be 0 or 1, got {value!r}", ic)
        user = row[iu]
        skill = row[ik]
        if user.strip().lower() in _MISSING:
            raise bad(f"'user_id' is missing or NaN ({user!r})", iu)
        if skill.strip().lower() in _MISSING:
            raise bad(f"'skill_name' is missing or NaN ({skill!r})", ik)
        if io is not None:
            try:
                o = float(row[io])
            except ValueError:
                raise bad(f"'order_id' must be a number, got {row[io]!r}", io) from None
            if not math.isfinite(o):
                raise bad(f"'order_id' is NaN or infinite ({row[io]!r})", io)
            order.append(o)
        u_codes.append(users.setdefault(user, len(users)))
        k_codes.append(skills.setdefault(skill, len(skills)))
        correct.append(c)
    if not correct:
        raise InputError("no data rows after the header", file=fname, line=reader.line_num + 1)
    u = np.frombuffer(u_codes, dtype=np.int32)
    if io is not None:
        time_order = np.lexsort((np.frombuffer(order, dtype=np.float64), u))
    else:
        time_order = np.arange(len(u), dtype=np.int64)
    return ResponseLog(
        users=u,
        skills=np.frombuffer(k_codes, dtype=np.int32),
        correct=np.frombuffer(correct, dtype=np.int8),
        skill_names=list(skills),
        n_users=len(users),
        time_order=time_order,
    )


def iter_rows(path: str | Path) -> Iterator[list[str]]:
    """The file's rows again (header first), for writing predictions next to them."""
    path = Path(path)
    for row in csv.reader(_lines(path)):
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        yield row


def save_model(
    path: str | Path,
    params: dict[str, BKTParams],
    *,
    forgets: bool,
    restarts: int,
    seed: int,
    defaults: BKTParams = DEFAULT_PARAMS,
    pooled: bool = False,
) -> None:
    """``defaults`` are used for skills the model never saw (pooled: the population)."""
    document = {
        "format": MODEL_FORMAT,
        "version": 2,
        "pooled": pooled,
        "forgets": forgets,
        "restarts": restarts,
        "seed": seed,
        "defaults": defaults.to_dict(),
        "skills": {name: p.to_dict() for name, p in params.items()},
    }
    Path(path).write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


def load_model(path: str | Path) -> tuple[dict[str, BKTParams], BKTParams]:
    """Params per skill and the defaults for skills the model never saw."""
    path = Path(path)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("no such model file", file=str(path)) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        column = getattr(exc, "colno", None)
        raise InputError(
            f"not a model file ({exc.__class__.__name__})",
            file=str(path),
            line=line,
            column=None if column is None else str(column),
        ) from None
    if not isinstance(document, dict) or document.get("format") != MODEL_FORMAT:
        raise InputError(f"not a {MODEL_FORMAT} model file", file=str(path))
    try:
        skills = {n: BKTParams.from_dict(p) for n, p in document["skills"].items()}
        defaults = BKTParams.from_dict(document.get("defaults", DEFAULT_PARAMS.to_dict()))
    except (KeyError, TypeError, AttributeError) as exc:
        raise InputError(f"malformed model file: {exc}", file=str(path)) from None
    return skills, defaults
