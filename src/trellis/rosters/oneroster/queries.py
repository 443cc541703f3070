"""Reads for the import page: the school's last roster runs (one query)."""

from trellis.accounts.models import User
from trellis.rosters.models import RosterRun

from .permissions import can_import_roster


def recent_runs_for(user: User, limit: int = 5) -> list[RosterRun]:
    if not can_import_roster(user):
        return []
    return list(RosterRun.objects.filter(school_id=user.school_id).order_by("-started_at")[:limit])
