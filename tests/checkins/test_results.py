from decimal import Decimal

import pytest

from tests.budgets import assert_budget
from tests.checkins.factories import (
    checkin_with,
    exit_run,
    number,
    short,
    single,
    students_of,
    target,
)
from tests.factories import StudentFactory, TeacherFactory, class_with
from tests.shared_rows import built_once, for_test
from trellis.checkins import actions, grading, queries
from trellis.curriculum import actions as curriculum_actions
from trellis.rosters import actions as roster_actions

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- pure helpers


def test_normalising_ignores_case_spaces_and_punctuation():
    assert grading.normalise_text("  The  Sub-traction!! ") == "the sub traction"
    assert grading.normalise_text("Ça va?") == grading.normalise_text("ça   VA")


def test_parse_number_formats():
    assert grading.parse_number("3,5") == Decimal("3.5")
    assert grading.parse_number(",5") == Decimal("0.5")
    assert grading.parse_number("-7/2") == Decimal("-3.5")
    for bad in ("", "abc", "1.2.3", "1,000.5", "5%"):
        with pytest.raises(grading.NumberFormatError):
            grading.parse_number(bad)


def test_choice_scores():
    assert grading.check_choice(["A"], ["A"], multiple=False) == grading.Verdict(True, 1.0)
    assert grading.check_choice(["A", "C"], ["A", "B"], multiple=True).score == 0.0
    assert grading.check_choice(["A", "C"], ["C"], multiple=True).score == 0.5


# ---------------------------------------------------------------- results


def _class_of(n):
    teacher = TeacherFactory()
    classroom = class_with(teacher, students=n)
    return teacher, classroom, students_of(classroom)


def test_results_groups_misconceptions_and_targets():
    teacher, klass, s = _class_of(6)
    t = curriculum_actions.create_target(teacher, klass, statement="I can add")
    checkin, (q1, q2) = checkin_with(teacher, [single(target=t), number(target=t)])
    run = exit_run(teacher, checkin, klass)
    picks = [("A", 4, "3.5"), ("A", 1, "3,5"), ("B", 4, "3"), ("B", 3, "7/2"), ("C", 2, "1")]
    for student, (key, conf, num) in zip(s, picks, strict=False):
        actions.submit_answer(student, run, q1.pk, {"keys": [key]})
        actions.rate_confidence(student, run, q1.pk, conf)
        actions.submit_answer(student, run, q2.pk, num)
    res = queries.results(run)
    r1 = res.question(q1.pk)
    assert (r1.n_answers, r1.n_right, res.n_students, res.n_answering) == (5, 2, 6, 5)
    assert [o.count for o in r1.by_version[0].options] == [2, 2, 1]
    assert [(m.key, m.count) for m in r1.misconceptions] == [("B", 2), ("C", 1)]
    names = lambda g: {p.id for p in r1.groups[g]}  # noqa: E731
    assert names("unsure_right") == {s[1].pk}
    assert names("sure_wrong") == {s[2].pk, s[3].pk}
    assert names("right") == {s[0].pk, s[1].pk}
    # Target met: both right (s0, s1); s3 half; s2 and s4 none.
    (tr,) = res.targets
    assert (tr.n_students, tr.n_met) == (5, 2)
    r2 = res.question(q2.pk)
    assert r2.by_version[0].values[0].text == "3.5" and r2.by_version[0].values[0].count == 3


def test_results_show_which_version_was_answered():
    teacher, klass, s = _class_of(3)
    checkin, (q,) = checkin_with(teacher, [single()])
    run = exit_run(teacher, checkin, klass)
    actions.submit_answer(s[0], run, q.pk, {"keys": ["A"]})
    actions.edit_question(
        teacher,
        q,
        single(
            prompt="What is 3 + 3?",
            options=[{"text": "6", "correct": True}, {"text": "9", "misconception": "Multiplied"}],
        ),
    )
    actions.submit_answer(s[1], run, q.pk, {"keys": ["B"]})
    (r,) = queries.results(run).questions
    assert [(vr.version.number, vr.n) for vr in r.by_version] == [(2, 1), (1, 1)]
    assert r.misconceptions[0].version == 2
    assert r.n_right == 1


def test_students_see_only_counts_once_revealed():
    teacher, klass, s = _class_of(3)
    checkin, (q,) = checkin_with(teacher, [single()])
    run = exit_run(teacher, checkin, klass)
    actions.submit_answer(s[0], run, q.pk, {"keys": ["A"]})
    assert queries.revealed_distribution(run) == {}
    run = actions.reveal(teacher, run, [q.pk])
    d = queries.revealed_distribution(run)[q.pk]
    assert d.n_answers == 1
    assert all(not people for people in d.groups.values())
    assert all(not o.students for o in d.by_version[0].options)


def test_marking_page_groups_identical_short_answers():
    teacher, klass, s = _class_of(4)
    checkin, (q,) = checkin_with(teacher, [short()])
    run = exit_run(teacher, checkin, klass)
    for student, text in zip(s, ["Minus", "minus.", "MINUS ", "take away"], strict=True):
        actions.submit_answer(student, run, q.pk, text)
    page = queries.marking_page(run)
    assert [(g.normalised, g.count) for g in page.groups] == [("minus", 3), ("take away", 1)]
    assert set(page.groups[0].texts) == {"Minus", "minus.", "MINUS"}


