"""Pages: answering with bad input, double clicks, late answers, marking, moves, forms."""

import pytest

from tests.checkins.factories import (
    checkin_with,
    exit_run,
    live_run,
    number,
    short,
    single,
    students_of,
)
from tests.progression.factories import running_task
from trellis.checkins import actions
from trellis.checkins.models import Answer, CheckIn, Question
from trellis.evidence.models import EvidenceEvent
from trellis.grr import MoveKind, Phase
from trellis.progression import actions as progression_actions
from trellis.progression.models import StudentPhase

pytestmark = pytest.mark.django_db


def _answer_url(run, q):
    return f"/checkins/runs/{run.pk}/answer/{q.pk}/"


def test_formative_notice_is_on_the_answer_page(client, world):
    checkin, _ = checkin_with(world.teacher, [single()])
    run = exit_run(world.teacher, checkin, world.klass)
    client.force_login(world.student)
    body = client.get(f"/checkins/runs/{run.pk}/take/").content.decode()
    assert "never counts toward a grade" in body
    assert 'name="idem"' in body and "What is 2 + 3?" in body


def test_double_submit_stores_once_and_shows_the_same_success_page(client, world):
    checkin, (q,) = checkin_with(world.teacher, [single()])
    run = exit_run(world.teacher, checkin, world.klass)
    client.force_login(world.student)
    form = {"keys": "A", "idem": "same-key", "kind": "single", "version": q.versions.get().pk}
    first = client.post(_answer_url(run, q), form)
    second = client.post(_answer_url(run, q), form)
    assert first.status_code == second.status_code == 200
    for r in (first, second):
        body = r.content.decode()
        assert "Answer saved." in body and "How sure are you" in body
    assert Answer.objects.count() == 1
    assert EvidenceEvent.objects.filter(verb="answered").count() == 1


def test_comma_decimal_is_accepted_and_garbage_names_the_formats_keeping_the_text(client, world):
    checkin, (q,) = checkin_with(world.teacher, [number()])
    run = exit_run(world.teacher, checkin, world.klass)
    client.force_login(world.student)
    bad = client.post(_answer_url(run, q), {"text": "three and a half", "idem": "k1"})
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "is not a number" in body and "3,5" in body and "7/2" in body
    assert 'value="three and a half"' in body  # what they typed is still there
    assert 'value="k1"' in body  # and the same form key, so a retry cannot double up
    good = client.post(_answer_url(run, q), {"text": "3,5", "idem": "k1"})
    assert good.status_code == 200
    assert Answer.objects.get().correct is True


def test_empty_answer_gets_a_message_and_nothing_is_stored(client, world):
    checkin, (q,) = checkin_with(world.teacher, [short()])
    run = exit_run(world.teacher, checkin, world.klass)
    client.force_login(world.student)
    r = client.post(_answer_url(run, q), {"text": "   ", "idem": "k"})
    assert r.status_code == 400 and "Type your answer before sending" in r.content.decode()
    choice_checkin, (c,) = checkin_with(world.teacher, [single()], title="Choice")
    run2 = exit_run(world.teacher, choice_checkin, world.klass)
    r = client.post(_answer_url(run2, c), {"kind": "single", "idem": "k2"})
    assert r.status_code == 400 and "Choose an answer before sending" in r.content.decode()
    assert not Answer.objects.exists()


def test_answer_after_close_is_kept_and_marked_late(client, world):
    checkin, (q,) = checkin_with(world.teacher, [single()])
    run = exit_run(world.teacher, checkin, world.klass)
    actions.close_run(world.teacher, run)
    client.force_login(world.student)
    page = client.get(f"/checkins/runs/{run.pk}/take/").content.decode()
    assert "This check-in is closed" in page
    r = client.post(_answer_url(run, q), {"keys": "A", "idem": "late", "kind": "single"})
    body = r.content.decode()
    assert r.status_code == 200 and "marked late" in body and "late</span>" in body
    assert Answer.objects.get().is_late
    client.force_login(world.teacher)
    assert "1 late" in client.get(f"/checkins/runs/{run.pk}/results/").content.decode()


