"""The release board: a fixed query budget, readiness from every app's evidence, groups,
and rebuilding derived state from the evidence log."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories import PASSWORD, TeacherFactory, class_with
from tests.progression.factories import running_task, students_of
from trellis.evidence.actions import record, void
from trellis.grr import MoveKind, Phase, RecommendationKind
from trellis.progression import actions, queries
from trellis.progression.models import StudentPhase
from trellis.progression.queries import clear_readiness_cache
from trellis.progression.views import clear_grid_cache

pytestmark = pytest.mark.django_db


def build(n_students: int, n_tasks: int = 12):
    teacher = TeacherFactory()
    klass = class_with(teacher, students=n_students)
    tasks = [running_task(teacher, klass, title=f"Task {i}", steps=2) for i in range(n_tasks)]
    students = students_of(klass)
    for task in tasks[:3]:
        actions.move_students(teacher, task, [s.pk for s in students], MoveKind.ADVANCE)
        for s in students:
            actions.observe(teacher, task, s.pk, "explained")
    return teacher, klass, tasks, students


def test_board_query_budget_is_the_same_for_5_and_40_students(client, count_queries):
    counts = {}
    for n in (5, 40):
        teacher, klass, _tasks, _students = build(n)
        client.force_login(teacher)
        url = reverse("progression:board", args=[klass.pk])
        grid = reverse("progression:board_grid", args=[klass.pk])
        client.get(url)  # the session's first request stores its CSRF cookie
        clear_readiness_cache()
        clear_grid_cache()
        cold = count_queries(lambda url=url: client.get(url))
        warm = count_queries(lambda url=url: client.get(url))
        poll = count_queries(lambda grid=grid: client.get(grid))
        counts[n] = (cold, warm, poll)
        board = queries.board(teacher, klass)
        assert len(board.rows) == n and len(board.tasks) == 12
        assert all(len(row.cells) == 12 for row in board.rows)
        client.logout()
    assert counts[5] == counts[40], counts
    cold, warm, poll = counts[40]
    # session, user, class; five for the state; evidence, the school's fitted params, the
    # class's thresholds and help requests when it changed
    assert (cold, warm, poll) == (12, 8, 8), counts


def test_readiness_reads_every_app_per_the_verbs_contract(world):
    task = running_task(world.teacher, world.klass)
    target = task.targets.first().pk
    s = world.student
    common = {"classroom": world.klass, "target_id": target, "subject": s}
    # check-ins: answers (one with partial credit) and confidence ratings
    for ok in (True, True, True):
        record(
            actor=s,
            verb="answered",
            object_type="checkin-item",
            object_id=1,
            result={"success": ok},
            **common,
        )
    record(
        actor=s,
        verb="answered",
        object_type="checkin-item",
        object_id=2,
        result={"success": True, "score": {"scaled": 0.9}},
        **common,
    )
    record(
        actor=s,
        verb="rated-confidence",
        object_type="checkin",
        object_id=1,
        result={"score": {"raw": 4, "min": 1, "max": 4}},
        **common,
    )
    # work: a rubric score and a self-assessment with the teacher's score
    record(
        actor=world.teacher,
        verb="scored",
        object_type="submission",
        object_id=1,
        result={"score": {"scaled": 0.95}},
        **common,
    )
    record(
        actor=s,
        verb="self-assessed",
        object_type="submission",
        object_id=1,
        result={"score": {"scaled": 1.0}, "extensions": {"teacher_scaled": 0.5}},
        **common,
    )
    # a malformed row from some app is skipped, and a voided one no longer counts
    record(
        actor=s,
        verb="rated-confidence",
        object_type="checkin",
        object_id=2,
        result={"score": {"raw": 9}},
        **common,
    )
    wrong = record(
        actor=s,
        verb="answered",
        object_type="checkin-item",
        object_id=3,
        result={"success": False},
        **common,
    )
    void(world.teacher, wrong, "marked by mistake")
    board = queries.board(world.teacher, world.klass)
    cell = next(c for row in board.rows for c in row.cells if c.student == s)
    r = cell.rec.readiness
    assert r.n_capability == 5  # 3 answers + 1 partial credit (soft) + 1 rubric score
    assert r.recent_answers_total == 3
    assert r.confidence == 4
    assert r.self_assessment_gap == pytest.approx(0.5)
    assert cell.rec.kind is RecommendationKind.ADVANCE
    assert "rates own work 0.50 above the teacher's assessment" in cell.rec.reason
    assert board.skipped_evidence >= 1


def test_help_request_shows_and_groups_suggest_moves(world):
    task = running_task(world.teacher, world.klass)
    students = students_of(world.klass)
    actions.move_students(
        world.teacher,
        task,
        [s.pk for s in students],
        "advance",
        to_phase=Phase.INDEPENDENT,
        override=True,
    )
    actions.request_help(world.student, task, "which side first?")
    board = queries.board(world.teacher, world.klass)
    assert [h.note for h in board.open_help] == ["which side first?"]
    cell = next(c for row in board.rows for c in row.cells if c.student == world.student)
    assert cell.open_help is not None and cell.phase["value"] == Phase.GUIDED
    labels = [g.label for g in board.groups[task.pk]]
    assert "hold in independent practice: 3" in labels
    assert "hold in guided practice: 1" in labels


def test_rebuild_readiness_gets_the_same_state_from_the_log(world, capsys):
    task = running_task(world.teacher, world.klass)
    students = students_of(world.klass)
    ids = [s.pk for s in students]
    actions.move_students(world.teacher, task, ids, "advance")
    actions.move_students(world.teacher, task, ids[:2], "advance")
    actions.move_students(world.teacher, task, ids[:1], "step_back", to_phase=0, note="re-teach")
    before = sorted(StudentPhase.objects.values_list("task_id", "student_id", "phase", "version"))
    board_before = [
        (c.phase["value"], c.version, c.rec.reason)
        for row in queries.board(world.teacher, world.klass).rows
        for c in row.cells
    ]
    # Lose the cache: wrong phases and versions, and one row gone altogether.
    StudentPhase.objects.filter(student_id=ids[1]).delete()
    StudentPhase.objects.update(phase=Phase.COMPLETE, version=99)
    call_command("rebuild_readiness")
    assert "differed from the evidence log" in capsys.readouterr().out
    after = sorted(StudentPhase.objects.values_list("task_id", "student_id", "phase", "version"))
    assert after == before
    board_after = [
        (c.phase["value"], c.version, c.rec.reason)
        for row in queries.board(world.teacher, world.klass).rows
        for c in row.cells
    ]
    assert board_after == board_before
    call_command("rebuild_readiness", "--class", world.klass.pk)
    assert "0 differed" in capsys.readouterr().out


def test_api_move_conflict_is_409_json(world, client):
    task = running_task(world.teacher, world.klass)
    client.login(username="teacher", password=PASSWORD)
    url = f"/api/v1/classes/{world.klass.pk}/tasks/{task.pk}/moves"
    body = {
        "student_ids": [world.student.pk],
        "kind": "advance",
        "seen_versions": {world.student.pk: 0},
    }
    first = client.post(url, body, content_type="application/json")
    assert first.status_code == 200
    assert first.json() == [
        {"student_id": world.student.pk, "phase": "co_construction", "version": 1}
    ]
    second = client.post(url, body, content_type="application/json")
    assert second.status_code == 409
    assert "changed while you were looking" in second.json()["detail"]
    skip = client.post(
        url,
        {
            "student_ids": [world.student.pk],
            "kind": "advance",
            "to_phase": "independent",
            "seen_versions": {world.student.pk: 1},
        },
        content_type="application/json",
    )
    assert skip.status_code == 400 and skip.json()["field"] == "override"
    # Board moves require seen_versions: omitted is a malformed body, one student short a 400.
    blind = client.post(
        url, {"student_ids": [world.student.pk], "kind": "hold"}, content_type="application/json"
    )
    assert blind.status_code == 422
    assert "seen_versions" in str(blind.json())
    short = client.post(
        url,
        {"student_ids": [world.student.pk], "kind": "hold", "seen_versions": {}},
        content_type="application/json",
    )
    assert short.status_code == 400 and short.json()["field"] == "seen_versions"
    assert world.student.name in short.json()["detail"]
    bad = client.post(url, {"student_ids": "x"}, content_type="application/json")
    assert bad.status_code == 422
    board = client.get(f"/api/v1/classes/{world.klass.pk}/board").json()
    assert {c["phase"] for c in board["cells"] if c["student_id"] == world.student.pk} == {
        "co_construction"
    }


def test_a_suggested_group_past_independent_practice_posts_the_complete_move(world):
    from trellis.grr import Group
    from trellis.progression.queries.boards import GroupView

    task = running_task(world.teacher, world.klass)
    ids = (world.student.pk,)
    done = GroupView(task, Group(RecommendationKind.ADVANCE, Phase.COMPLETE, "done", ids), [], {})
    assert (done.move_kind, done.to_phase) == ("complete", None)
    guided = GroupView(task, Group(RecommendationKind.ADVANCE, Phase.GUIDED, "go", ids), [], {})
    assert (guided.move_kind, guided.to_phase) == ("advance", int(Phase.GUIDED))


def test_a_student_brought_back_after_a_re_teach_is_not_sent_back_again_on_old_work(world):
    """The board says step back on low mastery; the teacher re-teaches and moves the student
    forward again. The old wrong answers alone do not send them back a second time: the board
    waits for three answers made since the move (docs/engine.md)."""
    task = running_task(world.teacher, world.klass)
    target = task.targets.first().pk
    s = world.student
    common = {"classroom": world.klass, "target_id": target, "subject": s}

    def wrong_answers(n):
        for i in range(n):
            record(
                actor=s,
                verb="answered",
                object_type="checkin-item",
                object_id=100 + i,
                result={"success": False},
                **common,
            )

    def rec():
        board = queries.board(world.teacher, world.klass)
        return next(c for row in board.rows for c in row.cells if c.student == s).rec

    actions.move_students(
        world.teacher, task, [s.pk], "advance", to_phase=Phase.GUIDED, override=True
    )
    wrong_answers(4)
    assert rec().kind is RecommendationKind.STEP_BACK and rec().to is Phase.CO_CONSTRUCTION
    actions.move_students(
        world.teacher, task, [s.pk], "step_back", to_phase=Phase.CO_CONSTRUCTION, note="re-teach"
    )
    actions.move_students(world.teacher, task, [s.pk], "advance")
    assert rec().kind is RecommendationKind.HOLD
    wrong_answers(2)
    assert rec().kind is RecommendationKind.HOLD
    wrong_answers(1)
    assert rec().kind is RecommendationKind.STEP_BACK
    # The cell's details say the same as the board.
    detail = queries.cell_detail(world.teacher, world.klass, task.pk, s.pk)
    assert detail.rec.kind is RecommendationKind.STEP_BACK
