"""A live check-in in a real browser: a teacher and three students, each in their own context."""

import re

import pytest
from playwright.sync_api import expect

from tests.checkins.factories import checkin_with, number, single, students_of
from tests.progression.factories import running_task
from trellis.checkins.models import Answer
from trellis.grr import MoveKind, Phase
from trellis.progression import actions as progression_actions
from trellis.progression.models import StudentPhase

pytestmark = pytest.mark.django_db(transaction=True)


def _answer(page, option: str, confidence: str):
    page.get_by_label(option).check()
    page.get_by_role("button", name="Send answer").click()
    expect(page.get_by_role("status").filter(has_text="Answer saved")).to_be_visible()
    page.get_by_role("button", name=confidence).click()
    expect(page.get_by_text("Wait for your teacher")).to_be_visible()


def test_live_checkin_with_confidence_reveal_and_a_move_from_a_result(world, as_user):
    task = running_task(world.teacher, world.klass, title="Adding whole numbers")
    students = students_of(world.klass)[:3]
    progression_actions.move_students(
        world.teacher,
        task,
        [s.pk for s in students_of(world.klass)],
        MoveKind.ADVANCE,
        to_phase=Phase.GUIDED,
        override=True,
    )
    _checkin, (q1, q2) = checkin_with(
        world.teacher,
        [single(target=task.targets.first()), number(prompt="Half of 7?")],
        title="Adding up",
    )

    teacher = as_user("teacher")
    teacher.goto("/")
    teacher.get_by_role("link", name="Algebra").click()
    teacher.get_by_role("link", name="Check-ins").click()
    teacher.get_by_role("link", name="Adding up").click()
    teacher.get_by_role("combobox", name="Class").select_option(label=world.klass.name)
    teacher.get_by_label("Live (I set the pace)").check()
    teacher.get_by_role("button", name="Start").click()
    expect(teacher.get_by_role("heading", level=1)).to_have_text("Adding up")

    pages = []
    for s in students:
        p = as_user(s.username)
        p.goto("/")
        p.get_by_role("link", name="Algebra").click()
        p.get_by_role("navigation", name="Class").get_by_role("link", name="Check-ins").click()
        p.get_by_role("link", name="Adding up").click()
        expect(p.get_by_text("never counts toward a grade")).to_be_visible()
        expect(p.get_by_role("heading", name="Waiting for your teacher")).to_be_visible()
        pages.append(p)

    teacher.get_by_role("button", name="Start with question 1").click()
    expect(teacher.get_by_text("On screen: question 1 of 2")).to_be_visible()
    # Each student's page notices by polling and shows question 1.
    for p in pages:
        expect(p.get_by_role("group", name="What is 2 + 3?")).to_be_visible()

    _answer(pages[0], "A. 5", "4 — I could teach this")
    _answer(pages[1], "B. 6", "4 — I could teach this")
    _answer(pages[2], "C. 23", "3 — I think I've got it")

    # Live results refresh on the teacher's page without a reload.
    result = teacher.locator("[data-question='1']")
    expect(result).to_contain_text("3 answers · 1 right")
    expect(result).to_contain_text("Multiplied instead of adding")
    sure_wrong = result.locator("[data-group='sure_wrong']")
    expect(sure_wrong).to_contain_text("(2)")

    teacher.get_by_role("button", name="Reveal answer to question 1").click()
    for p in pages:
        expect(p.locator(".revealed")).to_contain_text("Right answer: A. 5")
        expect(p.locator(".class-distribution")).to_contain_text("The class: 1 of 3 right")
    expect(pages[0].locator(".revealed")).to_contain_text("you got it")
    for other in students[1:]:
        expect(pages[0].locator("main")).not_to_contain_text(other.name)

    # From the "sure but wrong" group to a step back on the release board.
    sure_wrong.get_by_role("link", name=re.compile("Move these 2")).click()
    expect(teacher.get_by_label(students[1].name)).to_be_checked()
    expect(teacher.get_by_label(students[2].name)).to_be_checked()
    expect(teacher.get_by_label(students[0].name)).not_to_be_checked()
    teacher.get_by_label("Task").select_option(label="Adding whole numbers")
    teacher.get_by_label("Move", exact=True).select_option(value="step_back")
    teacher.get_by_label("To phase").select_option(label=Phase.CO_CONSTRUCTION.label)
    expect(teacher.get_by_label("Note")).to_have_value(re.compile("question 1"))
    teacher.get_by_role("button", name="Move selected students").click()
    expect(teacher.get_by_role("status")).to_contain_text("Moved 2 students")
    phases = dict(StudentPhase.objects.filter(task=task).values_list("student_id", "phase"))
    assert phases[students[1].pk] == phases[students[2].pk] == Phase.CO_CONSTRUCTION
    assert phases[students[0].pk] == Phase.GUIDED

    # Next question: a comma decimal is read as a number.
    teacher.get_by_role("button", name="Next question →").click()
    p = pages[0]
    expect(p.get_by_label("Your answer (a number)")).to_be_visible()
    p.get_by_label("Your answer (a number)").fill("3,5")
    p.get_by_role("button", name="Send answer").click()
    expect(p.get_by_role("status").filter(has_text="Answer saved")).to_be_visible()
    assert Answer.objects.get(student=students[0], question=q2).correct is True
    assert Answer.objects.filter(question=q1).exclude(confidence=None).count() == 3