def test_confidence_follows_every_answer(client, world):
    checkin, (q1, _q2) = checkin_with(world.teacher, [single(), number()])
    run = exit_run(world.teacher, checkin, world.klass)
    client.force_login(world.student)
    client.post(_answer_url(run, q1), {"keys": "A", "idem": "a", "kind": "single"})
    page = client.get(f"/checkins/runs/{run.pk}/take/").content.decode()
    assert "I&#x27;m guessing" in page and "I could teach this" in page
    assert "Question 1 of 2" in page  # still on question 1 until rated
    bad = client.post(f"/checkins/runs/{run.pk}/confidence/{q1.pk}/", {"confidence": "9"})
    assert bad.status_code == 400
    r = client.post(f"/checkins/runs/{run.pk}/confidence/{q1.pk}/", {"confidence": "3"})
    assert r.status_code == 302
    page = client.get(r["Location"]).content.decode()
    assert "Question 2 of 2" in page


def test_question_edit_page_makes_a_version_and_results_name_it(client, world):
    checkin, (q,) = checkin_with(world.teacher, [single()])
    run = exit_run(world.teacher, checkin, world.klass)
    actions.submit_answer(world.student, run, q.pk, {"keys": ["A"]})
    client.force_login(world.teacher)
    form = {
        "kind": "single",
        "prompt": "What is 2 + 4?",
        "option_0_text": "6",
        "option_0_correct": "on",
        "option_1_text": "8",
        "option_1_misconception": "Doubled the 4",
    }
    r = client.post(f"/checkins/bank/{q.pk}/edit/", form)
    assert r.status_code == 302
    assert Question.objects.get(pk=q.pk).current_number == 2
    body = client.get(f"/checkins/runs/{run.pk}/results/").content.decode()
    assert "version 2" in body and "Answers to version 1 (1)" in body


def test_question_form_errors_keep_what_was_typed(client, world):
    client.force_login(world.teacher)
    r = client.post(
        "/checkins/bank/new/",
        {"kind": "single", "prompt": "Pick one", "option_0_text": "yes", "option_1_text": "no"},
    )
    body = r.content.decode()
    assert r.status_code == 400 and "Tick the right option" in body
    assert 'value="yes"' in body and "Pick one" in body


def test_new_checkin_question_and_run_through_the_pages(client, world):
    client.force_login(world.teacher)
    r = client.post("/checkins/new/", {"title": "Fractions"})
    checkin = CheckIn.objects.get(title="Fractions")
    assert r["Location"] == f"/checkins/{checkin.pk}/"
    client.post(
        f"/checkins/bank/new/?checkin={checkin.pk}",
        {"kind": "number", "prompt": "1/2 as a decimal?", "number_answer": "0,5"},
    )
    assert checkin.items.count() == 1
    r = client.post(
        f"/checkins/{checkin.pk}/run/",
        {"classroom": world.klass.pk, "mode": "exit", "closes_at": "2001-01-01T10:00"},
    )
    assert r.status_code == 400 and "already passed" in r.content.decode()
    r = client.post(f"/checkins/{checkin.pk}/run/", {"classroom": world.klass.pk, "mode": "live"})
    assert r.status_code == 302
    page = client.get(r["Location"]).content.decode()
    assert "Start with question 1" in page


def test_live_student_page_polls_and_reloads_when_the_teacher_moves_on(client, world):
    checkin, (_q1, _q2) = checkin_with(world.teacher, [single(), number()])
    run = live_run(world.teacher, checkin, world.klass, position=None)
    client.force_login(world.student)
    page = client.get(f"/checkins/runs/{run.pk}/take/").content.decode()
    assert "Waiting for your teacher" in page and 'hx-trigger="every 1000ms"' in page
    from trellis.checkins import queries

    state = queries.take_page(world.student, run).state
    url = f"/checkins/runs/{run.pk}/take/state/"
    assert client.get(url, {"s": state, "form": "0"}).status_code == 204
    actions.go_to_question(world.teacher, run, 0)
    moved = client.get(url, {"s": state, "form": "0"})
    assert moved.status_code == 200 and moved["HX-Refresh"] == "true"
    # With an answer form on screen, offer a link instead of wiping what was typed.
    typing = client.get(url, {"s": state, "form": "1"})
    assert "moved on" in typing.content.decode() and "HX-Refresh" not in typing


