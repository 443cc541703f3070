"""Errors raised by the release engine.

Every error the engine raises on purpose is a :class:`GRRError`, so a caller (the Django
adapter, the batch command) can catch one type and show its message to a person.
"""

from __future__ import annotations


class GRRError(Exception):
    """Base class for every error raised on purpose by :mod:`trellis.grr`."""


class IllegalMove(GRRError, ValueError):
    """A phase move that the gradual release of responsibility does not allow.

    ``move`` and ``phase`` are kept so an adapter can build its own message; the default
    message already names both, e.g. ``"Cannot advance from INDEPENDENT practice: ..."``.
    """

    def __init__(self, message: str, *, move: object, phase: object) -> None:
        super().__init__(message)
        self.move = move
        self.phase = phase


class InvalidEvidence(GRRError, ValueError):
    """A piece of evidence whose value does not fit its kind (e.g. a confidence of 7)."""


class InputError(GRRError):
    """Bad batch input, located by file, line and column so a researcher can fix it."""

    def __init__(
        self, message: str, *, file: str, line: int | None = None, column: str | None = None
    ) -> None:
        self.file = file
        self.line = line
        self.column = column
        self.detail = message
        where = [file]
        if line is not None:
            where.append(f"line {line}")
        if column is not None:
            where.append(f"column {column}")
        super().__init__(f"{', '.join(where)}: {message}")
