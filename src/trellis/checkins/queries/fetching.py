"""Fetch one check-in, question or run and authorise it in the same step."""

from trellis.accounts.models import User
from trellis.common.access import get_visible

from ..models import CheckIn, Question, QuestionVersion, Run
from ..permissions import (
    checkins_managed_by,
    checkins_visible_to,
    questions_managed_by,
    questions_visible_to,
    runs_answerable_by,
    runs_managed_by,
)

# ---------------------------------------------------------------- fetch and authorize


def get_checkin_for(user: User, checkin_id) -> CheckIn:
    return get_visible(checkins_visible_to(user).select_related("owner"), checkin_id, "check-in")


def get_own_checkin_for(user: User, checkin_id) -> CheckIn:
    return get_visible(checkins_managed_by(user), checkin_id, "check-in")


def get_question_for(user: User, question_id) -> Question:
    return get_visible(questions_visible_to(user), question_id, "question")


def get_own_question_for(user: User, question_id) -> Question:
    return get_visible(questions_managed_by(user), question_id, "question")


def get_managed_run_for(user: User, run_id) -> Run:
    return get_visible(
        runs_managed_by(user).select_related("checkin", "classroom"), run_id, "check-in run"
    )


def get_answerable_run_for(user: User, run_id) -> Run:
    return get_visible(
        runs_answerable_by(user).select_related("checkin", "classroom"), run_id, "check-in"
    )


def current_version(question: Question) -> QuestionVersion:
    return question.versions.select_related("target").get(number=question.current_number)
