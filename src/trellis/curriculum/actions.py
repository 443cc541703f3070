"""Writes about learning targets."""

from django.db import transaction

from trellis.common.errors import NotFound, UserError
from trellis.rosters.permissions import classes_managed_by

from .models import STATEMENT_MAX, LearningTarget

CRITERION_MAX = 200


def _clean(statement: str, success_criteria) -> tuple[str, list[str]]:
    statement = (statement or "").strip()
    if not statement:
        raise UserError(
            "Write the target as an “I can …” statement, e.g. “I can solve two-step equations”.",
            field="statement",
        )
    if len(statement) > STATEMENT_MAX:
        raise UserError(
            f"A target can be at most {STATEMENT_MAX} characters; this one has "
            f"{len(statement)}. Split it into two targets.",
            field="statement",
        )
    if isinstance(success_criteria, str):
        success_criteria = success_criteria.splitlines()
    criteria = [c.strip() for c in (success_criteria or []) if c and c.strip()]
    for i, c in enumerate(criteria, 1):
        if len(c) > CRITERION_MAX:
            raise UserError(
                f"Success criterion {i} is {len(c)} characters; keep each under {CRITERION_MAX}.",
                field="success_criteria",
            )
    return statement, criteria


@transaction.atomic
def create_target(
    user, classroom, *, statement, success_criteria=(), evidence_of_knowing="", code=""
) -> LearningTarget:
    if not classes_managed_by(user).filter(pk=classroom.pk).exists():
        raise NotFound("class")
    statement, criteria = _clean(statement, success_criteria)
    position = LearningTarget.objects.filter(classroom=classroom).count()
    return LearningTarget.objects.create(
        classroom=classroom,
        statement=statement,
        success_criteria=criteria,
        evidence_of_knowing=(evidence_of_knowing or "").strip(),
        code=(code or "").strip()[:64],
        position=position,
        created_by=user,
    )


@transaction.atomic
def update_target(
    user,
    target: LearningTarget,
    *,
    statement,
    success_criteria=(),
    evidence_of_knowing="",
    code="",
) -> LearningTarget:
    if not classes_managed_by(user).filter(pk=target.classroom_id).exists():
        raise NotFound("target")
    statement, criteria = _clean(statement, success_criteria)
    target.statement = statement
    target.success_criteria = criteria
    target.evidence_of_knowing = (evidence_of_knowing or "").strip()
    target.code = (code or "").strip()[:64]
    target.save()
    return target
