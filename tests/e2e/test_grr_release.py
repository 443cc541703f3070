"""One task through all four phases, in a real browser: a teacher and two students, each in
their own browser context. Checks the board and "my learning" at each step."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import StudentFactory
from tests.progression.factories import make_task
from trellis.curriculum import actions as curriculum
from trellis.rosters import actions as rosters

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def fresh_caches():
    # The live server shares this process; a flushed database reuses ids.
    from trellis.progression.queries import clear_readiness_cache
    from trellis.progression.views import clear_grid_cache

    clear_readiness_cache()
    clear_grid_cache()


def cell(page, student):
    return page.locator(f"td.cell[data-student='{student.pk}']")


def release(board, students, move="Release (move forward)", note=""):
    for s in students:
        board.get_by_label(s.name, exact=True).check()
    board.get_by_label(move).check()
    if note:
        board.get_by_label("Note (why)").fill(note)
    board.get_by_role("button", name="Apply to selected students").click()


def test_a_task_through_all_four_phases(world, as_user):
    ana = world.student
    ben = StudentFactory(school=world.school, username="ben", first_name="Ben", last_name="Zed")
    rosters.enroll(world.klass, ben, "student")
    task = make_task(world.teacher, world.klass, title="Two-step equations", steps=3)
    curriculum.save_release_plan(
        world.teacher,
        task,
        independent_assignment="Questions 1 to 8",
        success_check="Solve 2x + 1 = 7",
    )
    c, t = world.klass.pk, task.pk

    teacher = as_user("teacher")
    teacher.goto(f"/classes/{c}/tasks/{t}/run/")
    teacher.get_by_role("button", name="Start this task").click()
    expect(teacher.get_by_role("status")).to_contain_text("started")

    # Modeling: the projector shows one step at a time; the arrow key moves on.
    projector = as_user("teacher")
    projector.goto(f"/classes/{c}/tasks/{t}/projector/")
    expect(projector.locator(".stage-count")).to_contain_text("Step 1 of 3")
    projector.keyboard.press("ArrowRight")
    expect(projector.locator(".stage-count")).to_contain_text("Step 2 of 3")

    a = as_user("student")
    a.goto(f"/classes/{c}/tasks/{t}/learn/")
    expect(a.get_by_role("heading", level=1)).to_have_text("Two-step equations")
    expect(a.locator(".task-targets")).to_contain_text("I can solve equation type 1")
    expect(a.locator(".student-stage")).to_contain_text("Step 2: do part 2")
    a.get_by_role("button", name="I'm lost").click()
    expect(a.locator(".lost-sent")).to_contain_text("this step lost you")
    expect(projector.locator(".lost-count")).to_contain_text("1 of 5 lost on step 2")
    # The projector follows the teacher; the student's device follows the projector.
    projector.get_by_role("button", name="Next →").click()
    expect(a.locator(".student-stage")).to_contain_text("Step 3: do part 3")

    board = teacher
    board.goto(f"/classes/{c}/board/")
    expect(cell(board, ana)).to_contain_text("Modeling")
    expect(cell(board, ana)).to_contain_text("Confidence: lost")  # "I'm lost" counts as 1

    # Co-construction: the class directs; ideas are grouped; the teacher follows one.
    projector.get_by_role("button", name="Ask “what comes next?”").click()
    release(board, [ana, ben], note="Ready to direct me.")
    expect(board.get_by_role("status")).to_contain_text("Moved 2 students")
    expect(cell(board, ben)).to_contain_text("Co-construction")
    expect(a.get_by_role("heading", name="What comes next after this step?")).to_be_visible()
    a.get_by_label("What comes next?").fill("Subtract 5 from both sides")
    a.get_by_role("button", name="Send my idea").click()
    expect(a.get_by_role("status")).to_contain_text("Sent")
    b = as_user("ben")
    b.goto(f"/classes/{c}/my-learning/")
    expect(b.locator("tr", has_text="Two-step equations")).to_contain_text("Co-construction")
    b.get_by_role("link", name="Two-step equations").click()
    b.get_by_role("button", name="Send my idea").click()
    expect(b.get_by_role("alert")).to_contain_text("Your suggestion is empty")
    b.get_by_label("What comes next?").fill("subtract 5 from both sides!")
    b.get_by_role("button", name="Send my idea").click()
    expect(projector.locator(".ideas li").first).to_contain_text("×2")
    projector.get_by_role("button", name="Follow this: Subtract 5 from both sides").click()
    expect(projector.locator(".picked")).to_contain_text("Subtract 5 from both sides")

    # Guided practice: plan, do, reflect; the teacher observes with one tap.
    board.goto(f"/classes/{c}/board/")
    release(board, [ana, ben])
    expect(cell(board, ana)).to_contain_text("Guided")
    a.goto(f"/classes/{c}/tasks/{t}/learn/")
    a.get_by_label("What will you do next?").fill("Undo the +5 on both sides")
    a.get_by_role("button", name="Save my plan").click()
    expect(a.get_by_role("status")).to_contain_text("Plan saved")
    a.get_by_label("How did it go?").fill("It worked")
    a.get_by_label("4 · I could explain it").check()
    a.get_by_role("button", name="Save reflection").click()
    expect(a.get_by_role("status")).to_contain_text("Reflection saved")
    teacher.goto(f"/classes/{c}/tasks/{t}/run/")
    row = teacher.locator(".guided-row", has_text=ana.name)
    expect(row).to_contain_text("Undo the +5 on both sides")
    row.get_by_label(f"Note about {ana.name} (optional)").fill("clear explanation")
    row.get_by_role("button", name=f"Explained the step: {ana.name}").click()
    expect(teacher.locator(".observe-said")).to_contain_text("Observation saved")
    expect(teacher.locator("#announcer")).to_contain_text("Observation saved")

    # Ana is released early; skipping needs the explicit override, so she goes one phase.
    board.goto(f"/classes/{c}/board/")
    release(board, [ana], note="Explains every step.")
    expect(cell(board, ana)).to_contain_text("Independent")
    expect(cell(board, ben)).to_contain_text("Guided")
    a.goto(f"/classes/{c}/my-learning/")
    expect(a.locator("tr", has_text="Two-step equations")).to_contain_text("Independent")
    a.get_by_role("link", name="Two-step equations").click()
    expect(a.locator("#indep-h")).to_be_visible()
    a.get_by_label("Your answer").fill("x = 3")
    a.get_by_role("button", name="Send my answer").click()
    expect(a.get_by_role("status")).to_contain_text("Answer sent")
    teacher.goto(f"/classes/{c}/tasks/{t}/run/")
    teacher.get_by_role("button", name=f"Right: {ana.name}").click()
    expect(teacher.get_by_role("status")).to_contain_text("right")

    # Ben goes independent, asks for help, and is back in guided practice at once.
    board.goto(f"/classes/{c}/board/")
    release(board, [ben])
    expect(cell(board, ben)).to_contain_text("Independent")
    b.goto(f"/classes/{c}/tasks/{t}/learn/")
    b.get_by_label("What are you stuck on? (optional)").fill("Which side do I undo first?")
    b.get_by_role("button", name="I need help").click()
    expect(b.get_by_role("status")).to_contain_text("back in guided practice")
    expect(b.locator(".my-phase")).to_contain_text("Guided practice")
    expect(board.locator(".help-alert")).to_contain_text("Which side do I undo first?")
    expect(cell(board, ben)).to_contain_text("Guided")
    expect(cell(board, ben)).to_contain_text("asked for help")
    b.goto(f"/classes/{c}/my-learning/")
    expect(b.locator("#help-h + ul")).to_contain_text("waiting for your teacher")

    # Keyboard focus fetches the details into the drawer beside the grid (the reason, the
    # numbers and the move log); pressing the cell does too.
    focus = board.locator(f"#cell-{t}-{ana.pk}")
    focus.focus()
    expect(board.locator("#cell-detail")).to_be_visible()
    expect(board.locator("#cell-detail")).to_contain_text("Explains every step.")
    focus.press("Enter")
    expect(board.locator("#cell-detail")).to_contain_text("Why")
    expect(board.locator("#cell-detail")).to_contain_text(
        re.compile("Guided practice.*Independent")
    )


def test_skipping_needs_the_override_and_a_conflict_keeps_the_note(world, as_user):
    from trellis.progression import actions

    task = make_task(world.teacher, world.klass, title="Fractions")
    actions.start_task(world.teacher, task)
    board = as_user("teacher")
    # The board's live updates fail from here on: it says so and keeps working.
    board.route("**/board/grid/**", lambda route: route.abort())
    board.goto(f"/classes/{world.klass.pk}/board/")
    expect(board.get_by_text("Reconnecting…")).to_be_visible()
    board.get_by_label(world.student.name, exact=True).check()
    board.get_by_label("To phase").select_option(label="Guided practice (you do, together)")
    board.get_by_label("Note (why)").fill("she already knows this")
    board.get_by_role("button", name="Apply to selected students").click()
    expect(board.get_by_role("alert")).to_contain_text("Skip phases on purpose")
    expect(board.get_by_label("Note (why)")).to_have_value("she already knows this")
    # Another teacher moves her meanwhile (the admin, through the same action).
    actions.move_students(world.admin, task, [world.student.pk], "advance")
    board.get_by_label("Skip phases on purpose").check()
    board.get_by_role("button", name="Apply to selected students").click()
    expect(board.get_by_role("alert")).to_contain_text("changed while you were looking")
    expect(board.get_by_label("Note (why)")).to_have_value("she already knows this")
    expect(cell(board, world.student)).to_contain_text("Co-construction")


def test_tuning_a_classs_thresholds_with_the_preview(world, as_user):
    """The teacher opens "how well do the recommendations work here", previews lower release
    thresholds, fixes a bad entry (kept and explained beside the field), then saves."""
    from tests.progression.factories import running_task
    from trellis.progression import actions as progression
    from trellis.progression.models import ClassThresholds

    for _ in range(8):
        rosters.enroll(world.klass, StudentFactory(school=world.school), "student")
    task = running_task(world.teacher, world.klass)
    for e in world.klass.enrollments.filter(role="student"):
        progression.observe(world.teacher, task, e.user_id, "explained")
    c = world.klass.pk

    page = as_user("teacher")
    page.goto(f"/classes/{c}/recommendations/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "How well the recommendations work here"
    )
    # Twelve students, but no release was followed yet: too few to show.
    expect(page.locator("[data-figure='releases']")).to_have_text("fewer than 10 students")

    page.get_by_label("Release at mastery").fill("1.5")
    page.get_by_role("button", name="Preview the change").click()
    expect(page.locator("#id_advance_mastery_error")).to_contain_text(
        "1.5 is outside 0.5–0.99. Enter a number in that range."
    )
    expect(page.get_by_label("Release at mastery")).to_have_value("1.5")

    page.get_by_label("Release at mastery").fill("0.6")
    page.get_by_label("Confident at rating").fill("1")
    page.get_by_role("button", name="Preview the change").click()
    expect(page.locator("#threshold-preview")).to_contain_text("of 12 students")
    assert not ClassThresholds.objects.exists()  # a preview saves nothing

    page.get_by_role("button", name="Save for this class").click()
    expect(page.get_by_role("status").first).to_contain_text("Saved")
    expect(page.get_by_text("Version 1")).to_be_visible()
    assert ClassThresholds.objects.get(classroom=world.klass).advance_mastery == 0.6
