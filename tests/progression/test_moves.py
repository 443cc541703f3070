import pytest

from tests.progression.factories import make_task, running_task, students_of
from trellis.common.errors import Conflict, NotFound, UserError
from trellis.evidence.models import EvidenceEvent
from trellis.grr import MoveKind, Phase
from trellis.progression import actions
from trellis.progression.models import PhaseMove, StudentPhase
from trellis.progression.queries import active_tasks_for_class
from trellis.rosters import actions as roster_actions

pytestmark = pytest.mark.django_db


def phase_of(task, student):
    return Phase(StudentPhase.objects.get(task=task, student=student).phase)


def test_release_logs_the_move_with_the_recommendation_and_evidence(world):
    task = running_task(world.teacher, world.klass)
    rows = actions.move_students(
        world.teacher, task, [world.student.pk], MoveKind.ADVANCE, note="ready to try"
    )
    assert [(r.student_id, r.phase, r.version) for r in rows] == [
        (world.student.pk, Phase.CO_CONSTRUCTION, 1)
    ]
    move = PhaseMove.objects.get()
    assert (move.actor, move.from_phase, move.to_phase, move.note) == (
        world.teacher,
        Phase.MODELING,
        Phase.CO_CONSTRUCTION,
        "ready to try",
    )
    assert move.recommendation == "hold"
    assert "no evidence yet" in move.recommendation_reason
    assert move.recommendation_mastery is None  # no capability evidence: nothing predicted
    event = EvidenceEvent.objects.get(verb="moved")
    assert move.evidence == event
    assert event.subject == world.student and event.actor == world.teacher
    assert event.result == {"response": "modeling→co_construction"}
    ext = event.context["extensions"]
    assert ext["task"] == task.pk and ext["from"] == "modeling" and ext["to"] == "co_construction"
    assert ext["note"] == "ready to try" and ext["recommendation"]["kind"] == "hold"


def test_skipping_phases_needs_the_override(world):
    task = running_task(world.teacher, world.klass)
    with pytest.raises(UserError) as e:
        actions.move_students(
            world.teacher, task, [world.student.pk], MoveKind.ADVANCE, to_phase=Phase.GUIDED
        )
    assert e.value.field == "override"
    assert "skips 1 phase" in e.value.message and "Skip phases on purpose" in e.value.message
    assert phase_of(task, world.student) is Phase.MODELING
    actions.move_students(
        world.teacher,
        task,
        [world.student.pk],
        MoveKind.ADVANCE,
        to_phase=Phase.GUIDED,
        override=True,
    )
    assert phase_of(task, world.student) is Phase.GUIDED


def test_stale_version_is_a_conflict_and_nothing_moves(world):
    task = running_task(world.teacher, world.klass)
    actions.move_students(world.teacher, task, [world.student.pk], MoveKind.ADVANCE)
    with pytest.raises(Conflict) as e:
        actions.move_students(
            world.admin,
            task,
            [world.student.pk],
            MoveKind.ADVANCE,
            seen_versions={world.student.pk: 0},
        )
    assert "changed while you were looking" in e.value.message
    assert "Co-construction" in e.value.message and world.teacher.name in e.value.message
    assert e.value.status == 409
    assert phase_of(task, world.student) is Phase.CO_CONSTRUCTION
    assert PhaseMove.objects.count() == 1


def test_student_no_longer_enrolled_moves_nobody(world):
    task = running_task(world.teacher, world.klass)
    others = students_of(world.klass)
    roster_actions.withdraw_student(world.teacher, world.klass, world.student.pk)
    with pytest.raises(UserError) as e:
        actions.move_students(world.teacher, task, [s.pk for s in others], MoveKind.ADVANCE)
    assert f"{world.student.name} is no longer enrolled" in e.value.message
    assert PhaseMove.objects.count() == 0


def test_only_the_class_teacher_moves(world):
    task = running_task(world.teacher, world.klass)
    for outsider in (world.other_teacher, world.student, world.leader, world.far_admin):
        with pytest.raises(NotFound):
            actions.move_students(outsider, task, [world.student.pk], MoveKind.ADVANCE)


def test_help_request_only_from_independent(world):
    task = running_task(world.teacher, world.klass)
    with pytest.raises(UserError, match="only from independent"):
        actions.move_students(world.teacher, task, [world.student.pk], MoveKind.HELP_REQUEST)
    with pytest.raises(UserError, match="“I need help” is for independent practice"):
        actions.request_help(world.student, task, "stuck")


def test_step_back_needs_a_phase_and_a_note(world):
    task = running_task(world.teacher, world.klass)
    actions.move_students(world.teacher, task, [world.student.pk], MoveKind.ADVANCE)
    with pytest.raises(UserError) as e:
        actions.move_students(world.teacher, task, [world.student.pk], MoveKind.STEP_BACK)
    assert e.value.field == "to_phase"
    with pytest.raises(UserError) as e:
        actions.move_students(
            world.teacher, task, [world.student.pk], "step_back", to_phase=Phase.MODELING
        )
    assert e.value.field == "note"
    actions.move_students(
        world.teacher,
        task,
        [world.student.pk],
        "step_back",
        to_phase=Phase.MODELING,
        note="lost the thread at step 2",
    )
    assert phase_of(task, world.student) is Phase.MODELING


def test_a_task_without_steps_cannot_start(world):
    task = make_task(world.teacher, world.klass, steps=0)
    with pytest.raises(UserError, match="no steps yet") as e:
        actions.start_task(world.teacher, task)
    assert e.value.field == "steps"
    assert active_tasks_for_class(world.teacher, world.klass) == []


def test_active_tasks_for_class_is_scoped(world):
    task = running_task(world.teacher, world.klass)
    make_task(world.teacher, world.klass, title="Not started")
    assert active_tasks_for_class(world.teacher, world.klass) == [task]
    assert active_tasks_for_class(world.student, world.klass) == [task]
    assert active_tasks_for_class(world.other_teacher, world.klass) == []
    assert active_tasks_for_class(world.far_admin, world.klass) == []
    actions.end_task(world.teacher, task)
    assert active_tasks_for_class(world.teacher, world.klass) == []
