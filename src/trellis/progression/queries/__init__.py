"""Reads for the release board, the run and projector pages, and a student's own view.

Every read is scoped to the user and makes a fixed number of queries: the board loads the
whole class's evidence in one query and computes every cell in Python with trellis.grr.

Split by sub-domain: display (phase icons and words), fetching (classes and tasks for a
user), board (the release board, its state and readiness cache, one cell's detail), live
(the teacher's run and projector pages) and learner (a student's task, live poll and
learning page).
"""

from .boards import (
    READINESS_TIMEOUT,
    Board,
    BoardRow,
    BoardState,
    Cell,
    CellDetail,
    GroupView,
    board,
    board_state,
    cell_detail,
    clear_readiness_cache,
    readiness,
)
from .display import PHASE_ICONS, PHASE_SHORT, PHASE_VIEWS, REC_ICONS, WHAT_NEXT, phase_view
from .fetching import (
    active_task_qs,
    active_tasks_for_class,
    get_learner_class_for,
    get_learner_task_for,
    get_run_class_for,
    get_run_task_for,
)
from .learner import (
    MyLearning,
    MyTask,
    StudentLive,
    StudentTask,
    my_learning,
    my_moves,
    student_live,
    student_task,
)
from .live import Live, RunPage, live_for_teacher, run_page

__all__ = [
    "PHASE_ICONS",
    "PHASE_SHORT",
    "PHASE_VIEWS",
    "READINESS_TIMEOUT",
    "REC_ICONS",
    "WHAT_NEXT",
    "Board",
    "BoardRow",
    "BoardState",
    "Cell",
    "CellDetail",
    "GroupView",
    "Live",
    "MyLearning",
    "MyTask",
    "RunPage",
    "StudentLive",
    "StudentTask",
    "active_task_qs",
    "active_tasks_for_class",
    "board",
    "board_state",
    "cell_detail",
    "clear_readiness_cache",
    "get_learner_class_for",
    "get_learner_task_for",
    "get_run_class_for",
    "get_run_task_for",
    "live_for_teacher",
    "my_learning",
    "my_moves",
    "phase_view",
    "readiness",
    "run_page",
    "student_live",
    "student_task",
]
