from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.checkins.factories import (
    checkin_with,
    exit_run,
    live_run,
    multiple,
    number,
    same_team,
    short,
    single,
    students_of,
    target,
)
from tests.factories import TeacherFactory, class_with
from tests.shared_rows import built_once, for_test
from tests.world import build_world
from trellis.checkins import actions
from trellis.checkins.actions import QuestionInput
from trellis.checkins.models import Answer, QuestionVersion
from trellis.common.errors import NotFound, UserError
from trellis.evidence.models import EvidenceEvent
from trellis.evidence.queries import counting_events

pytestmark = pytest.mark.django_db


# The `world` (tests/world.py) built once for the module (tests/shared_rows.py); each test
# still gets its own copy, in its own savepoint.
_world_rows = built_once(build_world)


@pytest.fixture
def world(request, _world_rows, db):
    return for_test(request, _world_rows)


# ---------------------------------------------------------------- the bank


def test_choice_question_keys_options_and_drops_note_on_the_right_one(world):
    q = actions.create_question(
        world.teacher,
        QuestionInput(
            kind="single",
            prompt=" 1/2 + 1/4 ? ",
            options=[
                {"text": "3/4", "correct": True, "misconception": "ignored"},
                {"text": "2/6", "misconception": "Adds numerators and denominators"},
                {"text": "", "misconception": ""},
            ],
        ),
    )
    v = q.versions.get()
    assert v.prompt == "1/2 + 1/4 ?"
    assert [o["key"] for o in v.options] == ["A", "B"]
    assert v.options[0]["misconception"] == ""
    assert v.correct_keys == ["A"]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (QuestionInput(kind="essay", prompt="x"), "kind", "Choose the kind"),
        (QuestionInput(kind="short", prompt="  "), "prompt", "Write the question"),
        (
            QuestionInput(kind="single", prompt="x", options=[{"text": "a", "correct": True}]),
            "options",
            "at least two",
        ),
        (
            QuestionInput(kind="single", prompt="x", options=[{"text": "a"}, {"text": "b"}]),
            "options",
            "Tick the right option",
        ),
        (
            QuestionInput(
                kind="single",
                prompt="x",
                options=[{"text": "a", "correct": True}, {"text": "b", "correct": True}],
            ),
            "options",
            "one right option",
        ),
        (QuestionInput(kind="number", prompt="x"), "number_answer", "Give the right answer"),
        (
            QuestionInput(kind="number", prompt="x", number_answer="three"),
            "number_answer",
            "must be a number",
        ),
        (
            QuestionInput(kind="number", prompt="x", number_answer="3", tolerance="-1"),
            "tolerance",
            "cannot be negative",
        ),
    ],
)
def test_bad_questions_say_what_and_where(world, data, field, message):
    with pytest.raises(UserError, match=message) as e:
        actions.create_question(world.teacher, data)
    assert e.value.field == field


def test_target_must_be_one_of_my_classes(world):
    mine = target(world.teacher, world.klass)
    theirs = target(world.other_teacher, world.other_class, "I can name cells")
    assert actions.create_question(world.teacher, single(target=mine))
    with pytest.raises(UserError) as e:
        actions.create_question(world.teacher, single(target=theirs))
    assert e.value.field == "target"


def test_students_and_leaders_keep_no_bank(world):
    for who in (world.student, world.leader, world.admin):
        with pytest.raises(UserError):
            actions.create_question(who, single())


def test_edit_makes_a_new_version_and_answers_keep_theirs(world):
    checkin, (q,) = checkin_with(world.teacher, [single()])
    run = exit_run(world.teacher, checkin, world.klass)
    v1 = q.versions.get()
    before = actions.submit_answer(world.student, run, q.pk, {"keys": ["A"]}).answer
    edited = single(
        prompt="What is 2 + 4?",
        options=[{"text": "5"}, {"text": "6", "correct": True}],
    )
    v2 = actions.edit_question(world.teacher, q, edited)
    assert (v2.number, q.versions.count()) == (2, 2)
    assert QuestionVersion.objects.get(pk=v1.pk).prompt == "What is 2 + 3?"  # untouched
    before.refresh_from_db()
    assert before.version_id == v1.pk and before.correct is True
    # The next student answers the new wording; "A" is now wrong.
    later = actions.submit_answer(students_of(world.klass)[1], run, q.pk, {"keys": ["A"]}).answer
    assert later.version_id == v2.pk and later.correct is False
    # Saving the same thing again makes no version 3.
    assert actions.edit_question(world.teacher, q, edited).pk == v2.pk


