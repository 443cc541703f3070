"""Every event names its class, and the class's high-water mark moves with each one."""

import pytest

from tests.factories import StudentFactory, TeacherFactory, class_with
from trellis.evidence import actions
from trellis.evidence.queries import class_version, class_versions
from trellis.evidence.verbs import Verb

pytestmark = pytest.mark.django_db


def _answer(student, classroom, target_id=3):
    return actions.record(
        actor=student,
        verb=Verb.ANSWERED,
        object_type="checkin-item",
        object_id=7,
        classroom=classroom,
        target_id=target_id,
        result={"success": True},
    )


def test_each_event_and_each_correction_moves_its_class_mark_only(count_queries):
    teacher = TeacherFactory()
    a, b = class_with(teacher), class_with(teacher)
    student = StudentFactory(school=teacher.school)
    assert class_version(a.pk) == 0
    first = _answer(student, a)
    assert class_version(a.pk) == 1
    _answer(student, a)
    assert class_versions([a.pk, b.pk]) == {a.pk: 2, b.pk: 0}
    actions.void(teacher, first, "wrong student")
    assert class_versions([a.pk, b.pk]) == {a.pk: 3, b.pk: 0}
    # Reading a mark is one primary-key read, whatever the size of the log.
    assert count_queries(lambda: class_version(a.pk)) == 1
    assert count_queries(lambda: class_versions([a.pk, b.pk])) == 1


def test_evidence_about_a_target_must_name_its_class():
    student = StudentFactory()
    with pytest.raises(ValueError, match="must name its class"):
        _answer(student, None, target_id=5)
    # Evidence about no target (a pulse, a charter act with no class) may go without one.
    event = actions.record(actor=student, verb=Verb.REFLECTED, object_type="journal", object_id=1)
    assert event.classroom_id is None
