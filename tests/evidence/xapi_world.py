"""A class whose evidence holds every kind of statement the export makes (for the xAPI tests)."""

from datetime import timedelta

from django.utils import timezone

from tests.factories import StudentFactory, TeacherFactory, class_with
from trellis.evidence import actions
from trellis.evidence.verbs import Verb

FREE_TEXT = "Ask Priya Sharma: my email is priya@example.org"


def class_evidence(school=None):
    """(teacher, class, students, events): a class with answers, confidence, an observation, a
    help request with a note, a phase move with a note, a submission, a self-assessment, a
    reflection, and a correction of a wrong answer."""
    teacher = TeacherFactory(school=school) if school else TeacherFactory()
    klass = class_with(teacher, school=teacher.school)
    students = [StudentFactory(school=teacher.school) for _ in range(3)]
    start = timezone.now() - timedelta(hours=1)
    events = []

    def rec(**kw):
        kw.setdefault("classroom", klass)
        kw.setdefault("occurred_at", start + timedelta(seconds=len(events)))
        events.append(actions.record(**kw))
        return events[-1]

    for i, s in enumerate(students):
        rec(
            actor=s,
            verb=Verb.ANSWERED,
            object_type="checkin-question",
            object_id=5,
            target_id=11,
            result={"success": i != 1},
            context={"extensions": {"task": 3, "late": i == 2}},
        )
        rec(
            actor=s,
            verb=Verb.RATED_CONFIDENCE,
            object_type="task-step",
            object_id=8,
            target_id=11,
            result={"score": {"raw": 3, "min": 1, "max": 4}},
            context={"extensions": {"task": 3}},
        )
    s0, s1, s2 = students
    rec(
        actor=teacher,
        subject=s0,
        verb=Verb.OBSERVED,
        object_type="task-step",
        object_id=8,
        target_id=11,
        result={"response": "explained"},
    )
    rec(
        actor=s1,
        verb=Verb.REQUESTED_HELP,
        object_type="help-request",
        object_id=1,
        result={"response": FREE_TEXT},
        context={"extensions": {"task": 3}},
    )
    rec(
        actor=teacher,
        subject=s2,
        verb=Verb.MOVED,
        object_type="task",
        object_id=3,
        result={"response": "guided→independent"},
        context={
            "extensions": {
                "task": 3,
                "from": "guided",
                "to": "independent",
                "recommendation": "advance",
                "note": FREE_TEXT,
            }
        },
    )
    rec(
        actor=s2,
        verb=Verb.SUBMITTED,
        object_type="success-check",
        object_id=3,
        target_id=11,
        result={"response": FREE_TEXT},
    )
    rec(
        actor=s0,
        verb=Verb.SELF_ASSESSED,
        object_type="work-self-score",
        object_id=4,
        target_id=11,
        result={"score": {"scaled": 0.75}, "extensions": {"teacher_scaled": 0.5}},
        context={"extensions": {"assignment": 2, "revision": 6, "criterion": 9}},
    )
    rec(
        actor=s0,
        verb=Verb.REFLECTED,
        object_type="task-step",
        object_id=8,
        result={"response": FREE_TEXT},
    )
    rec(
        actor=teacher,
        subject=s1,
        verb=Verb.GAVE_FEEDBACK,
        object_type="work-feedback",
        object_id=12,
        target_id=11,
        context={"extensions": {"assignment": 2, "revision": 6, "kind": "teacher"}},
    )
    wrong = events[2]  # s1's wrong answer, marked against the wrong student
    events.append(actions.void(teacher, wrong, "Marked against the wrong student: " + FREE_TEXT))
    return teacher, klass, students, events