def test_a_form_opened_before_an_edit_answers_the_version_it_showed(world):
    checkin, (q,) = checkin_with(world.teacher, [single()])
    run = exit_run(world.teacher, checkin, world.klass)
    shown = q.versions.get()
    actions.edit_question(
        world.teacher, q, single(options=[{"text": "5"}, {"text": "7", "correct": True}])
    )
    answer = actions.submit_answer(
        world.student, run, q.pk, {"keys": ["A"]}, version_id=shown.pk
    ).answer
    assert answer.version_id == shown.pk and answer.correct is True


def test_only_the_owner_edits_and_a_copy_starts_at_v1(world):
    same_team(world.teacher, world.other_teacher)
    _checkin, (q,) = checkin_with(world.teacher, [single()], shared=True)
    actions.edit_question(world.teacher, q, single(prompt="Changed"))
    with pytest.raises(NotFound):
        actions.edit_question(world.other_teacher, q, single(prompt="Mine now"))
    copy = actions.copy_question(world.other_teacher, q)
    assert copy.owner == world.other_teacher and copy.copied_from == q
    assert copy.versions.get().number == 1 and copy.versions.get().prompt == "Changed"
    with pytest.raises(NotFound):
        actions.copy_question(world.far_teacher, q)


# ---------------------------------------------------------------- check-ins


def test_reuse_reorder_and_remove_questions(world):
    checkin, (q1, q2) = checkin_with(world.teacher, [single(), number()])
    other = actions.create_checkin(world.teacher, title="Another")
    actions.add_question(world.teacher, other, q1)  # reused, not copied
    with pytest.raises(UserError, match="already in"):
        actions.add_question(world.teacher, other, q1)
    item2 = checkin.items.get(question=q2)
    actions.move_item(world.teacher, checkin, item2.pk, "up")
    assert list(checkin.items.values_list("question_id", flat=True)) == [q2.pk, q1.pk]
    actions.remove_item(world.teacher, checkin, item2.pk)
    assert list(checkin.items.values_list("question_id", flat=True)) == [q1.pk]


def test_a_question_with_answers_cannot_leave_its_checkin(world):
    checkin, (q,) = checkin_with(world.teacher, [single()])
    run = exit_run(world.teacher, checkin, world.klass)
    actions.submit_answer(world.student, run, q.pk, {"keys": ["A"]})
    with pytest.raises(UserError, match="stays"):
        actions.remove_item(world.teacher, checkin, checkin.items.get().pk)


def test_a_shared_checkin_runs_in_colleagues_classes_under_one_identity(world):
    same_team(world.teacher, world.other_teacher)
    mine = target(world.teacher, world.klass, "I can add fractions", code="M9.F.1")
    theirs = target(
        world.other_teacher, world.other_class, "I can add fractions (B)", code="M9.F.1"
    )
    checkin, (q,) = checkin_with(world.teacher, [single(target=mine)], shared=True)
    run_a = exit_run(world.teacher, checkin, world.klass)
    run_b = exit_run(world.other_teacher, checkin, world.other_class)
    assert run_a.checkin_id == run_b.checkin_id == checkin.pk
    # The other class's evidence bears on its own target (same code).
    actions.submit_answer(world.other_student, run_b, q.pk, {"keys": ["A"]})
    event = EvidenceEvent.objects.get(subject=world.other_student, verb="answered")
    assert event.target_id == theirs.pk and event.classroom_id == world.other_class.pk
    with pytest.raises(NotFound):
        exit_run(world.far_teacher, checkin, world.far_class)
    # Unshared: colleagues cannot run it any more.
    actions.update_checkin(world.teacher, checkin, title=checkin.title, is_shared=False)
    with pytest.raises(NotFound):
        exit_run(world.other_teacher, checkin, world.other_class)


