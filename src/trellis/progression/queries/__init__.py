"""Reads for the release board, the run and projector pages, and a student's own view.

Every read is scoped to the user and makes a fixed number of queries: the board loads the
whole class's evidence in one query and computes every cell in Python with trellis.grr.

Split by sub-domain: display (phase icons and words), reasons (the engine's reasons in
the reader's language), outcomes (how well the
recommendations work in a class: followed releases, what came of them, and a preview of the
class's thresholds), fetching (classes and tasks for a user), board (the release board, its
state and readiness cache, one cell's detail), live (the teacher's run and projector pages),
learner (a student's task, live poll and learning page) and today (a teacher's "Today" page
across their classes).
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
from .display import (
    PHASE_ICONS,
    PHASE_SHORT,
    PHASE_VIEWS,
    REC_ICONS,
    WHAT_NEXT,
    phase_sprite,
    phase_view,
)
from .fetching import (
    active_task_qs,
    active_tasks_for_class,
    class_tasks_now,
    get_learner_class_for,
    get_learner_task_for,
    get_outcomes_class_for,
    get_run_class_for,
    get_run_task_for,
    phase_counts,
    release_counts,
    student_names,
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
from .live import Live, RunPage, guided_list, live_for_teacher, run_page
from .outcomes import BINS, Outcomes, Preview, ReliabilityRow, outcomes, preview
from .today import ClassToday, today

__all__ = [
    "BINS",
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
    "ClassToday",
    "GroupView",
    "Live",
    "MyLearning",
    "MyTask",
    "Outcomes",
    "Preview",
    "ReliabilityRow",
    "RunPage",
    "StudentLive",
    "StudentTask",
    "active_task_qs",
    "active_tasks_for_class",
    "board",
    "board_state",
    "cell_detail",
    "class_tasks_now",
    "clear_readiness_cache",
    "get_learner_class_for",
    "get_learner_task_for",
    "get_outcomes_class_for",
    "get_run_class_for",
    "get_run_task_for",
    "guided_list",
    "live_for_teacher",
    "my_learning",
    "my_moves",
    "outcomes",
    "phase_counts",
    "phase_sprite",
    "phase_view",
    "preview",
    "readiness",
    "release_counts",
    "run_page",
    "student_live",
    "student_names",
    "student_task",
    "today",
]