def test_marking_with_htmx_returns_the_list_and_marks_the_group(client, world):
    checkin, (q,) = checkin_with(world.teacher, [short()])
    run = exit_run(world.teacher, checkin, world.klass)
    for student, text in zip(
        students_of(world.klass), ["Minus", "minus!", "plus", "x"], strict=True
    ):
        actions.submit_answer(student, run, q.pk, text)
    client.force_login(world.teacher)
    page = client.get(f"/checkins/runs/{run.pk}/marking/").content.decode()
    assert "1 · Right" in page and "2 · Partly" in page and "3 · Not yet" in page
    assert "press <kbd>1</kbd>" in page
    r = client.post(
        f"/checkins/runs/{run.pk}/marking/mark/",
        {"question": q.pk, "normalised": "minus", "mark": "right"},
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 200 and 'id="marking-list"' in r.content.decode()
    assert "2 of 4" in r.content.decode()
    assert set(Answer.objects.filter(mark="right").values_list("normalised", flat=True)) == {
        "minus"
    }


def test_a_result_group_becomes_a_step_back_on_the_release_board(client, world):
    task = running_task(world.teacher, world.klass)
    t = task.targets.first()
    checkin, (q,) = checkin_with(world.teacher, [single(target=t)])
    run = exit_run(world.teacher, checkin, world.klass)
    students = students_of(world.klass)
    progression_actions.move_students(
        world.teacher,
        task,
        [s.pk for s in students],
        MoveKind.ADVANCE,
        to_phase=Phase.GUIDED,
        override=True,
    )
    wrong = students[:2]
    for s in wrong:
        actions.submit_answer(s, run, q.pk, {"keys": ["B"]})
        actions.rate_confidence(s, run, q.pk, 4)
    actions.submit_answer(students[2], run, q.pk, {"keys": ["A"]})
    client.force_login(world.teacher)
    results = client.get(f"/checkins/runs/{run.pk}/results/").content.decode()
    assert "Move these 2 on the release board" in results
    url = f"/checkins/runs/{run.pk}/move/?question={q.pk}&group=sure_wrong"
    page = client.get(url).content.decode()
    for s in wrong:
        assert f'value="{s.pk}" id="st-{s.pk}" checked' in page
    assert f'id="st-{students[2].pk}" checked' not in page
    form = {
        "question": q.pk,
        "group": "sure_wrong",
        "students": [s.pk for s in wrong],
        "task": task.pk,
        "kind": "step_back",
        "to_phase": str(Phase.CO_CONSTRUCTION.value),
        "note": "",
    }
    r = client.post(f"/checkins/runs/{run.pk}/move/", form)
    assert r.status_code == 400 and "why you are stepping back" in r.content.decode()
    form["note"] = "Sure but wrong on adding"
    r = client.post(f"/checkins/runs/{run.pk}/move/", form)
    assert r.status_code == 302
    phases = dict(StudentPhase.objects.filter(task=task).values_list("student_id", "phase"))
    assert [phases[s.pk] for s in wrong] == [Phase.CO_CONSTRUCTION] * 2
    assert phases[students[2].pk] == Phase.GUIDED


def test_move_preselects_the_task_serving_the_question_and_hold_says_held(client, world):
    from tests.progression.factories import make_task

    older = running_task(world.teacher, world.klass, title="Older task")
    serving = make_task(world.teacher, world.klass, title="Serving task")
    progression_actions.start_task(world.teacher, serving)
    t = serving.targets.first()
    checkin, (q,) = checkin_with(world.teacher, [single(target=t)])
    run = exit_run(world.teacher, checkin, world.klass)
    student = students_of(world.klass)[0]
    actions.submit_answer(student, run, q.pk, {"keys": ["B"]})
    client.force_login(world.teacher)
    page = client.get(f"/checkins/runs/{run.pk}/move/?question={q.pk}&group=not_yet")
    text = page.content.decode()
    assert f'<option value="{serving.pk}" selected>' in text
    assert f'<option value="{older.pk}" selected>' not in text
    form = {"question": q.pk, "students": [student.pk], "task": serving.pk, "kind": "hold"}
    r = client.post(f"/checkins/runs/{run.pk}/move/", form, follow=True)
    body = r.content.decode()
    assert "Held 1 student" in body and "Moved 1 student" not in body


def test_move_with_a_tampered_question_id_is_not_a_500(client, world):
    running_task(world.teacher, world.klass)
    checkin, _ = checkin_with(world.teacher, [single()])
    run = exit_run(world.teacher, checkin, world.klass)
    client.force_login(world.teacher)
    for bad in ("abc", "-3", str(2**70)):
        assert client.get(f"/checkins/runs/{run.pk}/move/?question={bad}").status_code == 200
