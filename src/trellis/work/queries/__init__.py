"""Every read of the work app, scoped to the user, in a fixed number of queries.

Split by sub-domain: rubrics, work (assignments, submissions, feedback pages), calibration,
today (hand-ins waiting for feedback across a teacher's classes, for their "Today" page).
"""

from .today import feedback_waiting

__all__ = ["feedback_waiting"]