def test_copying_a_colleagues_checkin_copies_their_questions(world):
    same_team(world.teacher, world.other_teacher)
    checkin, (q,) = checkin_with(world.teacher, [single()], shared=True)
    copy = actions.copy_checkin(world.other_teacher, checkin)
    item = copy.items.get()
    assert copy.owner == world.other_teacher and copy.copied_from == checkin
    assert item.question.owner == world.other_teacher and item.question.copied_from == q
    mine = actions.copy_checkin(world.teacher, checkin)
    assert mine.items.get().question == q  # one's own questions are reused


def test_run_needs_questions_a_managed_class_and_a_future_close(world):
    empty = actions.create_checkin(world.teacher, title="Empty")
    with pytest.raises(UserError, match="at least one question"):
        actions.start_run(world.teacher, empty, world.klass, mode="live")
    checkin, _ = checkin_with(world.teacher, [single()])
    with pytest.raises(NotFound):
        actions.start_run(world.teacher, checkin, world.other_class, mode="live")
    with pytest.raises(UserError) as e:
        actions.start_run(world.teacher, checkin, world.klass, mode="exit")
    assert e.value.field == "closes_at"
    with pytest.raises(UserError, match="already passed"):
        actions.start_run(
            world.teacher,
            checkin,
            world.klass,
            mode="exit",
            closes_at=timezone.now() - timedelta(minutes=1),
        )


# ---------------------------------------------------------------- answers


def test_answer_and_confidence_are_evidence_per_the_contract(world):
    t = target(world.teacher, world.klass)
    checkin, (q,) = checkin_with(world.teacher, [single(target=t)])
    run = live_run(world.teacher, checkin, world.klass)
    answer = actions.submit_answer(world.student, run, q.pk, {"keys": ["B"]}).answer
    actions.rate_confidence(world.student, run, q.pk, 4)
    answered, rated = counting_events(subject=world.student)
    assert answered.verb == "answered" and answered.result == {"success": False}
    assert rated.verb == "rated-confidence"
    assert rated.result == {"score": {"raw": 4, "min": 1, "max": 4}}
    for event in (answered, rated):
        assert event.target_id == t.pk
        assert event.classroom_id == world.klass.pk
        assert event.object_type == "checkin-question" and event.object_id == str(q.pk)
        assert event.context["extensions"]["answer"] == answer.pk
        assert event.actor_id == event.subject_id == world.student.pk


def test_multiple_choice_partial_credit_is_a_scaled_score(world):
    t = target(world.teacher, world.klass)
    checkin, (q,) = checkin_with(world.teacher, [multiple(target=t)])
    run = exit_run(world.teacher, checkin, world.klass)
    a = actions.submit_answer(world.student, run, q.pk, {"keys": ["A"]}).answer
    assert (a.correct, a.score) == (False, 0.5)
    assert EvidenceEvent.objects.get(verb="answered").result == {
        "success": False,
        "score": {"scaled": 0.5},
    }


def test_double_click_stores_once_and_returns_the_first(world):
    checkin, (q,) = checkin_with(world.teacher, [single()])
    run = exit_run(world.teacher, checkin, world.klass)
    first = actions.submit_answer(world.student, run, q.pk, {"keys": ["A"]}, idempotency_key="k")
    second = actions.submit_answer(world.student, run, q.pk, {"keys": ["C"]}, idempotency_key="k")
    assert first.created and not second.created
    assert second.answer.pk == first.answer.pk and second.notice == ""
    again = actions.submit_answer(world.student, run, q.pk, {"keys": ["C"]}, idempotency_key="z")
    assert not again.created and "first answer" in again.notice
    assert Answer.objects.count() == 1
    assert EvidenceEvent.objects.filter(verb="answered").count() == 1


def test_late_answer_is_kept_marked_and_said_so(world):
    checkin, (q,) = checkin_with(world.teacher, [single()])
    run = exit_run(world.teacher, checkin, world.klass)
    actions.close_run(world.teacher, run)
    late = actions.submit_answer(world.student, run, q.pk, {"keys": ["A"]})
    assert late.created and late.answer.is_late
    assert "closed at" in late.notice and "marked late" in late.notice
    event = EvidenceEvent.objects.get(verb="answered")
    assert event.context["extensions"]["late"] is True


