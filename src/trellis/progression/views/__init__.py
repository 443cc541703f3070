"""Pages of the release: the board, running a task (console and projector), a student's
task page, and "my learning". Live parts are htmx partials polled every few seconds.

Split by sub-domain: board (the release board and its moves), outcomes (how well the
recommendations work in a class, and its thresholds), run (the teacher's console and
projector), learner (a student's task page and my learning) and today (a teacher's "Today"
page across their classes).
"""

from .boards import (
    ACTION_CHOICES,
    GRID_TIMEOUT,
    PHASE_CHOICES,
    MoveForm,
    board,
    board_cell,
    board_csv,
    board_grid,
    board_move,
    board_undo,
    clear_grid_cache,
)
from .learner import (
    CheckForm,
    HelpForm,
    PlanForm,
    ReflectForm,
    SuggestionForm,
    learn,
    learn_check,
    learn_help,
    learn_live,
    learn_lost,
    learn_plan,
    learn_reflect,
    learn_suggest,
    my_learning,
)
from .outcomes import ThresholdsForm, recommendation_outcomes
from .runs import (
    mark_check,
    observe,
    pick,
    projector,
    projector_mode,
    projector_step,
    resolve_help,
    run,
    run_end,
    run_guided,
    run_live,
    run_start,
)
from .today import today

__all__ = [
    "ACTION_CHOICES",
    "GRID_TIMEOUT",
    "PHASE_CHOICES",
    "CheckForm",
    "HelpForm",
    "MoveForm",
    "PlanForm",
    "ReflectForm",
    "SuggestionForm",
    "ThresholdsForm",
    "board",
    "board_cell",
    "board_csv",
    "board_grid",
    "board_move",
    "board_undo",
    "clear_grid_cache",
    "learn",
    "learn_check",
    "learn_help",
    "learn_live",
    "learn_lost",
    "learn_plan",
    "learn_reflect",
    "learn_suggest",
    "mark_check",
    "my_learning",
    "observe",
    "pick",
    "projector",
    "projector_mode",
    "projector_step",
    "recommendation_outcomes",
    "resolve_help",
    "run",
    "run_end",
    "run_guided",
    "run_live",
    "run_start",
    "today",
]