def test_marking_short_answers_by_keyboard(world, as_user):
    from tests.checkins.factories import exit_run, short
    from trellis.checkins import actions

    checkin, (q,) = checkin_with(world.teacher, [short()], title="Words")
    run = exit_run(world.teacher, checkin, world.klass)
    for s, text in zip(students_of(world.klass), ["Minus", "minus.", "plus", "MINUS"], strict=True):
        actions.submit_answer(s, run, q.pk, text)
    teacher = as_user("teacher")
    teacher.goto(f"/checkins/runs/{run.pk}/marking/")
    expect(teacher.get_by_text("press 1 right")).to_be_visible()
    group = teacher.locator(".mark-group").first
    expect(group).to_contain_text("3 students")
    group.focus()
    teacher.keyboard.press("1")
    status = teacher.locator("#marking-list .still-to-mark")
    expect(status).to_contain_text("1 of 4 answers still to mark")
    expect(teacher.locator(".mark-group").filter(has_text="3 students")).to_contain_text("✓ Right")
    # Focus moved on to the next unmarked answer: mark it "not yet" with 3.
    expect(teacher.locator(".mark-group").filter(has_text="plus")).to_be_focused()
    teacher.keyboard.press("3")
    expect(status).to_contain_text("0 of 4 answers still to mark")
    expect(teacher.locator(".messages")).to_have_count(0)  # no page reload: htmx did it
    assert sorted(Answer.objects.values_list("mark", flat=True)) == [
        "not_yet",
        "right",
        "right",
        "right",
    ]


def test_checkin_pages_are_usable_at_320_px(world, as_user):
    from tests.checkins.factories import exit_run, short
    from trellis.checkins import actions

    checkin, (q1, _q2) = checkin_with(
        world.teacher, [single(), short()], title="A rather long check-in title for phones"
    )
    run = exit_run(world.teacher, checkin, world.klass)
    actions.submit_answer(world.student, run, q1.pk, {"keys": ["B"]})
    actions.rate_confidence(world.student, run, q1.pk, 4)
    pages = {
        "teacher": [f"/checkins/runs/{run.pk}/", f"/checkins/{checkin.pk}/", "/checkins/bank/new/"],
        "student": [f"/checkins/runs/{run.pk}/take/", f"/checkins/class/{world.klass.pk}/"],
    }
    for username, urls in pages.items():
        page = as_user(username, width=320, height=640)
        for url in urls:
            page.goto(url)
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, (url, overflow)
