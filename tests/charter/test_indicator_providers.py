"""The culture panel reads real numbers from work and check-ins, and says so when there are none."""

import pytest

from tests.factories import TeacherFactory, class_with
from trellis.charter.indicators import culture_panels
from trellis.demo import build_demo

pytestmark = pytest.mark.django_db


def _rows(panels, sign):
    panel = next(p for p in panels if p.sign.key == sign)
    return {row.label: row.reading for row in panel.rows}


def test_demo_classes_show_numbers_for_every_sign_with_data(count_queries):
    ctx = build_demo()
    english = next(c for c in ctx.classes if c.course == "Grade 10 English")
    maths = next(c for c in ctx.classes if c.course == "Grade 9 Mathematics" and c.section == "A")
    panels = culture_panels([english, maths])
    quality = _rows(panels[english.pk], "quality")
    assert any(r is not None for r in quality.values())
    feedback = _rows(panels[english.pk], "feedback")
    used = next(r for label, r in feedback.items() if "used" in label)
    assert used is not None and " of " in used.value
    targets = _rows(panels[maths.pk], "targets")
    tasks = targets["Tasks that name the learning target they serve"]
    assert tasks is not None and tasks.number == 1.0
    assert targets["Targets that say what knowing it looks like (success criteria)"] is not None
    improvement = _rows(panels[maths.pk], "improvement")
    checkins = next(r for label, r in improvement.items() if "check-in" in label)
    assert checkins is not None and "none graded" in checkins.detail
    # One reading per provider for any number of classes.
    assert count_queries(lambda: culture_panels(ctx.classes)) == count_queries(
        lambda: culture_panels(ctx.classes[:1])
    )


def test_a_class_without_work_or_checkins_has_no_reading_rather_than_zero():
    teacher = TeacherFactory()
    classroom = class_with(teacher, students=3)
    panels = culture_panels([classroom])[classroom.pk]
    for sign in ("targets", "quality", "feedback", "improvement"):
        rows = next(p for p in panels if p.sign.key == sign).rows
        assert rows, sign  # a provider answers for the sign
        assert all(row.reading is None and row.empty for row in rows), sign
