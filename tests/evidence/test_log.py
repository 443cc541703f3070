import pytest

from tests.factories import StudentFactory, TeacherFactory, class_with
from trellis.common.errors import UserError
from trellis.evidence import actions
from trellis.evidence.models import EvidenceEvent, ImmutableError
from trellis.evidence.queries import counting_events, to_xapi
from trellis.evidence.verbs import Verb

pytestmark = pytest.mark.django_db


def _answer(student, classroom, success=True):
    return actions.record(
        actor=student,
        verb=Verb.ANSWERED,
        object_type="checkin-item",
        object_id=7,
        classroom=classroom,
        target_id=3,
        result={"success": success},
    )


def test_events_cannot_be_edited_or_deleted():
    teacher = TeacherFactory()
    c = class_with(teacher)
    event = _answer(StudentFactory(school=teacher.school), c)
    event.result = {"success": False}
    with pytest.raises(ImmutableError):
        event.save()
    with pytest.raises(ImmutableError):
        event.delete()
    with pytest.raises(ImmutableError):
        EvidenceEvent.objects.filter(pk=event.pk).update(result={})
    with pytest.raises(ImmutableError):
        EvidenceEvent.objects.filter(pk=event.pk).delete()
    assert EvidenceEvent.objects.get(pk=event.pk).result == {"success": True}


def test_a_correction_is_a_new_event_and_the_original_stops_counting():
    teacher = TeacherFactory()
    c = class_with(teacher)
    student = StudentFactory(school=teacher.school)
    wrong = _answer(student, c)
    kept = _answer(student, c, success=False)
    correction = actions.void(teacher, wrong, "Marked against the wrong student")
    assert correction.voids == wrong
    assert list(counting_events(subject=student)) == [kept]
    assert EvidenceEvent.objects.count() == 3
    with pytest.raises(UserError, match="already voided"):
        actions.void(teacher, wrong, "again")
    with pytest.raises(UserError, match="Say why"):
        actions.void(teacher, kept, "  ")


def test_xapi_statement_shape():
    teacher = TeacherFactory()
    c = class_with(teacher)
    student = StudentFactory(school=teacher.school)
    observed = actions.record(
        actor=teacher,
        subject=student,
        verb=Verb.OBSERVED,
        object_type="task-step",
        object_id=12,
        classroom=c,
        result={"response": "explained"},
    )
    st = to_xapi(observed)
    assert st["actor"]["account"]["name"] == str(teacher.pk)
    assert st["verb"]["id"].endswith("/observed")
    assert st["object"]["id"].endswith("/task-step/12")
    assert st["result"] == {"response": "explained"}
    ext = st["context"]["extensions"]
    assert any(
        k.endswith("/subject") and v["account"]["name"] == str(student.pk) for k, v in ext.items()
    )
    assert "mbox" not in str(st)
    assert to_xapi(_answer(student, c))["verb"]["id"] == "http://adlnet.gov/expapi/verbs/answered"


def test_counting_is_the_one_definition_of_evidence_that_still_counts():
    teacher = TeacherFactory()
    c = class_with(teacher)
    student = StudentFactory(school=teacher.school)
    kept, dropped = _answer(student, c), _answer(student, c, success=False)
    correction = actions.void(teacher, dropped, "marked the wrong answer")
    assert list(EvidenceEvent.objects.counting()) == [kept]
    assert list(counting_events(subject=student)) == [kept]
    assert correction not in EvidenceEvent.objects.counting()
