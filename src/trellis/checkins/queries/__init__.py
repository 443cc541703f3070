"""Reads for check-in pages and the API, scoped to the user, in a fixed number of queries.

Split by sub-domain: fetching (one object, authorised), checkins (the bank, the check-ins
page and a class's runs), results (a run's results), marking (marking short text), pooled
(a common check-in's counts across a team's classes, no names), student (taking a check-in
and a student's own history) and today (answers waiting for a mark across a teacher's
classes, for their "Today" page).
"""

from ._common import SURE
from .checkins import (
    CheckInDetail,
    CheckInsPage,
    ClassRunRow,
    bank,
    checkin_detail,
    checkins_page,
    class_runs,
    targets_for_author,
)
from .fetching import (
    current_version,
    get_answerable_run_for,
    get_checkin_for,
    get_managed_run_for,
    get_own_checkin_for,
    get_own_question_for,
    get_question_for,
)
from .marking import MarkGroup, MarkingPage, marking_page
from .pooled import ClassCounts, PooledCounts, PooledQuestion, pooled_counts
from .run_results import (
    GROUP_LABELS,
    MET_THRESHOLD,
    Misconception,
    OptionRow,
    Person,
    QuestionResult,
    Results,
    TargetResult,
    ValueRow,
    VersionResult,
    results,
)
from .student import (
    MIN_FOR_CALIBRATION,
    Calibration,
    HistoryRow,
    MyHistory,
    TakeItem,
    TakePage,
    confidence_label,
    my_history,
    revealed_distribution,
    take_page,
)
from .today import ToMark, answers_to_mark

__all__ = [
    "GROUP_LABELS",
    "MET_THRESHOLD",
    "MIN_FOR_CALIBRATION",
    "SURE",
    "Calibration",
    "CheckInDetail",
    "CheckInsPage",
    "ClassCounts",
    "ClassRunRow",
    "HistoryRow",
    "MarkGroup",
    "MarkingPage",
    "Misconception",
    "MyHistory",
    "OptionRow",
    "Person",
    "PooledCounts",
    "PooledQuestion",
    "QuestionResult",
    "Results",
    "TakeItem",
    "TakePage",
    "TargetResult",
    "ToMark",
    "ValueRow",
    "VersionResult",
    "answers_to_mark",
    "bank",
    "checkin_detail",
    "checkins_page",
    "class_runs",
    "confidence_label",
    "current_version",
    "get_answerable_run_for",
    "get_checkin_for",
    "get_managed_run_for",
    "get_own_checkin_for",
    "get_own_question_for",
    "get_question_for",
    "marking_page",
    "my_history",
    "pooled_counts",
    "results",
    "revealed_distribution",
    "take_page",
    "targets_for_author",
]
