"""Runs of a check-in: starting one (live or exit ticket), stepping, revealing, closing."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from trellis.accounts.models import User
from trellis.common.errors import NotFound, UserError
from trellis.curriculum.models import LearningTarget
from trellis.rosters.models import Classroom
from trellis.rosters.permissions import classes_managed_by

from ..models import CheckIn, QuestionVersion, Run, RunMode
from ..permissions import checkins_visible_to
from ._common import _require_run

# ---------------------------------------------------------------- runs


def _target_map(checkin: CheckIn, classroom: Classroom) -> dict:
    """Map each question's target to this class's target with the same code or statement."""
    target_ids = {
        v.target_id
        for v in QuestionVersion.objects.filter(question__items__checkin=checkin).only("target_id")
        if v.target_id
    }
    if not target_ids:
        return {}
    class_targets = list(LearningTarget.objects.filter(classroom=classroom, is_active=True))
    by_code = {t.code.strip().lower(): t.pk for t in class_targets if t.code.strip()}
    by_statement = {t.statement.strip().lower(): t.pk for t in class_targets}
    mapping = {}
    for t in LearningTarget.objects.filter(pk__in=target_ids):
        if t.classroom_id == classroom.pk:
            continue
        match = by_code.get(t.code.strip().lower()) if t.code.strip() else None
        match = match or by_statement.get(t.statement.strip().lower())
        if match:
            mapping[str(t.pk)] = match
    return mapping


@transaction.atomic
def start_run(
    user: User,
    checkin: CheckIn,
    classroom: Classroom,
    *,
    mode: str,
    closes_at: datetime | None = None,
    now: datetime | None = None,
) -> Run:
    """Run a check-in (one's own or a colleague's shared one) in a class one manages."""
    now = now or timezone.now()
    if not checkins_visible_to(user).filter(pk=checkin.pk).exists():
        raise NotFound("check-in")
    if not classes_managed_by(user).filter(pk=classroom.pk).exists():
        raise NotFound("class")
    if not checkin.items.exists():
        raise UserError(gettext("Add at least one question before running this check-in."))
    if mode not in RunMode.values:
        raise UserError(gettext("Choose live or exit ticket."), field="mode")
    if mode == RunMode.EXIT:
        if closes_at is None:
            raise UserError(
                gettext("Say until when the exit ticket stays open, e.g. the end of the lesson."),
                field="closes_at",
            )
        if closes_at <= now:
            raise UserError(
                gettext("The closing time has already passed. Choose a time later than now."),
                field="closes_at",
            )
    else:
        closes_at = None
    return Run.objects.create(
        checkin=checkin,
        classroom=classroom,
        started_by=user,
        mode=mode,
        started_at=now,
        closes_at=closes_at,
        target_map=_target_map(checkin, classroom),
    )


@transaction.atomic
def go_to_question(user: User, run: Run, position: int, now: datetime | None = None) -> Run:
    """Live runs: show question `position` (0-based) to the class."""
    run = _require_run(user, run)
    if run.mode != RunMode.LIVE:
        raise UserError(gettext("Only a live check-in is paced question by question."))
    if not run.is_open_at(now or timezone.now()):
        raise UserError(gettext("This check-in is closed. Start a new run to ask it again."))
    count = run.checkin.items.count()
    position = max(0, min(int(position), count - 1))
    run.position = position
    run.save(update_fields=["position", "updated_at"])
    return run


@transaction.atomic
def reveal(user: User, run: Run, question_ids) -> Run:
    """Let students see the right answer and the class distribution (in aggregate)."""
    run = _require_run(user, run)
    in_checkin = set(run.checkin.items.values_list("question_id", flat=True))
    wanted = {int(q) for q in question_ids} & in_checkin
    if not wanted:
        raise NotFound("question in this check-in")
    run.revealed = sorted(set(run.revealed) | wanted)
    run.save(update_fields=["revealed", "updated_at"])
    return run


@transaction.atomic
def close_run(user: User, run: Run, now: datetime | None = None) -> Run:
    run = _require_run(user, run)
    if run.closed_at is None:
        run.closed_at = now or timezone.now()
        run.save(update_fields=["closed_at", "updated_at"])
    return run