def test_exit_ticket_past_its_time_takes_late_answers(world):
    checkin, (q,) = checkin_with(world.teacher, [single()])
    run = exit_run(world.teacher, checkin, world.klass, minutes=5)
    later = timezone.now() + timedelta(minutes=6)
    result = actions.submit_answer(world.student, run, q.pk, {"keys": ["A"]}, now=later)
    assert result.answer.is_late


@pytest.mark.parametrize(
    ("typed", "value"),
    [("3,5", "3.5"), ("3.5", "3.5"), (" 7/2 ", "3.500000"), ("+3,50", "3.50"), ("−1", "-1")],
)
def test_numbers_accept_comma_decimals_and_fractions(world, typed, value):
    checkin, (q,) = checkin_with(world.teacher, [number(answer="3.5")])
    run = exit_run(world.teacher, checkin, world.klass)
    a = actions.submit_answer(world.student, run, q.pk, typed).answer
    assert a.response == {"text": typed.strip(), "value": value}
    assert a.correct is (Decimal(value) == Decimal("3.5"))


def test_number_tolerance(world):
    checkin, (q,) = checkin_with(world.teacher, [number(answer="3.14", tolerance="0.01")])
    run = exit_run(world.teacher, checkin, world.klass)
    students = students_of(world.klass)
    assert actions.submit_answer(students[0], run, q.pk, "3,15").answer.correct is True
    assert actions.submit_answer(students[1], run, q.pk, "3.16").answer.correct is False


@pytest.mark.parametrize("garbage", ["three", "1,000.5", "3..5", "1 000", "2/0", "1e3"])
def test_garbage_numbers_state_the_formats_and_store_nothing(world, garbage):
    checkin, (q,) = checkin_with(world.teacher, [number()])
    run = exit_run(world.teacher, checkin, world.klass)
    with pytest.raises(UserError) as e:
        actions.submit_answer(world.student, run, q.pk, garbage)
    assert e.value.field == "response"
    assert "3,5" in e.value.message or "0 below the line" in e.value.message
    assert not Answer.objects.exists()


@pytest.mark.parametrize(
    ("make", "empty"),
    [(single, {"keys": []}), (multiple, {}), (number, "  "), (short, "")],
)
def test_empty_answers_are_refused_with_a_message(world, make, empty):
    checkin, (q,) = checkin_with(world.teacher, [make()])
    run = exit_run(world.teacher, checkin, world.klass)
    with pytest.raises(UserError) as e:
        actions.submit_answer(world.student, run, q.pk, empty)
    assert e.value.field == "response"
    assert not Answer.objects.exists()


def test_unknown_option_and_two_options_for_single_choice(world):
    checkin, (q,) = checkin_with(world.teacher, [single()])
    run = exit_run(world.teacher, checkin, world.klass)
    with pytest.raises(UserError, match="options shown"):
        actions.submit_answer(world.student, run, q.pk, {"keys": ["Z"]})
    with pytest.raises(UserError, match="only one"):
        actions.submit_answer(world.student, run, q.pk, {"keys": ["A", "B"]})


def test_live_run_only_takes_questions_already_shown(world):
    checkin, (q1, q2) = checkin_with(world.teacher, [single(), number()])
    run = live_run(world.teacher, checkin, world.klass, position=None)
    with pytest.raises(UserError, match="not opened"):
        actions.submit_answer(world.student, run, q1.pk, {"keys": ["A"]})
    run = actions.go_to_question(world.teacher, run, 0)
    assert actions.submit_answer(world.student, run, q1.pk, {"keys": ["A"]}).created
    with pytest.raises(UserError, match="not opened"):
        actions.submit_answer(world.student, run, q2.pk, "3.5")


def test_only_students_of_the_class_answer(world):
    checkin, (q,) = checkin_with(world.teacher, [single()])
    run = exit_run(world.teacher, checkin, world.klass)
    for who in (world.other_student, world.teacher, world.admin):
        with pytest.raises(NotFound):
            actions.submit_answer(who, run, q.pk, {"keys": ["A"]})


