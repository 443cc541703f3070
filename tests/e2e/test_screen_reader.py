"""What a screen reader hears, in a real browser: four journeys asserted on the accessibility
tree (Playwright ARIA snapshots: roles, names, states) and on the page's one polite live
region (#announcer), where every update a person waits for is said in a short sentence.

- a student's live task through all four phases while the teacher moves it on from their
  own browser (steps, the projector's mode, phase moves, "I'm lost" from the keyboard);
- a check-in answered with a confidence rating;
- a hand-in with its self-assessment, first with a mistake, then right;
- the teacher's move on the release board.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.checkins.factories import checkin_with, exit_run, single
from tests.work.factories import assignment_for, published_rubric
from trellis.curriculum import actions as curriculum
from trellis.progression import actions as progression

pytestmark = pytest.mark.django_db(transaction=True)

STEPS = ["Subtract 5 from both sides", "Divide both sides by 2", "Check by substituting"]


@pytest.fixture(autouse=True)
def fresh_caches():
    # The live server shares this process; a flushed database reuses ids.
    from trellis.progression.queries import clear_readiness_cache
    from trellis.progression.views import clear_grid_cache

    clear_readiness_cache()
    clear_grid_cache()


def said(page):
    """The page's live region: what a screen reader announces without moving there."""
    return page.locator("#announcer")


def focus_is_not_on_body(page) -> bool:
    return page.evaluate("document.activeElement && document.activeElement !== document.body")


def running(world, title="Two-step equations"):
    target = curriculum.create_target(
        world.teacher, world.klass, statement="I can solve 2x + 5 = 11"
    )
    task = curriculum.create_task(
        world.teacher, world.klass, title=title, target_ids=[target.pk], steps=STEPS
    )
    curriculum.save_release_plan(world.teacher, task, independent_assignment="Questions 1 to 8")
    progression.start_task(world.teacher, task)
    return task


def move_on_board(board, student, move="Release (move forward)"):
    board.get_by_label(student.name, exact=True).check()
    board.get_by_label(move).check()
    board.get_by_role("button", name="Apply to selected students").click()


