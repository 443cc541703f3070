"""Numbers this app gives the class's culture panel (see trellis.charter.indicators).

Quality understood: rubrics shaped with students, examples of quality. Feedback flowing:
comments given per student per week, and how many the students acted on. Improvement
supported: work improved through revisions. Every reading is a count, never a name.
"""

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from trellis.charter.indicators import Reading
from trellis.rosters import queries as roster_queries

from .models import (
    Exemplar,
    FeedbackItem,
    FeedbackResponse,
    Proposal,
    ProposalStatus,
    Rubric,
    Submission,
)

WINDOW_DAYS = 28


def _ids(classrooms):
    return [c.pk for c in classrooms]


def _per_class(qs, field="classroom_id"):
    return dict(
        qs.values_list(field).annotate(n=Count("id", distinct=True)).values_list(field, "n")
    )


def _of(n, total):
    share = n / total if total else 0.0
    return Reading(value=f"{n} of {total}", number=share, detail=f"{round(share * 100)}%")


class RubricsWithStudentInput:
    key = "work.rubrics-with-student-input"
    sign = "quality"
    label = "Rubrics with wording students proposed and the class accepted"
    empty = "No rubrics yet in this class."

    def read(self, classrooms):
        ids = _ids(classrooms)
        rubrics = _per_class(Rubric.objects.filter(classroom_id__in=ids))
        shaped = _per_class(
            Proposal.objects.filter(
                rubric__classroom_id__in=ids,
                status__in=[ProposalStatus.ACCEPTED, ProposalStatus.MERGED],
            ),
            "rubric__classroom_id",
        )
        shaped_rubrics = dict(
            Proposal.objects.filter(
                rubric__classroom_id__in=ids,
                status__in=[ProposalStatus.ACCEPTED, ProposalStatus.MERGED],
            )
            .values_list("rubric__classroom_id")
            .annotate(n=Count("rubric_id", distinct=True))
            .values_list("rubric__classroom_id", "n")
        )
        out = {}
        for cid in ids:
            if not rubrics.get(cid):
                out[cid] = None
                continue
            reading = _of(shaped_rubrics.get(cid, 0), rubrics[cid])
            out[cid] = Reading(
                value=reading.value,
                number=reading.number,
                detail=f"{shaped.get(cid, 0)} student proposals taken in",
            )
        return out


class Exemplars:
    key = "work.exemplars"
    sign = "quality"
    label = "Examples of quality attached to rubric levels"
    empty = "No rubrics yet in this class."
    from_students = False  # the teacher's planning, not students' answers

    def read(self, classrooms):
        ids = _ids(classrooms)
        rubrics = _per_class(Rubric.objects.filter(classroom_id__in=ids))
        exemplars = _per_class(
            Exemplar.objects.filter(rubric__classroom_id__in=ids), "rubric__classroom_id"
        )
        return {
            cid: (Reading(value=str(exemplars.get(cid, 0))) if rubrics.get(cid) else None)
            for cid in ids
        }


def _students(ids):
    return roster_queries.active_student_counts(ids)


class FeedbackPerStudentPerWeek:
    key = "work.feedback-rate"
    sign = "feedback"
    label = f"Feedback comments per student per week (last {WINDOW_DAYS} days)"
    empty = "No feedback given yet in this class."

    def read(self, classrooms):
        ids = _ids(classrooms)
        since = timezone.now() - timedelta(days=WINDOW_DAYS)
        given = _per_class(
            FeedbackItem.objects.filter(
                review__revision__submission__assignment__classroom_id__in=ids,
                created_at__gte=since,
            ),
            "review__revision__submission__assignment__classroom_id",
        )
        students = _students(ids)
        out = {}
        for cid in ids:
            if not given.get(cid) or not students.get(cid):
                out[cid] = None
                continue
            rate = given[cid] / students[cid] / (WINDOW_DAYS / 7)
            out[cid] = Reading(value=f"{rate:.1f}", detail=f"{given[cid]} comments")
        return out


class FeedbackActedOn:
    key = "work.feedback-used"
    sign = "feedback"
    label = "Feedback students marked as used or will use"
    empty = "No feedback given yet in this class."

    def read(self, classrooms):
        ids = _ids(classrooms)
        path = "review__revision__submission__assignment__classroom_id"
        rows = (
            FeedbackItem.objects.filter(**{f"{path}__in": ids})
            .exclude(review__kind="self")
            .values_list(path)
            .annotate(
                n=Count("id"),
                used=Count(
                    "id",
                    filter=Q(response__in=[FeedbackResponse.USED, FeedbackResponse.WILL_USE]),
                ),
            )
            .values_list(path, "n", "used")
        )
        counts = {cid: (n, used) for cid, n, used in rows}
        return {
            cid: (_of(counts[cid][1], counts[cid][0]) if counts.get(cid) else None) for cid in ids
        }


class WorkRevised:
    key = "work.revised"
    sign = "improvement"
    label = "Handed-in pieces improved with at least one revision"
    empty = "No work handed in yet in this class."

    def read(self, classrooms):
        ids = _ids(classrooms)
        rows = (
            Submission.objects.filter(assignment__classroom_id__in=ids, latest_number__gte=1)
            .values_list("assignment__classroom_id")
            .annotate(n=Count("id"), revised=Count("id", filter=Q(latest_number__gte=2)))
            .values_list("assignment__classroom_id", "n", "revised")
        )
        counts = {cid: (n, revised) for cid, n, revised in rows}
        return {
            cid: (_of(counts[cid][1], counts[cid][0]) if counts.get(cid) else None) for cid in ids
        }


PROVIDERS = [
    RubricsWithStudentInput(),
    Exemplars(),
    FeedbackPerStudentPerWeek(),
    FeedbackActedOn(),
    WorkRevised(),
]
