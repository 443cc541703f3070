"""Pages and endpoints of the release, driven through the Django test client."""

import html
import re

import pytest
from django.urls import reverse

from tests.factories import PASSWORD
from tests.progression.factories import make_task, running_task
from trellis.curriculum import actions as curriculum
from trellis.evidence.models import EvidenceEvent
from trellis.grr import Phase
from trellis.progression import actions
from trellis.progression.models import HelpRequest, StudentPhase, Suggestion

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_board_renders_and_moves_with_versions(world, client):
    task = running_task(world.teacher, world.klass)
    login(client, world.teacher)
    url = reverse("progression:board", args=[world.klass.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert task.title in html and world.student.name in html
    # Compact cells: words, not decimals; the reason is fetched into the drawer on demand.
    assert "Capability: no evidence yet" in html and 'data-cell-base="/classes/' in html
    assert 'role="tooltip"' not in html and '<use href="#ph-0"/>' in html
    response = client.post(
        reverse("progression:board_move", args=[world.klass.pk]),
        {
            "task": task.pk,
            "kind": "advance",
            "student": [world.student.pk],
            f"v-{task.pk}-{world.student.pk}": 0,
            "note": "good start",
        },
    )
    assert response.status_code == 302
    assert StudentPhase.objects.get(task=task, student=world.student).phase == Phase.CO_CONSTRUCTION


def test_second_teacher_gets_conflict_and_keeps_the_note(world, client):
    task = running_task(world.teacher, world.klass)
    actions.move_students(world.admin, task, [world.student.pk], "advance")
    login(client, world.teacher)
    response = client.post(
        reverse("progression:board_move", args=[world.klass.pk]),
        {
            "task": task.pk,
            "kind": "advance",
            "student": [world.student.pk],
            f"v-{task.pk}-{world.student.pk}": 0,
            "note": "my careful note",
        },
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "This changed while you were looking" in html
    assert "my careful note" in html
    # The new state is on the page: the student's cell shows co-construction, version 1.
    assert f'name="v-{task.pk}-{world.student.pk}" value="1"' in html
    assert StudentPhase.objects.get(task=task, student=world.student).phase == Phase.CO_CONSTRUCTION


def test_student_walks_modeling_to_help(world, client):
    task = running_task(world.teacher, world.klass)
    login(client, world.student)
    learn = reverse("progression:learn", args=[world.klass.pk, task.pk])
    page = client.get(learn)
    assert page.status_code == 200
    assert "I can solve equation type 1" in page.content.decode()
    assert "I&#x27;m lost" in page.content.decode() or "I'm lost" in page.content.decode()
    client.post(reverse("progression:learn_lost", args=[world.klass.pk, task.pk]))
    assert EvidenceEvent.objects.filter(verb="signalled-lost", actor=world.student).count() == 1
    live = client.get(reverse("progression:run_live", args=[world.klass.pk, task.pk]))
    assert live.status_code == 404  # students never see the teacher's live signals
    actions.set_mode(world.teacher, task, "co_construction")
    actions.move_students(world.teacher, task, [world.student.pk], "advance")
    suggest = reverse("progression:learn_suggest", args=[world.klass.pk, task.pk])
    empty = client.post(suggest, {"text": "  "})
    assert empty.status_code == 400 and "Your suggestion is empty" in empty.content.decode()
    long = client.post(suggest, {"text": "x" * 281})
    assert long.status_code == 400
    assert "281 characters long; the limit is 280" in long.content.decode()
    assert "x" * 281 in long.content.decode()  # what was typed is kept
    assert client.post(suggest, {"text": "Subtract 5 from both sides"}).status_code == 302
    assert Suggestion.objects.get().text == "Subtract 5 from both sides"
    actions.move_students(world.teacher, task, [world.student.pk], "advance")
    step = task.steps.first()
    assert (
        client.post(
            reverse("progression:learn_plan", args=[world.klass.pk, task.pk]),
            {"step": step.pk, "plan": "I will undo the +5 first"},
        ).status_code
        == 302
    )
    assert (
        client.post(
            reverse("progression:learn_reflect", args=[world.klass.pk, task.pk]),
            {"step": step.pk, "reflection": "went fine", "confidence": "3"},
        ).status_code
        == 302
    )
    help_url = reverse("progression:learn_help", args=[world.klass.pk, task.pk])
    wrong = client.post(help_url, {"note": "stuck"})
    assert wrong.status_code == 400
    assert "“I need help” is for independent practice" in wrong.content.decode()
    actions.move_students(world.teacher, task, [world.student.pk], "advance")
    assert client.post(help_url, {"note": "stuck on step 2"}).status_code == 302
    assert StudentPhase.objects.get(task=task, student=world.student).phase == Phase.GUIDED
    assert HelpRequest.objects.get().note == "stuck on step 2"
    mine = client.get(reverse("progression:my_learning", args=[world.klass.pk]))
    assert (
        "stuck on step 2" in mine.content.decode()
        and "waiting for your teacher" in mine.content.decode()
    )


def test_run_page_says_why_a_task_without_steps_cannot_start(world, client):
    task = make_task(world.teacher, world.klass, steps=0)
    login(client, world.teacher)
    run = reverse("progression:run", args=[world.klass.pk, task.pk])
    page = client.get(run)
    assert "has no steps yet, so it cannot be started" in page.content.decode()
    response = client.post(
        reverse("progression:run_start", args=[world.klass.pk, task.pk]), follow=True
    )
    assert "has no steps yet, so there is nothing to model" in response.content.decode()


def test_teacher_pages_render(world, client):
    task = running_task(world.teacher, world.klass)
    curriculum.save_release_plan(
        world.teacher, task, think_aloud="I look at what is done to x", success_check="Solve 2x+1=7"
    )
    login(client, world.teacher)
    for name, args in [
        ("progression:run", [world.klass.pk, task.pk]),
        ("progression:projector", [world.klass.pk, task.pk]),
        ("progression:run_live", [world.klass.pk, task.pk]),
        ("progression:board_grid", [world.klass.pk]),
        ("progression:board_cell", [world.klass.pk, task.pk, world.student.pk]),
        ("curriculum:targets", [world.klass.pk]),
        ("curriculum:tasks", [world.klass.pk]),
        ("curriculum:task", [world.klass.pk, task.pk]),
        ("curriculum:task_edit", [world.klass.pk, task.pk]),
        ("curriculum:task_plan", [world.klass.pk, task.pk]),
        ("curriculum:task_create", [world.klass.pk]),
        ("rosters:detail", [world.klass.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 200, name


def test_unchanged_polls_answer_204(world, client):
    task = running_task(world.teacher, world.klass)
    login(client, world.teacher)
    grid = reverse("progression:board_grid", args=[world.klass.pk])
    first = client.get(grid)
    state = re.search(r'name="state" value="([^"]+)"', first.content.decode()).group(1)
    assert client.get(grid, {"state": state}).status_code == 204
    actions.move_students(world.teacher, task, [world.student.pk], "advance")
    changed = client.get(grid, {"state": state})
    assert changed.status_code == 200 and "Co-construction" in changed.content.decode()
    login(client, world.student)
    live = reverse("progression:learn_live", args=[world.klass.pk, task.pk])
    page = client.get(reverse("progression:learn", args=[world.klass.pk, task.pk]))
    url = html.unescape(re.search(r'hx-get="([^"]*learn/live/[^"]*)"', page.content.decode())[1])
    assert client.get(url).status_code == 204
    actions.show_step(world.teacher, task, delta=1)
    moved = client.get(url)
    assert moved.status_code == 200 and "Step 2 of 3" in moved.content.decode()
    assert client.get(live).status_code == 200


def test_moving_a_student_who_left_shows_who_and_moves_nobody(world, client):
    from trellis.rosters import actions as roster_actions

    task = running_task(world.teacher, world.klass)
    login(client, world.teacher)
    roster_actions.withdraw_student(world.teacher, world.klass, world.student.pk)
    response = client.post(
        reverse("progression:board_move", args=[world.klass.pk]),
        {"task": task.pk, "kind": "advance", "student": [world.student.pk], "note": "kept"},
    )
    assert response.status_code == 400
    html_text = response.content.decode()
    assert f"{world.student.name} is no longer enrolled in {world.klass.name}" in html_text
    assert "Nobody was moved" in html_text and "kept" in html_text
    assert not StudentPhase.objects.filter(task=task, student=world.student, version__gt=0)


def test_the_cell_of_a_student_who_left_is_not_found(world, client):
    from trellis.rosters import actions as roster_actions

    task = running_task(world.teacher, world.klass)
    login(client, world.teacher)
    url = reverse("progression:board_cell", args=[world.klass.pk, task.pk, world.student.pk])
    assert client.get(url).status_code == 200
    roster_actions.withdraw_student(world.teacher, world.klass, world.student.pk)
    assert client.get(url).status_code == 404


def test_the_student_poll_says_what_changed_in_one_sentence(world, client):
    """The live region's words come from the server: a new step, the projector's mode, a
    phase move; an unchanged poll says nothing, and the page itself never announces."""
    task = running_task(world.teacher, world.klass)
    login(client, world.student)
    page = client.get(reverse("progression:learn", args=[world.klass.pk, task.pk]))
    assert "data-announce" not in page.content.decode()
    url = html.unescape(re.search(r'hx-get="([^"]*learn/live/[^"]*)"', page.content.decode())[1])

    def announced():
        answer = client.get(url)
        found = re.search(r'id="learn-live"[^>]*data-announce="([^"]*)"', answer.content.decode())
        return html.unescape(found[1]) if found else None

    actions.show_step(world.teacher, task, delta=1)
    assert announced() == "Step 2 of 3: Step 2: do part 2."
    actions.set_mode(world.teacher, task, "co_construction")
    assert announced() == (
        "Your teacher asks the class what comes next. Step 2 of 3: Step 2: do part 2. "
        "What comes next?"
    )
    # "I'm lost" (htmx): the confirmation is said and takes the focus its button had.
    lost = client.post(
        reverse("progression:learn_lost", args=[world.klass.pk, task.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'data-announce="Your teacher can see that this step lost you."' in lost
    assert re.search(r'class="lost-sent"[^>]*data-focus-after-swap', lost)
    actions.move_students(world.teacher, task, [world.student.pk], "advance")
    actions.move_students(world.teacher, task, [world.student.pk], "advance")
    assert announced() == "You are now in guided practice."
