import pytest
from django.urls import reverse

from tests.factories import TeacherFactory, class_with
from trellis.common.errors import NotFound, UserError
from trellis.curriculum import actions
from trellis.curriculum.models import LearningTarget, Task

pytestmark = pytest.mark.django_db


def test_task_with_steps_targets_and_plan(world):
    t = actions.create_target(world.teacher, world.klass, statement="I can add fractions")
    task = actions.create_task(
        world.teacher,
        world.klass,
        title="Adding fractions",
        target_ids=[t.pk],
        steps=[
            {"text": "Find a common denominator", "worked_example": "1/2 + 1/3 → 3/6 + 2/6"},
            "Add the numerators",
        ],
    )
    assert [s.text for s in task.steps.all()] == ["Find a common denominator", "Add the numerators"]
    assert list(task.targets.all()) == [t]
    plan = actions.save_release_plan(
        world.teacher,
        task,
        co_construction_prompts="What first?\n\nWhy?",
        assignment_kind="homework",
        due_date="2026-12-01",
        success_check="1/4 + 1/2 = ?",
    )
    assert plan.co_construction_prompts == ["What first?", "Why?"]
    with pytest.raises(UserError) as e:
        actions.save_release_plan(world.teacher, task, assignment_kind="homework")
    assert e.value.field == "due_date"


def test_steps_keep_their_ids_when_reordered_and_blank_rows_drop(world):
    task = actions.create_task(world.teacher, world.klass, title="T", steps=["a", "b"])
    a, b = task.steps.all()
    actions.save_steps(
        world.teacher, task, [{"id": b.pk, "text": "b"}, {"id": a.pk, "text": "a"}, {"text": ""}]
    )
    assert [(s.pk, s.position) for s in task.steps.all()] == [(b.pk, 0), (a.pk, 1)]
    with pytest.raises(UserError, match="Step 1 is 501 characters"):
        actions.save_steps(world.teacher, task, ["x" * 501])
    with pytest.raises(UserError, match="no instruction"):
        actions.save_steps(world.teacher, task, [{"text": "", "notes": "a note"}])


def test_targets_must_belong_to_the_class(world):
    other = actions.create_target(world.other_teacher, world.other_class, statement="I can")
    with pytest.raises(UserError) as e:
        actions.create_task(world.teacher, world.klass, title="T", target_ids=[other.pk])
    assert e.value.field == "targets"
    with pytest.raises(UserError) as e:
        actions.create_task(world.teacher, world.klass, title="  ")
    assert e.value.field == "title"
    with pytest.raises(NotFound):
        actions.create_task(world.other_teacher, world.klass, title="T")


def test_copy_matches_targets_by_statement_or_copies_them():
    teacher = TeacherFactory()
    a, b = class_with(teacher), class_with(teacher)
    shared = actions.create_target(teacher, a, statement="I can solve equations")
    only_a = actions.create_target(teacher, a, statement="I can check solutions")
    match = actions.create_target(teacher, b, statement="i can  SOLVE equations")
    task = actions.create_task(
        teacher,
        a,
        title="Equations",
        target_ids=[shared.pk, only_a.pk],
        steps=["x", "y"],
        shared_with_team=True,
    )
    actions.save_release_plan(teacher, task, think_aloud="aloud", success_check="check")
    copy = actions.copy_task(teacher, task, b)
    assert copy.classroom == b and copy.copied_from == task and copy.shared_with_team
    statements = sorted(t.statement for t in copy.targets.all())
    assert statements == ["I can check solutions", "i can  SOLVE equations"]
    assert match in copy.targets.all()
    assert LearningTarget.objects.filter(classroom=b).count() == 2
    assert [s.text for s in copy.steps.all()] == ["x", "y"]
    assert copy.plan.think_aloud == "aloud" and copy.plan.success_check == "check"
    with pytest.raises(UserError, match="Choose another class"):
        actions.copy_task(teacher, task, a)
    stranger = class_with(TeacherFactory(school=teacher.school))
    with pytest.raises(NotFound):
        actions.copy_task(teacher, task, stranger)


def test_pages_keep_what_was_typed_on_errors(world, client):
    client.force_login(world.teacher)
    url = reverse("curriculum:targets", args=[world.klass.pk])
    bad = client.post(url, {"statement": "", "success_criteria": "kept criterion"})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "Write the target as an “I can …” statement" in html and "kept criterion" in html
    assert client.post(url, {"statement": "I can add"}).status_code == 302
    new = reverse("curriculum:task_create", args=[world.klass.pk])
    form = {
        "title": "",
        "steps-TOTAL_FORMS": "1",
        "steps-INITIAL_FORMS": "0",
        "steps-0-text": "my typed step",
    }
    bad = client.post(new, form)
    assert bad.status_code == 400 and "my typed step" in bad.content.decode()
    form["title"] = "Adding"
    assert client.post(new, form).status_code == 302
    task = Task.objects.get(title="Adding")
    assert [s.text for s in task.steps.all()] == ["my typed step"]
    edit = reverse("curriculum:task_edit", args=[world.klass.pk, task.pk])
    step = task.steps.get()
    form = {
        "title": "Adding well",
        "version": task.version,
        "steps-TOTAL_FORMS": "2",
        "steps-INITIAL_FORMS": "0",
        "steps-0-id": step.pk,
        "steps-0-text": "first, renamed",
        "steps-1-text": "second",
    }
    assert client.post(edit, form).status_code == 302
    assert [(s.pk == step.pk, s.text) for s in task.steps.all()] == [
        (True, "first, renamed"),
        (False, "second"),
    ]


def test_students_see_current_targets_on_the_class_page(world, client):
    t = actions.create_target(
        world.teacher, world.klass, statement="I can add", success_criteria=["I line up the digits"]
    )
    retired = actions.create_target(world.teacher, world.klass, statement="I can count")
    actions.update_target(world.teacher, retired, statement="I can count", is_active=False)
    client.force_login(world.student)
    html = client.get(reverse("rosters:detail", args=[world.klass.pk])).content.decode()
    assert t.statement in html and "I line up the digits" in html
    assert "I can count" not in html
    client.force_login(world.other_student)
    html = client.get(reverse("rosters:detail", args=[world.other_class.pk])).content.decode()
    assert "I can add" not in html
