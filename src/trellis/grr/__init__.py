"""trellis.grr — the release engine.

Turns evidence about a student into a readiness estimate and a phase recommendation with a
reason a teacher can read. Pure Python + numpy: no Django, no database. The teacher always
decides; the engine only recommends and checks the moves the teacher makes.

See docs/engine.md for the model, the API and the batch command.
"""

from trellis.grr.errors import GRRError, IllegalMove, InputError, InvalidEvidence
from trellis.grr.phases import Move, MoveKind, Phase, apply_move, label

__all__ = [
    "GRRError",
    "IllegalMove",
    "InputError",
    "InvalidEvidence",
    "Move",
    "MoveKind",
    "Phase",
    "apply_move",
    "label",
]
