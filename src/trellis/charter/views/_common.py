"""Helpers shared by the charter's pages."""

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from trellis.common.errors import NotFound
from trellis.common.views import act_and_redirect

from .. import queries
from ..models import TEXT_MAX

LIMIT_HELP = format_lazy(gettext_lazy("Up to {TEXT_MAX} characters."), TEXT_MAX=TEXT_MAX)


def _managed_action(request, class_id: int, do, success: str, route: str, anchor: str):
    """Run one action for a class the user manages; say how it went; back to `route#anchor`."""
    classroom = queries.get_managed_class_for(request.user, class_id)
    to = reverse(route, args=[classroom.pk]) + f"#{anchor}"
    return act_and_redirect(request, do, to, success=success)


def _kickoff_or_404(classroom):
    kickoff = queries.kickoff_for(classroom)
    if kickoff is None:
        raise NotFound("kickoff")
    return kickoff
