"""Helpers shared by the check-ins' writes."""

from trellis.accounts.models import User
from trellis.common.errors import NotFound

from ..models import Question, QuestionVersion, Run
from ..permissions import runs_managed_by


def _copy_into_bank(user: User, question: Question) -> Question:
    # The newest version from the database: the caller's object may be stale.
    source = question.versions.order_by("-number").first()
    copy = Question.objects.create(owner=user, copied_from=question, current_number=1)
    QuestionVersion.objects.create(
        question=copy,
        number=1,
        created_by=user,
        kind=source.kind,
        prompt=source.prompt,
        target_id=source.target_id,
        options=source.options,
        number_answer=source.number_answer,
        tolerance=source.tolerance,
        model_answer=source.model_answer,
        explanation=source.explanation,
    )
    return copy


def _require_run(user: User, run: Run) -> Run:
    try:
        return runs_managed_by(user).select_for_update().get(pk=run.pk)
    except Run.DoesNotExist:
        raise NotFound("run") from None