def test_confidence_needs_an_answer_a_value_1_to_4_and_counts_once(world):
    checkin, (q,) = checkin_with(world.teacher, [single()])
    run = exit_run(world.teacher, checkin, world.klass)
    with pytest.raises(UserError, match="Answer the question first"):
        actions.rate_confidence(world.student, run, q.pk, 3)
    actions.submit_answer(world.student, run, q.pk, {"keys": ["A"]})
    for bad in (0, 5, "high", None):
        with pytest.raises(UserError) as e:
            actions.rate_confidence(world.student, run, q.pk, bad)
        assert e.value.field == "confidence"
    actions.rate_confidence(world.student, run, q.pk, "2")
    assert actions.rate_confidence(world.student, run, q.pk, 4).confidence == 2
    assert EvidenceEvent.objects.filter(verb="rated-confidence").count() == 1


# ---------------------------------------------------------------- marking


def test_marking_a_group_marks_identical_answers_and_remarking_voids(world):
    t = target(world.teacher, world.klass)
    checkin, (q,) = checkin_with(world.teacher, [short(target=t)])
    run = exit_run(world.teacher, checkin, world.klass)
    s = students_of(world.klass)
    for student, text in zip(
        s, ["Subtraction", "  subtraction!", "SUBTRACTION.", "adding"], strict=True
    ):
        actions.submit_answer(student, run, q.pk, text)
    assert not EvidenceEvent.objects.exists()  # short text waits for the teacher
    n = actions.mark_answers(world.teacher, run, q.pk, "partly", normalised="subtraction")
    assert n == 3
    events = list(counting_events(verb="answered"))
    assert len(events) == 3
    assert events[0].result == {"success": False, "score": {"scaled": 0.5}}
    assert events[0].context["extensions"]["marked_by"] == world.teacher.pk
    actions.mark_answers(world.teacher, run, q.pk, "right", normalised="subtraction")
    counted = list(counting_events(verb="answered"))
    assert [e.result for e in counted] == [{"success": True}] * 3
    assert EvidenceEvent.objects.filter(verb="voided").count() == 3
    # Marking the same again changes nothing.
    assert actions.mark_answers(world.teacher, run, q.pk, "right", normalised="subtraction") == 0


def test_marking_is_for_the_class_teacher_with_a_known_mark(world):
    checkin, (q,) = checkin_with(world.teacher, [short()])
    run = exit_run(world.teacher, checkin, world.klass)
    actions.submit_answer(world.student, run, q.pk, "minus")
    with pytest.raises(NotFound):
        actions.mark_answers(world.other_teacher, run, q.pk, "right", normalised="minus")
    with pytest.raises(UserError, match="right, partly or not yet"):
        actions.mark_answers(world.teacher, run, q.pk, "maybe", normalised="minus")


def test_reveal_and_pace_are_the_teachers(world):
    checkin, (_q1, q2) = checkin_with(world.teacher, [single(), number()])
    run = live_run(world.teacher, checkin, world.klass)
    assert actions.go_to_question(world.teacher, run, 99).position == 1  # clamped
    run = actions.reveal(world.teacher, run, [q2.pk])
    assert run.revealed == [q2.pk]
    with pytest.raises(NotFound):
        actions.reveal(world.teacher, run, [123456])
    with pytest.raises(NotFound):
        actions.go_to_question(world.student, run, 0)
    actions.close_run(world.teacher, run)
    with pytest.raises(UserError, match="closed"):
        actions.go_to_question(world.teacher, run, 0)


def test_another_schools_teacher_cannot_touch_anything(world):
    checkin, (q,) = checkin_with(world.teacher, [single()])
    run = exit_run(world.teacher, checkin, world.klass)
    far = world.far_teacher
    with pytest.raises(NotFound):
        actions.close_run(far, run)
    with pytest.raises(NotFound):
        actions.update_checkin(far, checkin, title="x", is_shared=True)
    with pytest.raises(NotFound):
        actions.add_question(far, checkin, q)
    assert TeacherFactory  # the factory module is importable for other schools' teachers
    assert class_with
