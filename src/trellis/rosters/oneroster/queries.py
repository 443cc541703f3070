"""Reads for the import page: the school's last roster runs (one query).

A run keeps its problems and notes as English sources with their values, its counts by kind
in English: they are put into the reader's language here, when shown."""

from django.utils.translation import gettext

from trellis.accounts.models import User
from trellis.rosters.models import RosterRun

from .permissions import can_import_roster
from .report import Problem, kind_label, reason_text, summarize

SHOWN_PROBLEMS = 20  # the page lists a run's first problems; the command prints them all


def _shown(run: RosterRun) -> RosterRun:
    kinds = run.changes.get("kinds", []) if isinstance(run.changes, dict) else []
    run.kind_rows = [{**row, "label": kind_label(row.get("kind", ""))} for row in kinds]
    totals = [sum(row.get(k, 0) for row in kinds) for k in ("created", "updated", "deactivated")]
    run.summary_text = summarize(run.problem_count, *totals)
    run.problem_list = [Problem.from_stored(p) for p in run.problems[:SHOWN_PROBLEMS]]
    run.note_list = []
    for note in run.notes:
        text = str(Problem.from_stored(note))
        if isinstance(note, dict) and note.get("warning"):
            text = gettext("Warning: %(note)s") % {"note": text}
        run.note_list.append(text)
    run.ignored_list = [
        (reason_text(reason), n) for reason, n in (run.changes or {}).get("ignored", [])
    ]
    return run


def recent_runs_for(user: User, limit: int = 5) -> list[RosterRun]:
    if not can_import_roster(user):
        return []
    runs = RosterRun.objects.filter(school_id=user.school_id).order_by("-started_at")[:limit]
    return [_shown(run) for run in runs]
