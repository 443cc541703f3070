"""Phases and moves of the gradual release of responsibility.

Domain nouns: a *phase* is where a student (or group) stands on one task — Modeling (I do),
Co-construction (we do, the students direct the teacher's next step), Guided practice (you do,
the teacher alongside) and Independent practice (you do alone) — or COMPLETE once the teacher
closes the task. A *move* is what the teacher decides: advance, hold, step back, send a
student who asked for help back to guided practice, pause the class to break the model down,
or mark the task complete.

The engine only checks and applies moves the teacher chose; it never moves anyone by itself.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from trellis.grr.errors import IllegalMove

__all__ = ["Move", "MoveKind", "Phase", "apply_move", "label"]


class Phase(enum.IntEnum):
    """A phase of one task. The order of the values is the order of release."""

    MODELING = 0
    CO_CONSTRUCTION = 1
    GUIDED = 2
    INDEPENDENT = 3
    COMPLETE = 4

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def short(self) -> str:
        """The phase's name in a sentence, e.g. "INDEPENDENT practice"."""
        return _SHORT[self]

    def next(self) -> Phase | None:
        """The phase one step later in the release, or None after INDEPENDENT."""
        if self >= Phase.INDEPENDENT:
            return None
        return Phase(self + 1)

    def previous(self) -> Phase | None:
        """The phase one step earlier, or None for MODELING (and for COMPLETE)."""
        if self in (Phase.MODELING, Phase.COMPLETE):
            return None
        return Phase(self - 1)


_LABELS = {
    Phase.MODELING: "Modeling (I do)",
    Phase.CO_CONSTRUCTION: "Co-construction (we do)",
    Phase.GUIDED: "Guided practice (you do, together)",
    Phase.INDEPENDENT: "Independent practice (you do alone)",
    Phase.COMPLETE: "Complete",
}

_SHORT = {
    Phase.MODELING: "MODELING",
    Phase.CO_CONSTRUCTION: "CO_CONSTRUCTION",
    Phase.GUIDED: "GUIDED practice",
    Phase.INDEPENDENT: "INDEPENDENT practice",
    Phase.COMPLETE: "COMPLETE",
}


def label(phase: Phase) -> str:
    """The label a teacher sees for ``phase``, e.g. ``"Modeling (I do)"``."""
    return _LABELS[Phase(phase)]


class MoveKind(enum.StrEnum):
    ADVANCE = "advance"
    HOLD = "hold"
    STEP_BACK = "step_back"
    HELP_REQUEST = "help_request"
    PAUSE_AND_BREAK_DOWN = "pause_and_break_down"
    COMPLETE = "complete"


@dataclass(frozen=True, slots=True)
class Move:
    """A teacher's decision about one phase.

    Build moves with the class methods rather than the constructor; they make the intent
    readable at the call site (``Move.step_back(Phase.GUIDED, reason="...")``).

    ``to`` is the target phase for ADVANCE (optional: one phase on by default) and STEP_BACK
    (required). ``override`` is the teacher's explicit permission to skip phases forward.
    """

    kind: MoveKind
    to: Phase | None = None
    reason: str | None = None
    override: bool = False

    @classmethod
    def advance(cls, to: Phase | None = None, *, override: bool = False) -> Move:
        return cls(MoveKind.ADVANCE, to=to, override=override)

    @classmethod
    def hold(cls, reason: str | None = None) -> Move:
        return cls(MoveKind.HOLD, reason=reason)

    @classmethod
    def step_back(cls, to: Phase, *, reason: str) -> Move:
        return cls(MoveKind.STEP_BACK, to=to, reason=reason)

    @classmethod
    def help_request(cls) -> Move:
        return cls(MoveKind.HELP_REQUEST)

    @classmethod
    def pause_and_break_down(cls, reason: str | None = None) -> Move:
        return cls(MoveKind.PAUSE_AND_BREAK_DOWN, reason=reason)

    @classmethod
    def complete(cls, *, override: bool = False) -> Move:
        return cls(MoveKind.COMPLETE, override=override)

    def describe(self) -> str:
        if self.kind is MoveKind.ADVANCE:
            return "advance" if self.to is None else f"advance to {Phase(self.to).short}"
        if self.kind is MoveKind.STEP_BACK:
            return "step back" if self.to is None else f"step back to {Phase(self.to).short}"
        return self.kind.value.replace("_", " ")


def _illegal(move: Move, current: Phase, why: str) -> IllegalMove:
    verb = move.describe()
    return IllegalMove(f"Cannot {verb} from {current.short}: {why}", move=move, phase=current)


def apply_move(current: Phase, move: Move) -> Phase:
    """The phase after ``move``, or :class:`IllegalMove` naming the move and ``current``.

    Pure: nothing is stored. HOLD and PAUSE_AND_BREAK_DOWN leave the phase as it is (the pause
    changes how the teacher models, not where the class stands).
    """
    current = Phase(current)
    if move.kind is MoveKind.HOLD:
        return current
    if current is Phase.COMPLETE:
        raise _illegal(move, current, "the task is complete; only HOLD is allowed.")

    if move.kind is MoveKind.ADVANCE:
        if current is Phase.INDEPENDENT:
            raise _illegal(move, current, "it is the last phase; mark the task complete instead.")
        to = current.next() if move.to is None else Phase(move.to)
        if to is Phase.COMPLETE:
            raise _illegal(move, current, "use the COMPLETE move to close a task.")
        if to <= current:
            raise _illegal(move, current, "an advance must move forward; use STEP_BACK.")
        if to - current > 1 and not move.override:
            raise _illegal(
                move,
                current,
                f"that skips {to - current - 1} phase(s); the teacher must override explicitly.",
            )
        return to

    if move.kind is MoveKind.STEP_BACK:
        if move.to is None:
            raise _illegal(move, current, "a step back needs the phase to return to.")
        to = Phase(move.to)
        if to is Phase.COMPLETE or to >= current:
            raise _illegal(move, current, f"{to.short} is not an earlier phase.")
        if not (move.reason and move.reason.strip()):
            raise _illegal(move, current, "a step back needs a reason the teacher can read.")
        return to

    if move.kind is MoveKind.HELP_REQUEST:
        if current is not Phase.INDEPENDENT:
            raise _illegal(
                move, current, "a help request moves a student only during INDEPENDENT practice."
            )
        return Phase.GUIDED

    if move.kind is MoveKind.PAUSE_AND_BREAK_DOWN:
        if current is not Phase.MODELING:
            raise _illegal(move, current, "the class-wide pause belongs to MODELING.")
        return current

    if move.kind is MoveKind.COMPLETE:
        if current is not Phase.INDEPENDENT and not move.override:
            raise _illegal(
                move,
                current,
                "a task is completed from INDEPENDENT practice unless the teacher overrides.",
            )
        return Phase.COMPLETE

    raise _illegal(move, current, "unknown move.")  # pragma: no cover - enum is closed
