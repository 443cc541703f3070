"""Modeling, co-construction and guided practice: live signals and their evidence."""

import pytest

from tests.progression.factories import running_task, students_of
from trellis.common.errors import UserError
from trellis.evidence.models import EvidenceEvent
from trellis.progression import actions, queries
from trellis.progression.grouping import group_suggestions, normalise

pytestmark = pytest.mark.django_db


def test_lost_count_and_pause_signal_follow_the_step(world):
    task = running_task(world.teacher, world.klass)
    students = students_of(world.klass)  # 4 students: 2 lost is 50% ≥ 30%
    actions.signal_lost(students[0], task)
    live = queries.live_for_teacher(task)
    assert (live.lost, live.class_size, live.pause.triggered) == (1, 4, False)
    actions.signal_lost(students[1], task)
    live = queries.live_for_teacher(task)
    assert live.lost == 2 and live.pause.triggered
    assert "pause and break it down" in live.pause.reason
    actions.show_step(world.teacher, task, delta=1)
    live = queries.live_for_teacher(task)
    assert live.lost == 0 and not live.pause.triggered and live.index == 1
    event = EvidenceEvent.objects.filter(verb="signalled-lost").first()
    assert event.context["extensions"]["task"] == task.pk
    assert event.target_id == task.targets.first().pk


def test_suggestions_are_grouped_and_limited(world):
    task = running_task(world.teacher, world.klass)
    students = students_of(world.klass)
    with pytest.raises(UserError, match="modeling right now"):
        actions.suggest_next(students[0], task, "divide")
    actions.set_mode(world.teacher, task, "co_construction")
    for s, text in zip(
        students,
        [
            "Subtract 5 from both sides",
            "subtract 5 from both sides!!",
            "Subtract 5 from both side",
            "Divide by 3",
        ],
        strict=True,
    ):
        actions.suggest_next(s, task, text)
    with pytest.raises(UserError, match="281 characters long; the limit is 280"):
        actions.suggest_next(students[0], task, "y" * 281)
    with pytest.raises(UserError, match="empty"):
        actions.suggest_next(students[0], task, "   ")
    live = queries.live_for_teacher(task)
    assert [(g.text, g.count) for g in live.ideas] == [
        ("Subtract 5 from both sides", 3),
        ("Divide by 3", 1),
    ]
    picked = actions.pick_suggestion(world.teacher, task, live.ideas[1].members[0].pk)
    assert queries.live_for_teacher(task).picked == picked
    assert EvidenceEvent.objects.filter(verb="endorsed", subject=students[3]).exists()
    assert EvidenceEvent.objects.filter(verb="suggested").count() == 4


def test_grouping_is_pure_and_normalises():
    assert normalise("  Subtract, 5!  ") == "subtract 5"
    groups = group_suggestions(["a b c", "A  B, C.", "completely different"], text_of=str)
    assert [g.count for g in groups] == [2, 1]


def test_guided_plan_reflect_and_observe_write_evidence(world):
    task = running_task(world.teacher, world.klass)
    actions.move_students(
        world.teacher, task, [world.student.pk], "advance", to_phase=2, override=True
    )
    step = task.steps.first()
    with pytest.raises(UserError, match="before reflecting"):
        actions.reflect_step(world.student, task, step.pk, "fine")
    actions.plan_step(world.student, task, step.pk, "undo the +5")
    with pytest.raises(UserError, match="1, 2, 3 or 4"):
        actions.reflect_step(world.student, task, step.pk, "fine", 7)
    actions.reflect_step(world.student, task, step.pk, "fine", 3)
    actions.observe(world.teacher, task, world.student.pk, "prompted", "needed a nudge")
    with pytest.raises(UserError, match="explained the step"):
        actions.observe(world.teacher, task, world.student.pk, "asleep")
    verbs = list(EvidenceEvent.objects.filter(subject=world.student).values_list("verb", flat=True))
    assert verbs == ["moved", "planned", "reflected", "rated-confidence", "observed"]
    page = queries.run_page(task)
    row = next(g for g in page.guided if g["student"] == world.student)
    assert row["entry"].plan == "undo the +5"
    # In words, with the teacher's note (never the stored code).
    assert row["last_observation"]["seen"] == "Needed prompting"
    assert row["last_observation"]["note"] == "needed a nudge"


def test_success_check_is_answered_then_marked(world):
    from trellis.curriculum import actions as curriculum

    task = running_task(world.teacher, world.klass)
    curriculum.save_release_plan(world.teacher, task, success_check="Solve 2x + 1 = 7")
    with pytest.raises(UserError, match="after independent practice"):
        actions.answer_success_check(world.student, task, "x = 3")
    actions.move_students(
        world.teacher, task, [world.student.pk], "advance", to_phase=3, override=True
    )
    answer = actions.answer_success_check(world.student, task, "x = 3")
    actions.mark_success_check(world.teacher, task, answer.pk, "right")
    with pytest.raises(UserError, match="already marked"):
        actions.mark_success_check(world.teacher, task, answer.pk, "not_yet")
    event = EvidenceEvent.objects.get(verb="answered")
    assert event.result["success"] is True and event.subject == world.student


def test_voided_evidence_no_longer_counts_in_live_reads(world):
    """The live reads use the evidence app's one definition of "still counts"."""
    from trellis.evidence.actions import void

    task = running_task(world.teacher, world.klass)
    students = students_of(world.klass)
    actions.signal_lost(students[0], task)
    assert queries.live_for_teacher(task).lost == 1
    assert queries.student_live(students[0], task).lost_on_step
    assert queries.student_task(students[0], task).lost_on_step
    void(world.teacher, EvidenceEvent.objects.get(verb="signalled-lost"), "tapped by mistake")
    assert queries.live_for_teacher(task).lost == 0
    assert not queries.student_live(students[0], task).lost_on_step
    assert not queries.student_task(students[0], task).lost_on_step

    actions.move_students(
        world.teacher, task, [world.student.pk], "advance", to_phase=2, override=True
    )
    actions.observe(world.teacher, task, world.student.pk, "prompted", "needed a nudge")
    void(world.teacher, EvidenceEvent.objects.get(verb="observed"), "wrong student")
    row = next(g for g in queries.run_page(task).guided if g["student"] == world.student)
    assert row["last_observation"] is None


def test_guided_practice_is_planned_one_step_at_a_time(world):
    task = running_task(world.teacher, world.klass)
    actions.move_students(
        world.teacher, task, [world.student.pk], "advance", to_phase=2, override=True
    )
    first, second, _ = task.steps.order_by("position")
    with pytest.raises(UserError, match="one step at a time") as err:
        actions.plan_step(world.student, task, second.pk, "skip ahead")
    assert err.value.field == "step"
    assert queries.student_task(world.student, task).next_to_plan == first.pk
    actions.plan_step(world.student, task, first.pk, "undo the +5")
    assert queries.student_task(world.student, task).next_to_plan is None
    with pytest.raises(UserError, match="one step at a time"):
        actions.plan_step(world.student, task, second.pk, "too soon")
    actions.plan_step(world.student, task, first.pk, "undo the +5, then divide")  # re-plan
    actions.reflect_step(world.student, task, first.pk, "fine", 3)
    assert queries.student_task(world.student, task).next_to_plan == second.pk
    actions.plan_step(world.student, task, second.pk, "divide by 3")
