"""The learning partnership in a real browser: a kickoff with two teams to a published,
endorsed charter, its one-page poster, and a pulse whose chart appears."""

import re

import pytest
from playwright.sync_api import expect

from tests.charter.pdf import page_count, squash, text
from tests.factories import StudentFactory
from trellis.charter import actions
from trellis.charter.models import Endorsement, PulseResponse
from trellis.rosters import actions as roster_actions

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def two_teams(world):
    for _ in range(4):
        roster_actions.enroll(world.klass, StudentFactory(school=world.school), "student")
    roster_actions.form_teams(world.teacher, world.klass, seed=5)
    teams = list(world.klass.teams.all())
    world.team_a = next(t for t in teams if t.memberships.filter(student=world.student).exists())
    world.team_b = next(t for t in teams if t.pk != world.team_a.pk)
    world.student_b = world.team_b.memberships.select_related("student").first().student
    return world


def _open_board(page, w):
    page.goto(f"/classes/{w.klass.pk}/")
    page.get_by_role("link", name="Class charter").click()
    page.get_by_role("link", name=re.compile(r"^Open Team \d+'s board$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"Team \d+'s board"))


def _contribute(page, section_label, words):
    page.get_by_role("combobox", name=re.compile(r"^Question")).select_option(label=section_label)
    page.get_by_label("Your team's contribution").fill(words)
    page.get_by_role("button", name="Send to the class summary").click()
    expect(page.get_by_role("status")).to_contain_text("Sent to the class summary")


def test_kickoff_to_published_charter_poster_and_pulse(two_teams, as_user):
    w = two_teams
    teacher = as_user("teacher")
    teacher.goto(f"/classes/{w.klass.pk}/")
    teacher.get_by_role("link", name="Class charter").click()
    teacher.get_by_role("link", name="Start the kickoff").click()
    teacher.get_by_role("button", name="Start the kickoff").click()
    expect(teacher.get_by_role("status")).to_contain_text("Kickoff started")
    prompts = teacher.locator("ol.prompts > li textarea")
    expect(prompts).to_have_count(4)
    second = prompts.nth(1).input_value()
    # Reorder by keyboard: focus "Move prompt 2 up" and press Enter.
    teacher.get_by_role("button", name="Move prompt 2 up").press("Enter")
    expect(teacher.locator("ol.prompts > li textarea").first).to_have_value(second)
    teacher.get_by_label("New prompt").fill("What would make it safe to ask a question here?")
    teacher.get_by_role("button", name="Add prompt").click()
    expect(teacher.locator("ol.prompts > li textarea")).to_have_count(5)

    teacher.get_by_role("link", name="All boards").click()
    expect(teacher.get_by_role("heading", level=1)).to_have_text("Team boards")

    a = as_user(w.student.username)
    _open_board(a, w)
    a.get_by_role("combobox", name=re.compile(r"^Prompt")).select_option(index=0)
    a.get_by_label("Your response").fill("I learned to skate by falling a lot")
    a.get_by_role("button", name="Add to our board").click()
    expect(a.get_by_role("status")).to_contain_text("Added to your team's board")
    # The teacher's overview shows it without a reload (htmx polling).
    expect(teacher.locator(f"[data-team='{w.team_a.name}']")).to_contain_text(
        "I learned to skate by falling a lot"
    )

    b = as_user(w.student_b.username)
    _open_board(b, w)
    teacher.get_by_role("combobox", name=re.compile(r"^Team")).select_option(label=w.team_b.name)
    teacher.get_by_role("textbox", name="Nudge").fill("Try the feedback prompt next")
    teacher.get_by_role("button", name="Send nudge").click()
    expect(b.locator(".nudge")).to_contain_text("Try the feedback prompt next")

    _contribute(
        a,
        "What we would see in our class if we had a culture of learning",
        "We don't judge each other",
    )
    _contribute(b, "What we would see in our class if we had a culture of learning", "No judging")
    _contribute(a, "Actions that would help us learn at high levels", "Frequent check-ins")
    _contribute(a, "The teacher will…", "Make the learning targets clear")
    _contribute(b, "Students will…", "Use feedback to improve our work")

    projector = as_user("teacher")
    projector.goto(f"/charter/{w.klass.pk}/summary/project/")
    expect(projector.locator("#project-live")).to_contain_text("(2 teams)")

    teacher.get_by_role("link", name="Class summary").click()
    idea = teacher.locator("li.idea", has_text="No judging")
    expect(idea).to_contain_text(w.team_a.name)
    expect(idea).to_contain_text(w.team_b.name)
    idea.get_by_role("textbox").fill("We don't judge each other")
    idea.get_by_role("button", name=re.compile("Save wording")).click()
    expect(teacher.get_by_role("status")).to_contain_text("Wording saved")
    teacher.get_by_role("button", name="Make the charter draft from this summary").click()
    expect(teacher.get_by_role("heading", name="Draft: version 1")).to_be_visible()
    teacher.get_by_role("button", name="Publish version 1").click()
    expect(teacher.get_by_role("status")).to_contain_text("Version 1 published")

    for student, change in ((a, ""), (b, "More group work")):
        student.goto(f"/charter/{w.klass.pk}/")
        expect(student.locator(".charter-published")).to_contain_text("We don't judge each other")
        if change:
            student.get_by_label("What would you change? (optional)").fill(change)
        student.get_by_role("button", name="I endorse our charter").click()
        expect(student.get_by_role("status")).to_contain_text("you endorsed the class charter")
    assert Endorsement.objects.count() == 2
    teacher.reload()
    expect(teacher.locator("#endorse-count")).to_have_text("2 of 8")
    expect(teacher.locator(".suggestions")).to_contain_text("More group work")

    # The poster: one page on A4 and on US Letter, with the charter's words in it.
    for paper in ("a4", "letter"):
        teacher.goto(f"/charter/{w.klass.pk}/print/?paper={paper}")
        teacher.emulate_media(media="print")
        pdf = teacher.pdf(prefer_css_page_size=True, print_background=True)
        teacher.emulate_media(media="screen")
        assert page_count(pdf) == 1, paper
        words = squash(text(pdf))
        for line in (
            "Our class charter",
            "Make the learning targets clear",
            "Use feedback to improve our work",
            "We don't judge each other",
        ):
            assert squash(line) in words, (paper, line)

    # A pulse: open now, two students answer, the chart appears.
    teacher.goto(f"/charter/{w.klass.pk}/pulses/")
    teacher.get_by_role("button", name="Open a pulse now").click()
    expect(teacher.get_by_role("status")).to_contain_text("Pulse open now")
    for student, score in ((a, "4"), (b, "2")):
        student.goto(f"/charter/{w.klass.pk}/pulses/")
        student.get_by_role("link", name="Answer the pulse").click()
        for commitment in ("Make the learning targets clear", "Use feedback to improve our work"):
            student.get_by_role("group", name=commitment).get_by_label(score).check()
        student.get_by_label("What are we doing well?").fill("Nobody laughs at mistakes")
        student.get_by_role("button", name="Send my answer").click()
        expect(student.get_by_role("status")).to_contain_text("Your answer is saved")
    assert PulseResponse.objects.count() == 2
    teacher.reload()
    teacher.get_by_role("link", name="Results", exact=True).click()
    expect(teacher.locator("#answer-count")).to_have_text("2 of 8")
    # Anonymous: two answers show nothing but why; three more and the results appear.
    expect(teacher.locator("#withheld")).to_contain_text("at least 5 students have answered")
    pulse = PulseResponse.objects.first().pulse
    items = pulse.version.items.filter(section__in=["teacher", "students"])
    others = [
        e.user
        for e in w.klass.enrollments.filter(role="student").select_related("user")
        if e.user.pk not in (w.student.pk, w.student_b.pk)
    ]
    for person in others[:3]:
        actions.answer_pulse(person, pulse.pk, {i.pk: 3 for i in items}, "", "")
    teacher.reload()
    expect(teacher.locator("#answer-count")).to_have_text("5 of 8")
    expect(
        teacher.get_by_role("row", name=re.compile("Make the learning targets clear"))
    ).to_contain_text("3.0")
    expect(teacher.locator(".comment-groups").first).to_contain_text("2 said this")
    teacher.get_by_role("link", name="Results over time").click()
    chart = teacher.get_by_role("img", name="Make the learning targets clear")
    expect(chart).to_be_visible()
    expect(chart.locator("circle")).to_have_count(1)
    expect(teacher.locator(".trend-table")).to_contain_text("3.0")


def test_boards_keep_working_when_a_poll_fails(two_teams, as_user):
    w = two_teams
    actions.start_kickoff(w.teacher, w.klass)
    prompt = w.klass.charter_kickoff.prompts.first()
    teacher = as_user("teacher")
    failing = {"on": True}

    def handle(route):
        if failing["on"]:
            route.fulfill(status=503, body="down")
        else:
            route.continue_()

    teacher.route("**/kickoff/boards/live/", handle)
    teacher.goto(f"/charter/{w.klass.pk}/kickoff/boards/")
    expect(teacher.locator("#boards-notice")).to_be_visible()
    expect(teacher.locator(f"[data-team='{w.team_a.name}']")).to_be_visible()
    actions.add_board_entry(w.student, w.team_a.pk, prompt.pk, "Written while offline")
    failing["on"] = False
    expect(teacher.locator(f"[data-team='{w.team_a.name}']")).to_contain_text(
        "Written while offline"
    )
    expect(teacher.locator("#boards-notice")).to_be_hidden()


def test_other_team_and_unteamed_students(two_teams, as_user):
    w = two_teams
    actions.start_kickoff(w.teacher, w.klass)
    b = as_user(w.student_b.username)
    response = b.goto(f"/charter/{w.klass.pk}/kickoff/boards/{w.team_a.pk}/")
    assert response.status == 404
    newcomer = StudentFactory(school=w.school, username="newcomer")
    roster_actions.enroll(w.klass, newcomer, "student")
    n = as_user("newcomer")
    n.goto(f"/charter/{w.klass.pk}/kickoff/")
    expect(n.get_by_role("status")).to_contain_text("You are not in a team yet")
    roster_actions.move_student(w.teacher, w.klass, newcomer.pk, w.team_b.pk)
    n.reload()
    expect(n.get_by_role("heading", level=1)).to_have_text(f"{w.team_b.name}'s board")
    n.get_by_label("Your response").fill("   ")
    n.get_by_role("button", name="Add to our board").click()
    expect(n.locator(".field .error")).to_contain_text("is empty")


def test_board_is_usable_at_320_px(two_teams, as_user):
    w = two_teams
    actions.start_kickoff(w.teacher, w.klass)
    page = as_user(w.student.username, width=320, height=640)
    page.goto(f"/charter/{w.klass.pk}/kickoff/boards/{w.team_a.pk}/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
