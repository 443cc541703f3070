"""Browser walks for issue 16: hand-ins with files, marking a class set on one page, changed
scores with reasons, final marks, editing and deleting assignments, and a stale charter save."""

import re

import pytest
from playwright.sync_api import expect

from tests.charter.factories import class_with_teams, members
from tests.e2e.conftest import axe_violations
from tests.work.factories import (
    HELPFUL,
    assignment_for,
    criteria_of,
    hand_in,
    levels_of,
    published_rubric,
    targets_for,
)
from trellis.charter import actions as charter_actions
from trellis.work.actions import bank as bank_actions
from trellis.work.actions import feedback as feedback_actions
from trellis.work.models import CriterionScore, FeedbackItem, Submission

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.7\n" + b"0" * 200
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


@pytest.fixture
def marked(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world.rubric = published_rubric(
        world.teacher, world.klass, targets_for(world.teacher, world.klass)
    )
    world.assignment = assignment_for(world.teacher, world.klass, world.rubric, accepts_file=True)
    world.students = [e.user for e in world.klass.enrollments.filter(role="student")]
    return world


def test_text_and_two_files_in_one_hand_in_reach_the_teacher(marked, as_user, tmp_path):
    w = marked
    poster, graph = tmp_path / "poster.pdf", tmp_path / "graph.png"
    poster.write_bytes(PDF)
    graph.write_bytes(PNG)
    student = as_user("student")
    student.goto(f"/work/assignments/{w.assignment.pk}/submit/")
    student.get_by_label("Your work", exact=True).fill("Trees cool the streets by four degrees.")
    student.get_by_label("Files", exact=True).set_input_files([str(poster), str(graph)])
    for fieldset in student.locator("fieldset.self-criterion").all():
        fieldset.get_by_role("radio").nth(2).check()
    student.get_by_label("A short note on your work").fill("Proud of the graph.")
    student.get_by_role("button", name="Hand in").click()
    expect(student.get_by_role("status")).to_contain_text("Handed in")

    revision = Submission.objects.get(student=w.student).revisions.get()
    teacher = as_user("teacher")
    teacher.goto(f"/work/revisions/{revision.pk}/")
    expect(teacher.locator("#student-text")).to_contain_text("four degrees")
    files = teacher.get_by_role("list", name="Files handed in")
    expect(files).to_contain_text("poster.pdf")
    expect(files).to_contain_text("graph.png")


def _select_in_work(page, words: str):
    page.evaluate(
        """(words) => {
            const box = document.querySelector('#marking .marking-text');
            const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
            let node;
            while ((node = walker.nextNode())) {
                const at = node.textContent.indexOf(words);
                if (at >= 0) {
                    const range = document.createRange();
                    range.setStart(node, at);
                    range.setEnd(node, at + words.length);
                    const sel = window.getSelection();
                    sel.removeAllRanges();
                    sel.addRange(range);
                    return;
                }
            }
            throw new Error('words not found: ' + words);
        }""",
        words,
    )
    page.locator("#marking .marking-text").dispatch_event("mouseup")


def test_a_teacher_marks_four_students_in_a_row_without_leaving_the_page(marked, as_user):
    w = marked
    for s in w.students[:4]:
        hand_in(s, w.assignment)
    bank_actions.save_comment(w.teacher, shortcut="ev", body=HELPFUL)
    crits = criteria_of(w.assignment)
    levels = levels_of(w.assignment)

    teacher = as_user("teacher")
    teacher.goto(f"/work/assignments/{w.assignment.pk}/")
    teacher.get_by_role("link", name="Mark the class set").click()
    teacher.evaluate("window.stillHere = true")
    for n in range(1, 5):
        expect(teacher.locator(".marking-nav")).to_contain_text(f"Student {n} of 4")
        # Grid: the first criterion by a click on its cell, the others by keyboard.
        teacher.locator(f"label[for=m-score-{crits[0]['id']}-{levels[2]['id']}]").click()
        for c in crits[1:]:
            teacher.locator(f"#m-score-{c['id']}-{levels[0]['id']}").focus()
            teacher.keyboard.press("Space")
            teacher.keyboard.press("ArrowRight")
        teacher.get_by_role("button", name="Save scores").click()
        expect(teacher.locator("#marking .notice")).to_contain_text(
            f"Scores saved ({len(crits)} changed)"
        )
        _select_in_work(teacher, "four degrees cooler")
        expect(teacher.locator("#quote-status")).to_contain_text("four degrees cooler")
        body = teacher.get_by_label("Your comment")
        body.click()
        body.type(";ev")
        teacher.keyboard.press("Tab")
        expect(body).to_have_value(HELPFUL)
        body.press("End")
        body.type(" Good start.")
        teacher.get_by_role("button", name="Send comment").click()
        expect(teacher.locator("#marking .notice")).to_contain_text("Comment sent.")
        if n < 4:
            teacher.get_by_role("link", name="Next student →").click()
    assert teacher.evaluate("window.stillHere") is True
    for s in w.students[:4]:
        items = FeedbackItem.objects.filter(review__revision__submission__student=s)
        item = items.get(review__kind="teacher")
        assert item.quote == "four degrees cooler" and item.body.endswith("Good start.")
        scores = CriterionScore.objects.filter(
            review__revision__submission__student=s, review__kind="teacher"
        )
        assert scores.count() == len(crits)
    # The queue remembers the last student.
    teacher.goto(f"/work/assignments/{w.assignment.pk}/marking/")
    expect(teacher.locator(".marking-nav")).to_contain_text("Student 4 of 4")


def test_a_changed_score_shows_its_reason_to_the_student(marked, as_user):
    w = marked
    revision = hand_in(w.student, w.assignment)
    crit = criteria_of(w.assignment)[0]
    levels = levels_of(w.assignment)
    feedback_actions.score_revision(w.teacher, revision, levels={crit["id"]: levels[1]["id"]})
    teacher = as_user("teacher")
    teacher.goto(f"/work/revisions/{revision.pk}/")
    expect(teacher.locator(f"#score-{crit['id']}-{levels[1]['id']}")).to_be_checked()
    teacher.locator(f"label[for=score-{crit['id']}-{levels[3]['id']}]").click()
    teacher.locator(f"#reason-{crit['id']}").fill("The second source counts after all")
    teacher.get_by_role("button", name="Save scores").click()
    expect(teacher.get_by_role("status")).to_contain_text("Scores saved (1 changed)")
    student = as_user("student")
    student.goto(f"/work/revisions/{revision.pk}/")
    expect(student.locator(".score-change")).to_contain_text("The second source counts after all")


def test_a_final_mark_is_previewed_recorded_and_shown(marked, as_user):
    w = marked
    revision = hand_in(w.student, w.assignment)
    top = levels_of(w.assignment)[3]["id"]
    feedback_actions.score_revision(
        w.teacher, revision, levels={c["id"]: top for c in criteria_of(w.assignment)}
    )
    teacher = as_user("teacher")
    teacher.goto(f"/work/assignments/{w.assignment.pk}/")
    teacher.get_by_role("link", name=re.compile(f"Preview final mark for {w.student.name}")).click()
    expect(teacher.locator("#mark-value")).to_have_text("100%")
    teacher.get_by_role("button", name="Record final mark").click()
    expect(teacher.get_by_role("status")).to_contain_text("Final mark recorded")
    expect(teacher.locator(".final-mark")).to_have_text("100%")


def test_an_assignment_is_edited_and_deleted_and_work_is_never_lost(marked, as_user):
    w = marked
    hand_in(w.student, w.assignment)
    spare = assignment_for(w.teacher, w.klass, w.rubric, title="Spare draft")
    teacher = as_user("teacher")
    teacher.goto(f"/work/assignments/{w.assignment.pk}/")
    teacher.get_by_role("link", name="Edit or delete").click()
    teacher.get_by_label("Title").fill("Trees in our city")
    teacher.get_by_role("button", name="Save changes").click()
    expect(teacher.get_by_role("heading", level=1)).to_have_text("Trees in our city")
    teacher.get_by_role("link", name="Edit or delete").click()
    teacher.get_by_role("button", name=re.compile("Delete")).click()
    expect(teacher.locator("body")).to_contain_text("cannot be deleted: 1 student handed work in")
    teacher.goto(f"/work/assignments/{spare.pk}/edit/")
    teacher.get_by_role("button", name=re.compile("Delete")).click()
    expect(teacher.get_by_role("status")).to_contain_text("“Spare draft” deleted")


def test_two_tabs_editing_one_charter_item_the_second_sees_the_conflict(as_user):
    classroom, teacher = class_with_teams()
    charter_actions.start_kickoff(teacher, classroom)
    team, people = members(classroom)
    charter_actions.send_contribution(people[0], team.pk, "teacher", "Make the targets clear")
    draft = charter_actions.draft_charter_from_summary(teacher, classroom)
    item = draft.items.get()
    first = as_user(teacher.username)
    second = as_user(teacher.username)
    for tab in (first, second):
        tab.goto(f"/charter/{classroom.pk}/")
    first.locator(f"#draft-text-{item.pk}").fill("Show the targets every lesson")
    first.locator(f"#draft-item-{item.pk}").get_by_role("button", name="Save").click()
    expect(first.get_by_role("status")).to_contain_text("Item reworded")
    second.locator(f"#draft-text-{item.pk}").fill("Explain the targets")
    second.locator(f"#draft-item-{item.pk}").get_by_role("button", name="Save").click()
    # The conflict box shows the first tab's wording; the second tab's stays in its box.
    expect(second.locator("[data-conflict]")).to_contain_text("Saved by someone else")
    expect(second.locator("[data-conflict]")).to_contain_text("Show the targets every lesson")
    expect(second.locator(f"#draft-text-{item.pk}")).to_have_value("Explain the targets")
    item.refresh_from_db()
    assert item.text == "Show the targets every lesson"


def _no_sideways_scroll(page) -> None:
    wide = page.evaluate(
        """() => {
            const limit = document.documentElement.clientWidth;
            return [document.documentElement.scrollWidth, limit,
                [...document.querySelectorAll('main *')]
                    .filter(e => e.getBoundingClientRect().right > limit + 1)
                    .map(e => e.tagName + '.' + e.className).slice(0, 5)];
        }"""
    )
    assert wide[0] <= wide[1], wide


def test_the_class_summary_reads_at_375px_without_sideways_scroll(as_user):
    classroom, teacher = class_with_teams()
    charter_actions.start_kickoff(teacher, classroom)
    team, people = members(classroom)
    long_idea = "We explain our thinking to each other before we ask the teacher for the answer"
    charter_actions.send_contribution(people[0], team.pk, "see", long_idea)
    charter_actions.send_contribution(people[0], team.pk, "see", "Mistakes are where we learn")
    charter_actions.send_contribution(
        people[1], team.pk, "act", "Frequent check-ins with a partner"
    )
    page = as_user(teacher.username, width=375, height=800)
    page.goto(f"/charter/{classroom.pk}/summary/")
    expect(page.get_by_role("heading", name="Class summary")).to_be_visible()
    _no_sideways_scroll(page)
    # Readable: the wording box spans the screen and its text is not shrunk.
    box = page.locator("li.idea input.wide").last.bounding_box()
    assert box["width"] >= 250
    size = (
        page.locator("li.idea")
        .first.get_by_role("textbox")
        .evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    )
    assert size >= 16
    assert axe_violations(page) == []


def test_a_teammates_shared_comment_is_inserted_while_marking(marked, as_user):
    from trellis.collaboration import actions as collaboration_actions

    w = marked
    for s in w.students[:2]:
        hand_in(s, w.assignment)
    team = collaboration_actions.create_team(
        w.other_teacher, name="Science team", member_ids=[w.teacher.pk]
    )
    shared = "Say which source each number comes from, then what it tells us about the claim."
    bank_actions.save_comment(w.other_teacher, shortcut="src", body=shared, team=team.pk)
    crit = criteria_of(w.assignment)[0]
    teacher = as_user("teacher", width=1366, height=768)
    teacher.goto(f"/work/assignments/{w.assignment.pk}/marking/")
    expect(teacher.locator("details.bank")).to_contain_text("Shared by your teams")
    expect(teacher.locator("details.bank")).to_contain_text("Science team")
    # At 1366 the work sits beside the grid and the comment box.
    work_box = teacher.locator(".marking-columns > section").first.bounding_box()
    score_box = teacher.locator("#marking-score-h").bounding_box()
    assert score_box["x"] > work_box["x"] + work_box["width"] - 1
    body = teacher.get_by_label("Your comment")
    body.click()
    body.type(";src")
    teacher.keyboard.press("Tab")
    expect(body).to_have_value(shared)
    teacher.locator("#marking select[name=criterion]").select_option(str(crit["id"]))
    teacher.get_by_role("button", name="Send comment").click()
    expect(teacher.locator("#marking")).to_contain_text("Comment sent.")
    assert FeedbackItem.objects.get(review__kind="teacher").body == shared
    # The saved cell is marked by more than colour: a double rule and the word "saved".
    teacher.locator(f"label[for=m-score-{crit['id']}-{levels_of(w.assignment)[1]['id']}]").click()
    teacher.get_by_role("button", name="Save scores").click()
    chosen = teacher.locator(".grid-cell.chosen .cell-label")
    expect(chosen).to_contain_text("saved")
    assert chosen.evaluate("e => getComputedStyle(e).borderTopStyle") == "double"
    assert axe_violations(teacher) == []
    narrow = as_user("teacher", width=375, height=800)
    narrow.goto(f"/work/assignments/{w.assignment.pk}/marking/")
    expect(narrow.locator(".marking-nav")).to_contain_text("Student")
    _no_sideways_scroll(narrow)


def test_the_rubric_editor_is_a_grid_used_by_keyboard_and_stacked_at_375px(marked, as_user):
    from trellis.work.models import Descriptor, RubricCriterion

    w = marked
    crits, levels = criteria_of(w.assignment), levels_of(w.assignment)
    teacher = as_user("teacher", width=1366, height=768)
    teacher.goto(f"/work/rubrics/{w.rubric.pk}/edit/")
    grid = teacher.locator("table.rubric-editor")
    expect(grid.locator("thead th")).to_have_count(len(levels) + 2)
    # Levels across: the cells of one criterion sit side by side on one row.
    first = teacher.locator(f"#desc-{crits[0]['id']}-{levels[0]['id']}").bounding_box()
    second = teacher.locator(f"#desc-{crits[0]['id']}-{levels[1]['id']}").bounding_box()
    assert abs(first["y"] - second["y"]) < 2 and second["x"] > first["x"]
    _no_sideways_scroll(teacher)
    # Keyboard: Tab walks a criterion's cells from one level to the next.
    cell = teacher.locator(f"#desc-{crits[0]['id']}-{levels[0]['id']}")
    cell.focus()
    teacher.keyboard.press("Control+A")
    teacher.keyboard.type("Names a claim but no evidence yet.")
    teacher.keyboard.press("Tab")
    focused = teacher.evaluate("document.activeElement.id")
    assert focused == f"desc-{crits[0]['id']}-{levels[1]['id']}"
    # A new criterion row with its own cells, added in the same save.
    teacher.get_by_label("New criterion (optional)").fill("Voice")
    teacher.get_by_label("Its learning target").select_option(index=1)
    teacher.get_by_label(f"New criterion, {levels[2]['title']}: what it looks like").fill(
        "The reader hears a person."
    )
    assert axe_violations(teacher) == []
    teacher.get_by_role("button", name="Save and add another row or column").click()
    expect(teacher.get_by_role("status")).to_contain_text("Saved")
    expect(teacher.get_by_label("New criterion (optional)")).to_have_value("")
    assert Descriptor.objects.get(
        criterion_id=crits[0]["id"], level_id=levels[0]["id"]
    ).text.startswith("Names a claim")
    voice = RubricCriterion.objects.get(rubric=w.rubric, title="Voice")
    assert voice.descriptors.get(level_id=levels[2]["id"]).text == "The reader hears a person."

    narrow = as_user("teacher", width=375, height=800)
    narrow.goto(f"/work/rubrics/{w.rubric.pk}/edit/")
    _no_sideways_scroll(narrow)
    # Stacked: each cell shows its level's name above its box, one under the other.
    label = narrow.locator(f"label[for=desc-{crits[0]['id']}-{levels[1]['id']}]")
    expect(label).to_be_visible()
    expect(label).to_contain_text(levels[1]["title"])
    top = narrow.locator(f"#desc-{crits[0]['id']}-{levels[0]['id']}").bounding_box()
    below = narrow.locator(f"#desc-{crits[0]['id']}-{levels[1]['id']}").bounding_box()
    assert below["y"] > top["y"] + top["height"] - 1
    assert axe_violations(narrow) == []
