"""The culture panel reads real numbers from work and check-ins, and says so when there are none."""

import pytest

from tests.factories import TeacherFactory, class_with
from trellis.charter.indicators import culture_panels

pytestmark = pytest.mark.django_db


def test_a_class_without_work_or_checkins_has_no_reading_rather_than_zero():
    teacher = TeacherFactory()
    classroom = class_with(teacher, students=3)
    panels = culture_panels([classroom])[classroom.pk]
    for sign in ("targets", "quality", "feedback", "improvement"):
        rows = next(p for p in panels if p.sign.key == sign).rows
        assert rows, sign  # a provider answers for the sign
        assert all(row.reading is None and row.empty for row in rows), sign