def test_live_task_four_phases_announced(world, as_user):
    ana = world.student
    task = running(world)
    c, t = world.klass.pk, task.pk
    teacher = as_user("teacher")
    projector = as_user("teacher")
    projector.goto(f"/classes/{c}/tasks/{t}/projector/")

    a = as_user("student")
    a.goto(f"/classes/{c}/tasks/{t}/learn/")
    # The live region exists, empty, before anything changes (so later changes are heard).
    expect(said(a)).to_have_attribute("aria-live", "polite")
    expect(a.locator("#learn-live")).to_match_aria_snapshot(
        """
        - paragraph:
          - text: You are in
          - strong: Modeling (I do)
        - paragraph: Step 1 of 3
        - paragraph: Subtract 5 from both sides
        - button "I'm lost"
        """
    )

    # Modeling: the teacher's "Next" is said on the student's device.
    projector.get_by_role("button", name="Next →").click()
    expect(said(projector)).to_have_text("Step 2 of 3: Divide both sides by 2.")
    expect(said(a)).to_have_text("Step 2 of 3: Divide both sides by 2.")
    expect(a.locator("#learn-live")).to_match_aria_snapshot(
        """
        - paragraph: Step 2 of 3
        - paragraph: Divide both sides by 2
        - button "I'm lost"
        """
    )

    # "I'm lost" from the keyboard: the button goes, focus goes to its confirmation, said.
    a.get_by_role("button", name="I'm lost").focus()
    a.keyboard.press("Enter")
    expect(a.locator(".lost-sent")).to_be_focused()
    expect(said(a)).to_have_text("Your teacher can see that this step lost you.")
    assert focus_is_not_on_body(a)
    expect(a.locator("#learn-live")).to_match_aria_snapshot(
        """
        - paragraph: You said this step lost you. Your teacher can see it.
        """
    )

    # Co-construction: the teacher moves Ana on the board in their own browser.
    teacher.goto(f"/classes/{c}/board/")
    move_on_board(teacher, ana)
    expect(teacher.get_by_role("status")).to_contain_text("Moved 1 student")
    expect(said(a)).to_have_text(
        re.compile(r"^You are now in co-construction\. Step 2 of 3: Divide both sides by 2\.")
    )
    projector.get_by_role("button", name="Ask “what comes next?”").click()
    expect(said(a)).to_have_text(
        "Your teacher asks the class what comes next. "
        "Step 2 of 3: Divide both sides by 2. What comes next?"
    )
    expect(a.locator("#phase-work")).to_match_aria_snapshot(
        """
        - region "What comes next after this step?":
          - heading "What comes next after this step?" [level=2]
          - textbox "What comes next?"
          - button "Send my idea"
        """
    )

    # Guided practice.
    teacher.goto(f"/classes/{c}/board/")
    move_on_board(teacher, ana)
    expect(said(a)).to_have_text("You are now in guided practice.")
    expect(a.locator("#phase-work")).to_match_aria_snapshot(
        """
        - region /Try each step/:
          - heading /Try each step/ [level=2]
          - list:
            - listitem:
              - paragraph:
                - strong: Subtract 5 from both sides
              - textbox "What will you do next?"
              - button "Save my plan"
        """
    )
    # The plan field's help is read with it (its aria-describedby names an existing id).
    plan = a.get_by_role("textbox", name="What will you do next?")
    expect(plan).to_have_accessible_description(re.compile("Before you start the step"))

    # Independent practice; "I need help" brings her back, and that is said after the reload.
    teacher.goto(f"/classes/{c}/board/")
    move_on_board(teacher, ana)
    expect(said(a)).to_have_text("You are now in independent practice.")
    expect(a.locator("#phase-work")).to_match_aria_snapshot(
        """
        - region "On your own":
          - heading "On your own" [level=2]
          - heading "Stuck?" [level=3]
          - textbox "What are you stuck on? (optional)"
          - button "I need help"
        """
    )
    a.get_by_role("textbox", name="What are you stuck on? (optional)").fill("dividing")
    a.get_by_role("button", name="I need help").click()
    expect(said(a)).to_have_text(re.compile("^Your teacher has your help request."))
    expect(a.get_by_role("status")).to_contain_text("Your teacher has your help request")


def test_checkin_with_confidence(world, as_user):
    task = running(world)
    checkin, (q,) = checkin_with(
        world.teacher, [single(target=task.targets.first())], title="Exit ticket"
    )
    run = exit_run(world.teacher, checkin, world.klass)
    p = as_user("student")
    p.goto(f"/checkins/runs/{run.pk}/take/")
    group = p.get_by_role("group", name=q.versions.first().prompt)
    expect(group).to_match_aria_snapshot(
        """
        - group:
          - radio "A. 5" [checked=false]
          - radio "B. 6" [checked=false]
          - radio "C. 23" [checked=false]
        """
    )
    p.get_by_label("A. 5").check()
    expect(p.get_by_role("radio", name="A. 5")).to_be_checked()
    p.get_by_role("button", name="Send answer").click()
    # The confirmation takes focus and is said, with the question that comes with it.
    expect(p.locator(".saved")).to_be_focused()
    expect(said(p)).to_have_text("Answer saved. How sure are you about this answer? Choose 1 to 4.")
    expect(p.locator(".confidence-form")).to_match_aria_snapshot(
        """
        - group "How sure are you about this answer?":
          - button /^1 — /
          - button /^2 — /
          - button /^3 — /
          - button /^4 — /
        """
    )
    p.get_by_role("button", name=re.compile("^3 — ")).click()
    expect(said(p)).to_have_text("Saved: your answer and how sure you are.")
    expect(p.get_by_role("region", name="My answers")).to_match_aria_snapshot(
        """
        - region "My answers":
          - heading "My answers" [level=2]
          - list:
            - listitem:
              - paragraph: /You answered. A\\. 5 · how sure. 3/
        """
    )


