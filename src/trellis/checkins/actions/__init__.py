"""Every write about check-ins: the bank, check-ins, runs, answers, confidence and marks.

Each action validates, checks permission, runs in one transaction and records its evidence
(`answered`, `rated-confidence`) in the same transaction, so an answer and its evidence are
written together or not at all.

Split by sub-domain: bank (questions and their versions), checkins (building a check-in),
runs (starting, stepping, revealing and closing a run) and answers (answers, confidence and
marking short text).
"""

from .answers import Submitted, mark_answers, rate_confidence, submit_answer
from .bank import (
    MAX_OPTIONS,
    OBJECT_TYPE,
    OPTION_KEYS,
    OPTION_MAX,
    PROMPT_MAX,
    SHORT_ANSWER_MAX,
    QuestionInput,
    copy_question,
    create_question,
    edit_question,
)
from .checkins import (
    TITLE_MAX,
    add_question,
    copy_checkin,
    create_checkin,
    move_item,
    remove_item,
    update_checkin,
)
from .runs import close_run, go_to_question, reveal, start_run

__all__ = [
    "MAX_OPTIONS",
    "OBJECT_TYPE",
    "OPTION_KEYS",
    "OPTION_MAX",
    "PROMPT_MAX",
    "SHORT_ANSWER_MAX",
    "TITLE_MAX",
    "QuestionInput",
    "Submitted",
    "add_question",
    "close_run",
    "copy_checkin",
    "copy_question",
    "create_checkin",
    "create_question",
    "edit_question",
    "go_to_question",
    "mark_answers",
    "move_item",
    "rate_confidence",
    "remove_item",
    "reveal",
    "start_run",
    "submit_answer",
    "update_checkin",
]