def test_calibration_needs_enough_answers_then_says_how_often_sure_is_right():
    teacher, klass, (student, *_) = _class_of(1)
    checkin, qs = checkin_with(teacher, [single(prompt=f"Q{i}") for i in range(6)])
    run = exit_run(teacher, checkin, klass)
    plan = [("A", 4), ("A", 3), ("B", 4), ("A", 3), ("A", 1), ("B", 2)]
    for i, (q, (key, conf)) in enumerate(zip(qs, plan, strict=True)):
        actions.submit_answer(student, run, q.pk, {"keys": [key]})
        actions.rate_confidence(student, run, q.pk, conf)
        cal = queries.my_history(student).calibration
        assert cal.enough is (i + 1 >= queries.MIN_FOR_CALIBRATION)
    cal = queries.my_history(student).calibration
    assert (cal.n_sure, cal.sure_right, cal.sure_rate) == (4, 3, 75)
    assert (cal.n_unsure, cal.unsure_right, cal.unsure_rate) == (2, 1, 50)


# ---------------------------------------------------------------- query budgets


def _run_with(n_students):
    teacher = TeacherFactory()
    klass = class_with(teacher, students=0)
    for _ in range(n_students):
        roster_actions.enroll(klass, StudentFactory(school=teacher.school), "student")
    t = target(teacher, klass)
    questions = [single(prompt=f"Q{i}", target=t) for i in range(8)]
    questions += [number(target=t), short(target=t)]
    checkin, qs = checkin_with(teacher, questions)
    run = exit_run(teacher, checkin, klass)
    for i, student in enumerate(students_of(klass)):
        for q in qs[:8]:
            actions.submit_answer(student, run, q.pk, {"keys": ["ABC"[i % 3]]})
            actions.rate_confidence(student, run, q.pk, 1 + i % 4)
        actions.submit_answer(student, run, qs[8].pk, f"{i},5")
        actions.submit_answer(student, run, qs[9].pk, ["minus", "Minus!", "take away"][i % 3])
    return teacher, run


def _both_sizes():
    return {n: _run_with(n) for n in (5, 40)}


# Both classes are built once for TestBudgets (tests/shared_rows.py); each test gets its own
# savepoint and copies, as if it had built them.
_runs = built_once(_both_sizes, scope="class")


@pytest.fixture
def runs(request, _runs, db):
    return for_test(request, _runs)


class TestBudgets:
    """The same exact counts for 5 and 40 students."""

    def test_results_page_has_a_fixed_query_budget(self, client, runs):
        for n in (5, 40):
            teacher, run = runs[n]
            client.force_login(teacher)
            client.get("/checkins/")
            assert_budget(client, "checkins:results", 8, run.pk)
            assert_budget(client, "checkins:run", 8, run.pk)
            assert_budget(client, "checkins:detail", 9, run.checkin.pk)
            assert_budget(client, "checkins:class", 6, run.classroom.pk)
            assert_budget(client, "checkins:index", 3)
            assert_budget(client, "checkins:bank", 3)

    def test_take_and_marking_pages_have_fixed_budgets(self, client, runs):
        for n in (5, 40):
            teacher, run = runs[n]
            run = actions.reveal(
                teacher, run, list(run.checkin.items.values_list("question_id", flat=True))
            )
            student = students_of(run.classroom)[0]
            client.force_login(student)
            client.get("/")
            assert_budget(client, "checkins:take", 11, run.pk)
            assert_budget(client, "checkins:take_state", 6, run.pk)
            client.force_login(teacher)
            client.get("/")
            assert_budget(client, "checkins:marking", 6, run.pk)

    def test_checkin_api_and_editor_pages_have_fixed_budgets(self, client, runs):
        for n in (5, 40):
            teacher, run = runs[n]
            question = run.checkin.items.first().question
            client.force_login(teacher)
            client.get("/")
            assert_budget(client, "checkins:create", 2)
            assert_budget(client, "checkins:question_new", 3)
            assert_budget(client, "checkins:question_edit", 5, question.pk)
            assert_budget(client, "api-v1:list_checkins", 3)
            assert_budget(client, "api-v1:get_checkin", 9, run.checkin.pk)
            assert_budget(client, "api-v1:get_run", 3, run.pk)
            assert_budget(client, "api-v1:get_results", 8, run.pk)
            client.force_login(students_of(run.classroom)[0])
            client.get("/")
            assert_budget(client, "api-v1:my_answers", 6, run.pk)

    def test_answering_is_a_fixed_cost_for_5_and_40_students(self, client, runs):
        """Answers and confidence ratings arrive as a burst from the whole class."""
        for n in (5, 40):
            teacher, run = runs[n]
            questions = [item.question for item in run.checkin.items.order_by("position")]
            late = StudentFactory(school=teacher.school)
            roster_actions.enroll(run.classroom, late, "student")
            client.force_login(late)
            client.get("/")
            q1, q2 = questions[0], questions[1]
            assert_budget(
                client,
                "checkins:answer",
                18,  # with the class's evidence mark moved in the same transaction
                run.pk,
                q1.pk,
                method="post",
                data={"keys": "A", "kind": "single"},
            )
            assert_budget(
                client,
                "checkins:confidence",
                9,  # with the class's evidence mark moved in the same transaction
                run.pk,
                q1.pk,
                method="post",
                data={"confidence": "3"},
                status=302,
            )
            assert_budget(
                client,
                "api-v1:submit_answer",
                15,
                run.pk,
                method="post",
                json={"question_id": q2.pk, "keys": ["B"]},
                status=201,
            )
            assert_budget(
                client, "api-v1:rate_confidence", 9, run.pk, q2.pk, method="post", json={"value": 2}
            )
            client.force_login(teacher)
            client.get("/")
            assert_budget(client, "checkins:move", 11, run.pk)
