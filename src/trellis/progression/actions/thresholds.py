"""A class's release thresholds, saved by its teacher from the "how well do the
recommendations work here" page: checked, version-locked, audited, and the class's boards
recomputed with them."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext

from trellis.accounts.models import User
from trellis.audit.actions import record as audit
from trellis.common.errors import Conflict, NotFound, UserError
from trellis.evidence.actions import bump_marks
from trellis.grr import Thresholds
from trellis.rosters.models import Classroom
from trellis.rosters.permissions import classes_managed_by

from .. import engine
from ..models import ClassThresholds


def proposed_thresholds(values: dict[str, float]) -> Thresholds:
    """The engine's thresholds with the class's tunable ones replaced; a combination the engine
    refuses becomes a message naming the field and what to do."""
    try:
        return engine.tuned(values)
    except ValueError as error:
        if "step_back_mastery" in str(error):
            raise UserError(
                gettext(
                    "Step back under: it must be lower than the release mastery "
                    "(%(mastery)s); lower it or raise the release mastery."
                )
                % {"mastery": number_format(values["advance_mastery"], 2)},
                field="step_back_mastery",
            ) from None
        raise UserError(
            gettext("These thresholds do not fit together (%(error)s).") % {"error": error}
        ) from None


def save_thresholds(
    user: User, classroom: Classroom, values: dict[str, float], *, seen_version: int
) -> ClassThresholds:
    """Store the class's thresholds (one transaction, the row locked). ``seen_version`` is the
    version the teacher's form showed (0: none saved yet); a newer one is refused."""
    proposed = proposed_thresholds(values)
    with transaction.atomic():
        locked = classes_managed_by(user).select_for_update().filter(pk=classroom.pk).first()
        if locked is None:
            raise NotFound("class")
        row = ClassThresholds.objects.select_for_update().filter(classroom=locked).first()
        current = row.version if row else 0
        if current != seen_version:
            raise Conflict(
                gettext(
                    "Someone saved this class's thresholds while you were looking at them (now "
                    "version %(version)s). Reload the page, check their values, and tune again."
                )
                % {"version": current}
            )
        fields = {name: getattr(proposed, name) for name in engine.TUNABLE}
        now = timezone.now()
        if row is None:
            row = ClassThresholds.objects.create(
                classroom=locked, updated_at=now, updated_by=user, version=1, **fields
            )
        else:
            for name, value in fields.items():
                setattr(row, name, value)
            row.version, row.updated_at, row.updated_by = current + 1, now, user
            row.save()
        audit(
            user,
            "progression.thresholds",
            school=locked.school_id,
            targets=[locked],
            summary=f"release thresholds of {locked} set to version {row.version}: "
            + ", ".join(f"{k} {v:.2f}" for k, v in fields.items()),
        )
        # The class's cached readiness and grid are keyed by its mark: recompute them.
        bump_marks({locked.pk: 0})
    return row
