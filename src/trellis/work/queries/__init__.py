"""Every read of the work app, scoped to the user, in a fixed number of queries.

Split by sub-domain: rubrics, work (assignments, submissions, feedback pages), calibration,
today (hand-ins waiting for feedback across a teacher's classes, for their "Today" page),
pooled (a rubric shared with a teacher team: its copies and level counts, for
trellis.collaboration).
"""

from .marks import assignments_of, final_marks
from .pooled import (
    RubricCounts,
    get_shareable_rubric_for,
    pooled_rubric_counts,
    revision_counts,
    rubrics_by_ids,
    shareable_rubrics,
)
from .today import feedback_waiting

__all__ = [
    "RubricCounts",
    "assignments_of",
    "feedback_waiting",
    "final_marks",
    "get_shareable_rubric_for",
    "pooled_rubric_counts",
    "revision_counts",
    "rubrics_by_ids",
    "shareable_rubrics",
]
