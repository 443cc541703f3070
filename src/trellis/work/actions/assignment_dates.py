"""An assignment's dates, checked when it is created or changed: the due date ahead, peer
review closing after the work is due. The dates in the messages are written for the page's
language ("5 September 2026, 15:30", "5 septembre 2026, 15:30")."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from trellis.common.errors import UserError


def _check_dates(due_at, closes_at, *, unchanged_due=None, unchanged_closes=None) -> None:
    """A new due date lies ahead; peer review closes after the work is due."""
    now = timezone.now()
    if due_at and due_at != unchanged_due and due_at < now:
        when = date_format(timezone.localtime(due_at), "j F Y, H:i")
        raise UserError(
            _(
                "The due date %(when)s has already passed. Choose a date in the "
                "future, or leave it empty."
            )
            % {"when": when},
            field="due_at",
        )
    if closes_at and closes_at != unchanged_closes and closes_at < now:
        raise UserError(
            _("Peer review cannot close in the past. Choose a later date, or leave it empty."),
            field="peer_review_closes_at",
        )
    if due_at and closes_at and closes_at < due_at:
        raise UserError(
            _(
                "Peer review would close before the work is due, so nobody could "
                "review it. Choose a closing date after the due date."
            ),
            field="peer_review_closes_at",
        )
