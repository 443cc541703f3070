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


def _copy_many_into_bank(user: User, questions: list[Question]) -> dict[int, Question]:
    """`_copy_into_bank` for several questions at once (three queries, whatever the count):
    returns {original question id: its copy}."""
    originals = list({q.pk: q for q in questions}.values())
    if not originals:
        return {}
    newest: dict[int, QuestionVersion] = {}
    for v in QuestionVersion.objects.filter(question__in=originals).order_by("number"):
        newest[v.question_id] = v
    copies = Question.objects.bulk_create(
        Question(owner=user, copied_from=q, current_number=1) for q in originals
    )
    QuestionVersion.objects.bulk_create(
        QuestionVersion(
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
        for copy, source in ((c, newest[q.pk]) for c, q in zip(copies, originals, strict=True))
    )
    return {q.pk: c for q, c in zip(originals, copies, strict=True)}


def _require_run(user: User, run: Run) -> Run:
    try:
        return runs_managed_by(user).select_for_update().get(pk=run.pk)
    except Run.DoesNotExist:
        raise NotFound("run") from None
