import pytest

from tests.factories import TeacherFactory, class_with
from trellis.common.errors import NotFound, UserError
from trellis.curriculum import actions
from trellis.curriculum.permissions import targets_managed_by, targets_visible_to

pytestmark = pytest.mark.django_db


def test_create_target_with_criteria_from_lines():
    teacher = TeacherFactory()
    c = class_with(teacher)
    t = actions.create_target(
        teacher,
        c,
        statement=" I can solve two-step equations ",
        success_criteria="undo the operations in reverse order\n\ncheck by substituting",
    )
    assert t.statement == "I can solve two-step equations"
    assert t.success_criteria == ["undo the operations in reverse order", "check by substituting"]


def test_empty_and_too_long_statements_name_the_field():
    teacher = TeacherFactory()
    c = class_with(teacher)
    with pytest.raises(UserError) as e:
        actions.create_target(teacher, c, statement="  ")
    assert e.value.field == "statement"
    with pytest.raises(UserError, match="at most 300"):
        actions.create_target(teacher, c, statement="I can " + "x" * 300)


def test_only_the_class_teacher_writes_targets(world):
    with pytest.raises(NotFound):
        actions.create_target(world.other_teacher, world.klass, statement="I can add")
    t = actions.create_target(world.teacher, world.klass, statement="I can add")
    assert list(targets_visible_to(world.student)) == [t]
    assert list(targets_visible_to(world.other_student)) == []
    assert list(targets_managed_by(world.admin)) == [t]
    assert list(targets_managed_by(world.student)) == []
    assert list(targets_visible_to(world.far_admin)) == []
