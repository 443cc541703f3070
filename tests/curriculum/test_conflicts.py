"""No lost updates on targets, tasks (with their steps) and release plans: a save from a page
opened before someone else's save is refused (409) with both versions on the page, the
person's typed text kept in the form, and nothing written; saving again from that page
(which now carries the newer version) replaces it deliberately."""

import re

import pytest
from django.urls import reverse

from tests.budgets import assert_budget
from tests.factories import TeacherFactory, class_with
from trellis.common.errors import StaleEdit
from trellis.curriculum import actions
from trellis.curriculum.models import LearningTarget, ReleasePlan, Task

pytestmark = pytest.mark.django_db


def _hidden_version(html: str) -> str:
    return re.search(r'name="version" value="(-?\d+)"', html).group(1)


@pytest.fixture
def task(world):
    target = actions.create_target(world.teacher, world.klass, statement="I can add")
    return actions.create_task(
        world.teacher, world.klass, title="Adding", target_ids=[target.pk], steps=["line up"]
    )


def test_a_stale_target_save_shows_both_versions_and_keeps_the_typed_text(world, client):
    target = actions.create_target(world.teacher, world.klass, statement="I can add")
    client.force_login(world.teacher)
    url = reverse("curriculum:target_edit", args=[world.klass.pk, target.pk])
    opened = _hidden_version(client.get(url).content.decode())
    # Someone else (another tab, a co-teacher) saves first.
    actions.update_target(world.teacher, target, statement="I can add fractions", version=0)
    mine = {"statement": "I can add decimals", "success_criteria": "my criterion"}
    r = client.post(url, {**mine, "version": opened, "is_active": "on"})
    assert r.status_code == 409
    html = r.content.decode()
    assert "Someone else saved this target while you were editing it" in html
    assert "I can add fractions" in html  # theirs
    assert "I can add decimals" in html and "my criterion" in html  # mine, still in the form
    target.refresh_from_db()
    assert target.statement == "I can add fractions" and target.version == 1
    # Saving again from the conflict page is a deliberate choice: it carries their version.
    assert _hidden_version(html) == "1"
    again = client.post(url, {**mine, "version": "1", "is_active": "on"})
    assert again.status_code == 302
    target.refresh_from_db()
    assert target.statement == "I can add decimals" and target.version == 2


def test_a_post_without_a_version_is_never_applied_blind(world, client, task):
    client.force_login(world.teacher)
    url = reverse("curriculum:task_plan", args=[world.klass.pk, task.pk])
    r = client.post(url, {"think_aloud": "blind", "assignment_kind": "classwork"})
    assert r.status_code == 409
    assert ReleasePlan.objects.get(task=task).think_aloud == ""


def test_a_stale_task_save_with_steps_is_refused_and_shows_their_steps(world, client, task):
    client.force_login(world.teacher)
    url = reverse("curriculum:task_edit", args=[world.klass.pk, task.pk])
    opened = _hidden_version(client.get(url).content.decode())
    step = task.steps.get()
    actions.save_steps(
        world.teacher, task, [{"id": step.pk, "text": "line up the digits"}, "carry"], version=0
    )
    form = {
        "title": "Adding (mine)",
        "version": opened,
        "steps-TOTAL_FORMS": "1",
        "steps-INITIAL_FORMS": "0",
        "steps-0-id": step.pk,
        "steps-0-text": "my step wording",
    }
    r = client.post(url, form)
    assert r.status_code == 409
    html = r.content.decode()
    assert "line up the digits" in html and "carry" in html  # their steps
    assert "my step wording" in html and "Adding (mine)" in html  # mine, in the form
    task.refresh_from_db()
    assert task.title == "Adding" and task.version == 1
    assert [s.text for s in task.steps.all()] == ["line up the digits", "carry"]


def test_a_stale_release_plan_save_is_refused(world, client, task):
    client.force_login(world.teacher)
    url = reverse("curriculum:task_plan", args=[world.klass.pk, task.pk])
    opened = _hidden_version(client.get(url).content.decode())
    actions.save_release_plan(world.teacher, task, think_aloud="theirs", version=0)
    r = client.post(url, {"think_aloud": "mine", "assignment_kind": "classwork", "version": opened})
    assert r.status_code == 409
    html = r.content.decode()
    assert "theirs" in html and "mine</textarea>" in html
    assert ReleasePlan.objects.get(task=task).think_aloud == "theirs"


def test_actions_refuse_stale_versions_and_count_every_save(world, task):
    target = LearningTarget.objects.get()
    with pytest.raises(StaleEdit) as stale:
        actions.update_target(world.teacher, target, statement="I can x", version=3)
    assert stale.value.status == 409 and stale.value.version == 0
    assert ("“I can …” statement", "I can add") in stale.value.current
    actions.update_task(world.teacher, task, title="A", version=0)
    actions.save_steps(world.teacher, task, ["one"], version=1)
    actions.set_task_archived(world.teacher, task, True)
    assert Task.objects.get(pk=task.pk).version == 2
    with pytest.raises(StaleEdit):
        actions.edit_task(world.teacher, task, title="B", version=1)
    actions.update_task(world.teacher, task, title="C")  # scripts: no version, no check


def test_a_conflict_is_not_found_for_anyone_else(world, client, task):
    url = reverse("curriculum:task_edit", args=[world.klass.pk, task.pk])
    for who in (world.other_teacher, world.student, world.leader, world.far_teacher):
        client.force_login(who)
        assert client.post(url, {"title": "x", "version": "0"}).status_code == 404


@pytest.mark.parametrize("n", (5, 40))
def test_conflict_budgets(client, n):
    teacher = TeacherFactory()
    klass = class_with(teacher, students=n)
    target = actions.create_target(teacher, klass, statement="I can add")
    task = actions.create_task(
        teacher, klass, title="T", target_ids=[target.pk], steps=["a", "b", "c"]
    )
    actions.update_target(teacher, target, statement="I can add!", version=0)
    actions.update_task(teacher, task, title="T!", target_ids=[target.pk], version=0)
    actions.save_release_plan(teacher, task, think_aloud="x", version=0)
    client.force_login(teacher)
    client.get("/")
    stale = {"version": "0", "assignment_kind": "classwork", "statement": "s", "title": "t"}
    steps = {"steps-TOTAL_FORMS": "0", "steps-INITIAL_FORMS": "0"}
    assert_budget(
        client, "curriculum:target_edit", 8, klass.pk, target.pk,
        method="post", data=stale, status=409,
    )  # fmt: skip
    assert_budget(
        client, "curriculum:task_edit", 16, klass.pk, task.pk,
        method="post", data={**stale, **steps}, status=409,
    )  # fmt: skip
    assert_budget(
        client, "curriculum:task_plan", 11, klass.pk, task.pk,
        method="post", data=stale, status=409,
    )  # fmt: skip
