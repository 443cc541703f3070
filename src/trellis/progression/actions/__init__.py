"""Every write of the release, split by sub-domain: runs (starting, stepping and ending a task),
board (phase moves), student (live acts of students during a run), teacher (acts of the
teacher during a run), thresholds (a class's tuned release thresholds) and rebuild
(recomputing phases from the move log).

Each act is one transaction and writes its evidence event (trellis.evidence.actions.record)
inside it, so the act and its evidence exist together or not at all.
"""

from .boards import move_students, undo_moves
from .rebuild import rebuild_phases
from .runs import end_task, set_mode, show_step, start_task
from .student import (
    answer_success_check,
    plan_step,
    reflect_step,
    request_help,
    signal_lost,
    signal_with_us,
    suggest_next,
)
from .teacher import OBSERVATION_CHOICES, mark_success_check, observe, pick_suggestion, resolve_help
from .thresholds import proposed_thresholds, save_thresholds

__all__ = [
    "OBSERVATION_CHOICES",
    "answer_success_check",
    "end_task",
    "mark_success_check",
    "move_students",
    "observe",
    "pick_suggestion",
    "plan_step",
    "proposed_thresholds",
    "rebuild_phases",
    "reflect_step",
    "request_help",
    "resolve_help",
    "save_thresholds",
    "set_mode",
    "show_step",
    "signal_lost",
    "signal_with_us",
    "start_task",
    "suggest_next",
    "undo_moves",
]
