"""Numbers check-ins give the class's culture panel (see trellis.charter.indicators).

Improvement supported: formative check-ins that never count toward a grade, and how many
students take part. Counts only, never names.
"""

from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from trellis.charter.indicators import Reading
from trellis.rosters import queries as roster_queries

from .models import Answer, Run

WINDOW_DAYS = 28


class FormativeCheckins:
    key = "checkins.participation"
    sign = "improvement"
    label = f"Students who answered a formative check-in (last {WINDOW_DAYS} days)"
    empty = "No check-ins run yet in this class."

    def read(self, classrooms):
        ids = [c.pk for c in classrooms]
        since = timezone.now() - timedelta(days=WINDOW_DAYS)
        runs = dict(
            Run.objects.filter(classroom_id__in=ids, started_at__gte=since)
            .values_list("classroom_id")
            .annotate(n=Count("id"))
            .values_list("classroom_id", "n")
        )
        answered = dict(
            Answer.objects.filter(run__classroom_id__in=ids, run__started_at__gte=since)
            .values_list("run__classroom_id")
            .annotate(n=Count("student_id", distinct=True))
            .values_list("run__classroom_id", "n")
        )
        students = roster_queries.active_student_counts(ids)
        out = {}
        for cid in ids:
            if not runs.get(cid) or not students.get(cid):
                out[cid] = None
                continue
            n, total = min(answered.get(cid, 0), students[cid]), students[cid]
            out[cid] = Reading(
                value=f"{n} of {total}",
                number=n / total,
                detail=f"{runs[cid]} check-in{'s' if runs[cid] != 1 else ''}, none graded",
            )
        return out


PROVIDERS = [FormativeCheckins()]
