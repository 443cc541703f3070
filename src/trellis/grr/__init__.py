"""trellis.grr — the release engine.

Turns evidence about a student into a readiness estimate and a phase recommendation with a
reason a teacher can read. Pure Python + numpy: no Django, no database. The teacher always
decides; the engine only recommends and checks the moves the teacher makes.

See docs/engine.md for the model, the API and the batch command.
"""

from trellis.grr.bkt import (
    DEFAULT_PARAMS,
    MIN_OPPORTUNITIES_TO_FIT,
    MIN_STUDENTS_TO_FIT,
    BKTParams,
    predict_correct,
    update_mastery,
)
from trellis.grr.bkt import fit as fit_bkt
from trellis.grr.bkt import predict as predict_bkt
from trellis.grr.errors import GRRError, IllegalMove, InputError, InvalidEvidence
from trellis.grr.evidence import Evidence, EvidenceKind, Observation, capability_value
from trellis.grr.online import MasteryTable
from trellis.grr.phases import Move, MoveKind, Phase, apply_move, label
from trellis.grr.readiness import Calibration, Readiness, ZPDFlag, assess
from trellis.grr.recommend import (
    Group,
    PauseSignal,
    Recommendation,
    RecommendationKind,
    pause_signal,
    recommend,
    suggest_groups,
)
from trellis.grr.stall import Stall, apply_stall, stall_changes_at, stall_check
from trellis.grr.thresholds import Thresholds

__all__ = [
    "DEFAULT_PARAMS",
    "MIN_OPPORTUNITIES_TO_FIT",
    "MIN_STUDENTS_TO_FIT",
    "BKTParams",
    "Calibration",
    "Evidence",
    "EvidenceKind",
    "GRRError",
    "Group",
    "IllegalMove",
    "InputError",
    "InvalidEvidence",
    "MasteryTable",
    "Move",
    "MoveKind",
    "Observation",
    "PauseSignal",
    "Phase",
    "Readiness",
    "Recommendation",
    "RecommendationKind",
    "Stall",
    "Thresholds",
    "ZPDFlag",
    "apply_move",
    "apply_stall",
    "assess",
    "capability_value",
    "fit_bkt",
    "label",
    "pause_signal",
    "predict_bkt",
    "predict_correct",
    "recommend",
    "stall_changes_at",
    "stall_check",
    "suggest_groups",
    "update_mastery",
]