def test_hand_in_with_self_assessment(world, as_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    rubric = published_rubric(world.teacher, world.klass)
    assignment = assignment_for(world.teacher, world.klass, rubric, title="Trees essay")
    student = as_user("student")
    student.goto(f"/work/assignments/{assignment.pk}/submit/")
    self_check = student.get_by_role("region", name="Check your work against the rubric (required)")
    expect(self_check).to_match_aria_snapshot(
        """
        - region:
          - heading "Check your work against the rubric (required)" [level=2]
          - group "Claim and evidence":
            - radio /^Beginning/ [checked=false]
          - group "Organisation":
            - radio /^Beginning/ [checked=false]
          - textbox "A short note on your work"
        """
    )
    # Handed in with nothing chosen: the problems are said and focus is on the first one.
    student.get_by_role("textbox", name="Your work", exact=True).fill("Cities should plant trees.")
    student.get_by_role("button", name="Hand in").click()
    expect(said(student)).to_have_text(re.compile(r"^Please fix \d+ problems?"))
    first_bad = student.locator("main [aria-invalid='true']").first
    expect(first_bad).to_be_focused()
    expect(student.get_by_role("alert")).to_match_aria_snapshot(
        """
        - heading /Please fix \\d+ problems?/ [level=2]
        - list:
          - listitem:
            - link /Claim and evidence/
        """
    )
    # Nothing typed is lost.
    expect(student.get_by_role("textbox", name="Your work", exact=True)).to_have_value(
        "Cities should plant trees."
    )
    for criterion in ("Claim and evidence", "Organisation"):
        student.get_by_role("group", name=criterion).get_by_label("Proficient:").check()
    expect(self_check).to_match_aria_snapshot(
        """
        - group "Claim and evidence":
          - radio /^Proficient/ [checked]
        - group "Organisation":
          - radio /^Proficient/ [checked]
        """
    )
    student.get_by_role("textbox", name="A short note on your work").fill("My evidence is strong.")
    student.get_by_role("button", name="Hand in").click()
    expect(said(student)).to_have_text("Handed in. Earlier revisions are kept.")
    expect(student.get_by_role("status")).to_contain_text("Handed in")


def test_board_move_announced(world, as_user):
    ana = world.student
    task = running(world)
    c = world.klass.pk
    teacher = as_user("teacher")
    teacher.goto(f"/classes/{c}/board/")
    expect(teacher.locator("#board-form")).to_be_hidden()
    teacher.get_by_label(ana.name, exact=True).check()
    expect(teacher.get_by_role("checkbox", name=ana.name, exact=True)).to_be_checked()
    move = teacher.get_by_role("form", name=re.compile("^Move the ticked students"))
    expect(move).to_match_aria_snapshot(
        """
        - form:
          - heading /Move the ticked students \\(1 ticked\\)/ [level=2]
          - combobox "Task (required)":
            - option "Two-step equations" [selected]
          - group "Move":
            - radio "Release (move forward)" [checked]
            - radio "Hold where they are" [checked=false]
          - button "Apply to selected students"
        """
    )
    move.get_by_label("Release (move forward)").check()
    move.get_by_role("button", name="Apply to selected students").click()
    expect(said(teacher)).to_have_text(re.compile(f"^Moved 1 student on “{task.title}”"))
    expect(teacher.get_by_role("status")).to_contain_text("Moved 1 student")
    cell = teacher.locator(f"td.cell[data-student='{ana.pk}']")
    expect(cell).to_contain_text("Co-construction")
    teacher.get_by_role("button", name="Undo the last move").click()
    expect(said(teacher)).to_have_text(re.compile("^Undone: 1 student"))
    expect(cell).to_contain_text("Modeling")
