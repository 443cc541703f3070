"""The board at scale: budgets that do not grow with the class's evidence, a shared cache keyed
by the class's state (never a token or the minute), help-request ageing, and the drawer."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import TeacherFactory
from tests.progression.test_board import build
from trellis.common.jobs import enqueue, run_pending
from trellis.evidence.actions import record
from trellis.evidence.models import EvidenceEvent
from trellis.evidence.verbs import Verb
from trellis.progression import engine, queries
from trellis.progression.jobs import rebuild_readiness
from trellis.progression.models import StudentPhase
from trellis.rosters import actions as roster_actions
from trellis.rosters.models import EnrollmentRole

pytestmark = pytest.mark.django_db


def _answers(klass, task, students, per_student, *, all_right=False):
    target = task.targets.first().pk
    for s in students:
        for i in range(per_student):
            record(
                actor=s,
                verb=Verb.ANSWERED,
                object_type="checkin-item",
                object_id=i,
                classroom=klass,
                target_id=target,
                result={"success": all_right or i % 2 == 0},
            )
            record(
                actor=s,
                verb=Verb.RATED_CONFIDENCE,
                object_type="checkin-item",
                object_id=i,
                classroom=klass,
                target_id=target,
                result={"score": {"raw": 4, "min": 1, "max": 4}},
            )


def test_board_poll_and_drawer_budgets_do_not_grow_with_evidence(client, count_queries):
    counts = {}
    for n, per_student in ((5, 1), (30, 12)):
        teacher, klass, tasks, students = build(n, n_tasks=3)
        _answers(klass, tasks[0], students, per_student)
        client.force_login(teacher)
        board = reverse("progression:board", args=[klass.pk])
        grid = reverse("progression:board_grid", args=[klass.pk])
        drawer = reverse("progression:board_cell", args=[klass.pk, tasks[0].pk, students[0].pk])
        client.get(board)
        state = queries.board_state(teacher, klass)
        shown = queries.readiness(state).shown(state)
        queries.clear_readiness_cache()
        cold = count_queries(lambda board=board: client.get(board))
        warm = count_queries(lambda board=board: client.get(board))
        unchanged = count_queries(lambda grid=grid, shown=shown: client.get(grid, {"state": shown}))
        assert client.get(grid, {"state": shown}).status_code == 204
        detail = count_queries(lambda drawer=drawer: client.get(drawer))
        counts[n] = (cold, warm, unchanged, detail)
        client.logout()
    assert counts[5] == counts[30], counts
    # board: session, user, class; five for the state; evidence, fitted numbers, the class's
    # thresholds and help requests when computed.
    # poll with nothing new: session, user, class and the five state queries, no evidence.
    # drawer: session, user, class, task and its targets, enrollment, phase, the student's
    # evidence, fitted numbers, the class's thresholds, moves and help requests (one
    # student's rows, whatever the class holds).
    assert counts[30] == (12, 8, 8, 12), counts


def test_the_grid_is_shared_by_the_class_teachers_with_each_ones_own_token(client):
    teacher, klass, tasks, students = build(4, n_tasks=2)
    _answers(klass, tasks[0], students[:2], 10, all_right=True)  # a group ready to advance
    co_teacher = TeacherFactory(school=teacher.school)
    roster_actions.enroll(klass, co_teacher, EnrollmentRole.TEACHER)
    grid = reverse("progression:board_grid", args=[klass.pk])
    pages = []
    for who in (teacher, co_teacher):
        client.force_login(who)
        client.get(reverse("progression:board", args=[klass.pk]))
        pages.append(client.get(grid, {"student": [students[0].pk]}).content.decode())
        client.logout()
    tokens = [p.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0] for p in pages]
    assert tokens[0] != tokens[1]
    assert "csrf-slot" not in pages[0]
    assert f'id="sel-{students[0].pk}" checked>' in pages[1]
    assert f'id="sel-{students[1].pk}">' in pages[1]
    assert pages[0].replace(tokens[0], "") == pages[1].replace(tokens[1], "")


def test_new_evidence_changes_what_the_poll_returns(client):
    teacher, klass, tasks, students = build(3, n_tasks=1)
    client.force_login(teacher)
    grid = reverse("progression:board_grid", args=[klass.pk])
    client.get(reverse("progression:board", args=[klass.pk]))
    state = queries.board_state(teacher, klass)
    shown = queries.readiness(state).shown(state)
    assert client.get(grid, {"state": shown}).status_code == 204
    _answers(klass, tasks[0], students[:1], 1)
    assert client.get(grid, {"state": shown}).status_code == 200


def test_a_help_request_ages_out_without_new_evidence():
    teacher, klass, tasks, students = build(2, n_tasks=1)
    task, student = tasks[0], students[0]
    asked = timezone.now() - timedelta(hours=1)
    record(
        actor=student,
        verb=Verb.REQUESTED_HELP,
        object_type="task",
        object_id=task.pk,
        classroom=klass,
        target_id=task.targets.first().pk,
        result={"response": "stuck"},
        occurred_at=asked,
    )
    state = queries.board_state(teacher, klass)
    ready = queries.readiness(state)
    rec = ready.recs[(task.pk, student.pk)]
    assert rec.readiness.recent_help_request
    assert ready.fresh_until == asked + engine.THRESHOLDS.help_lookback
    # Three days later, same evidence, same state key: the entry has expired and is recomputed.
    later = queries.board_state(teacher, klass, now=timezone.now() + timedelta(days=3))
    assert later.key == state.key
    aged = queries.readiness(later)
    assert not aged.recs[(task.pk, student.pk)].readiness.recent_help_request
    assert aged.shown(later) != ready.shown(state)


def test_rebuild_runs_as_a_job_one_class_at_a_time(world):
    _teacher, _klass, _tasks, _students = build(4, n_tasks=2)
    _other_teacher, _other_class, _, _ = build(3, n_tasks=1)
    before = sorted(StudentPhase.objects.values_list("task_id", "student_id", "phase", "version"))
    StudentPhase.objects.update(phase=3, version=42)
    run = enqueue(rebuild_readiness)
    assert run_pending() == 1
    run.refresh_from_db()
    assert run.status == "done" and run.total == run.done >= 2
    assert run.result["classes"] == run.total and run.result["changed"] == len(before)
    after = sorted(StudentPhase.objects.values_list("task_id", "student_id", "phase", "version"))
    assert after == before
    # Idempotent: a second run finds nothing to change.
    again = enqueue(rebuild_readiness)
    run_pending()
    again.refresh_from_db()
    assert again.result["changed"] == 0


def test_rebuild_of_a_class_costs_the_same_queries_for_few_and_many_students(count_queries):
    from trellis.progression.actions.rebuild import rebuild_class

    counts = []
    for n in (3, 25):
        _teacher, klass, _tasks, _students = build(n, n_tasks=2)
        StudentPhase.objects.filter(task__classroom=klass).update(phase=3, version=9)
        counts.append(count_queries(lambda klass=klass: rebuild_class(klass.pk)))
    assert counts[0] == counts[1], counts
    assert EvidenceEvent.objects.exists()
