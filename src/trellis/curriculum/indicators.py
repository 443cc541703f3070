"""Numbers curriculum gives the class's culture panel (see trellis.charter.indicators).

Targets clear: the class's tasks name the learning target they serve (students see the
targets on every task and on the class page), and each target says how we will know.
"""

from django.db.models import Count

from trellis.charter.indicators import Reading

from .models import LearningTarget, Task


def _of(n, total, detail=""):
    share = n / total if total else 0.0
    return Reading(value=f"{n} of {total}", number=share, detail=detail or f"{round(share * 100)}%")


class TasksWithTargets:
    key = "curriculum.tasks-with-targets"
    sign = "targets"
    label = "Tasks that name the learning target they serve"
    empty = "No tasks planned yet in this class."
    from_students = False  # the teacher's planning, not students' answers

    def read(self, classrooms):
        ids = [c.pk for c in classrooms]
        tasks = Task.objects.filter(classroom_id__in=ids, is_active=True)
        totals = dict(
            tasks.values_list("classroom_id")
            .annotate(n=Count("id"))
            .values_list("classroom_id", "n")
        )
        with_target = dict(
            tasks.filter(targets__isnull=False)
            .values_list("classroom_id")
            .annotate(n=Count("id", distinct=True))
            .values_list("classroom_id", "n")
        )
        return {
            cid: (_of(with_target.get(cid, 0), totals[cid]) if totals.get(cid) else None)
            for cid in ids
        }


class TargetsWithCriteria:
    key = "curriculum.targets-with-criteria"
    sign = "targets"
    label = "Targets that say what knowing it looks like (success criteria)"
    empty = "No learning targets written yet in this class."
    from_students = False  # the teacher's planning, not students' answers

    def read(self, classrooms):
        ids = [c.pk for c in classrooms]
        counts: dict[int, list[int]] = {}
        # Success criteria live in a JSON list; counting non-empty ones portably means reading
        # them, one row per target (a class has tens, not thousands).
        for cid, criteria in LearningTarget.objects.filter(
            classroom_id__in=ids, is_active=True
        ).values_list("classroom_id", "success_criteria"):
            total, with_criteria = counts.setdefault(cid, [0, 0])
            counts[cid] = [total + 1, with_criteria + (1 if criteria else 0)]
        return {
            cid: (_of(counts[cid][1], counts[cid][0]) if cid in counts else None) for cid in ids
        }


PROVIDERS = [TasksWithTargets(), TargetsWithCriteria()]
