"""Browser walks of work & feedback: co-designing a rubric, and the feedback loop."""

import re

import pytest
from playwright.sync_api import expect

from tests.work.factories import HELPFUL, assignment_for, published_rubric, targets_for
from trellis.work.actions import peer as peer_actions
from trellis.work.actions import rubrics as rubric_actions
from trellis.work.models import FeedbackItem, ProposalVote, Revision

pytestmark = pytest.mark.django_db(transaction=True)


def _classmates(world):
    return [
        e.user for e in world.klass.enrollments.filter(role="student").exclude(user=world.student)
    ]


def test_rubric_from_student_proposal_and_vote_to_a_version(world, as_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    targets = targets_for(world.teacher, world.klass, 3)
    rubric = rubric_actions.create_rubric(world.teacher, world.klass, title="Lab report")
    rubric_actions.add_criterion(
        world.teacher, rubric, title="Claim and evidence", target_id=targets[0].pk
    )
    rubric_actions.set_codesign(
        world.teacher, rubric, is_open=True, prompt="What makes a report convincing?"
    )
    mate = _classmates(world)[0]

    student = as_user("student")
    student.goto(f"/work/rubrics/{rubric.pk}/")
    expect(student.get_by_text("What makes a report convincing?")).to_be_visible()
    student.get_by_role("radio", name="A new criterion").check()
    student.get_by_label("Your wording").fill("Voice: it sounds like a real person")
    student.get_by_label("Target (for a new criterion)").select_option(label=targets[2].statement)
    student.get_by_role("button", name="Share proposal").click()
    expect(student.get_by_role("status")).to_contain_text("Proposal shared")

    voter = as_user(mate.username)
    voter.goto(f"/work/rubrics/{rubric.pk}/")
    voter.get_by_role("button", name=re.compile("Vote for: Voice")).click()
    expect(voter.get_by_role("status")).to_contain_text("Vote counted")
    expect(voter.locator(".proposal .votes")).to_have_text("1 vote")
    voter.get_by_role("button", name=re.compile("Vote for: Voice")).click()
    expect(voter.get_by_role("status")).to_contain_text("You already voted")
    expect(voter.locator(".proposal .votes")).to_have_text("1 vote")
    assert ProposalVote.objects.count() == 1

    teacher = as_user("teacher")
    teacher.goto(f"/work/rubrics/{rubric.pk}/")
    teacher.get_by_label("Decision").select_option("accept")
    teacher.get_by_label("Reason (shown to the class)").fill("You all liked it and so do I.")
    teacher.get_by_role("button", name="Decide").click()
    expect(teacher.get_by_role("status")).to_contain_text("Proposal accepted")
    # Every criterion needs its levels described before it can be published.
    for criterion in rubric.criteria.all():
        for level in rubric.levels.all():
            rubric_actions.set_descriptor(
                world.teacher,
                rubric,
                criterion_id=criterion.pk,
                level_id=level.pk,
                text=f"{criterion.title} at {level.title.lower()} level",
            )
    teacher.reload()
    teacher.get_by_role("button", name="Publish as version 1").click()
    expect(teacher.get_by_role("status")).to_contain_text("Published as version 1")
    expect(teacher.locator("#rubric-status")).to_contain_text("Version 1")
    expect(teacher.locator(".rubric-grid")).to_contain_text(f"Student idea: {world.student.name}")

    student.goto(f"/work/rubrics/{rubric.pk}/")
    expect(student.locator(".decision")).to_contain_text("You all liked it and so do I.")
    student.get_by_role("link", name="Version 1").click()
    expect(student.get_by_role("heading", level=1)).to_contain_text("version 1")


def test_self_assess_hand_in_feedback_coach_use_it_and_revise(world, as_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    rubric = published_rubric(world.teacher, world.klass)
    assignment = assignment_for(world.teacher, world.klass, rubric, title="Trees essay")
    peer = _classmates(world)[0]
    peer_actions.add_pair(
        world.teacher, assignment, reviewer_id=peer.pk, author_id=world.student.pk
    )

    # The student pre-evaluates against the rubric, then hands in.
    student = as_user("student")
    student.goto(f"/work/assignments/{assignment.pk}/submit/")
    student.get_by_role("textbox", name="Your work", exact=True).fill(
        "Cities should plant more trees.\n\nShaded streets were four degrees cooler."
    )
    for criterion in ("Claim and evidence", "Organisation"):
        student.get_by_role("group", name=criterion).get_by_label("Proficient:").check()
    student.get_by_label("A short note on your work").fill("My evidence is strong.")
    student.get_by_role("button", name="Hand in").click()
    expect(student.get_by_role("status")).to_contain_text("Handed in")

    # A peer reviews; the coach catches a vague comment first.
    reviewer = as_user(peer.username)
    reviewer.goto(f"/work/classes/{world.klass.pk}/")
    reviewer.get_by_role("link", name="Review Classmate A’s work").click()
    expect(reviewer.get_by_role("heading", level=1)).to_contain_text("by Classmate A")
    reviewer.get_by_role("combobox", name="Criterion").select_option(label="Claim and evidence")
    reviewer.get_by_label("Your comment").fill("Good job!")
    reviewer.get_by_role("button", name="Send feedback").click()
    expect(reviewer.get_by_role("alert")).to_contain_text("The feedback coach has a question")
    expect(reviewer.get_by_label("Your comment")).to_have_value("Good job!")
    assert not FeedbackItem.objects.exists()
    reviewer.get_by_label("Your comment").fill(HELPFUL)
    reviewer.get_by_role("button", name="Send feedback").click()
    expect(reviewer.get_by_role("status")).to_contain_text("Feedback sent")

    # The teacher finds it in the queue and gives feedback too.
    teacher = as_user("teacher")
    teacher.goto(f"/work/classes/{world.klass.pk}/queue/")
    teacher.get_by_role("link", name="Revision 1").click()
    teacher.get_by_role("combobox", name="Criterion").select_option(label="Organisation")
    teacher.get_by_label("Your comment").fill(
        "Your second paragraph starts a new idea without a link. Add a transition sentence "
        "so the reader follows the step from cost to shade."
    )
    teacher.get_by_role("button", name="Send feedback").click()
    expect(teacher.get_by_role("status")).to_contain_text("Feedback sent")

    # The student answers, uses the feedback and revises.
    student.goto(f"/work/assignments/{assignment.pk}/")
    first = student.locator(".feedback-item").filter(has_text="transition sentence")
    first.get_by_role("button", name="I'll use this").click()
    expect(student.get_by_role("status")).to_contain_text("Thanks")
    student.get_by_role("link", name="Hand in a revision").click()
    student.get_by_role("textbox", name="Your work", exact=True).fill(
        "Cities should plant more trees.\n\nA council study in Leeds found shaded streets were "
        "four degrees cooler, which is why the cost is worth it."
    )
    student.get_by_label(re.compile("^Organisation: Your second paragraph")).check()
    student.get_by_label(re.compile("^Claim and evidence: Your second paragraph")).check()
    for criterion in ("Claim and evidence", "Organisation"):
        student.get_by_role("group", name=criterion).get_by_label("Extending:").check()
    student.get_by_label("A short note on your work").fill("Added the source and a link.")
    student.get_by_role("button", name="Hand in").click()
    expect(student.get_by_role("status")).to_contain_text("Revision 2 handed in")
    expect(student.locator("ol.diff")).to_contain_text("added text: A council study in Leeds")
    assert Revision.objects.filter(number=2).get().addresses.count() == 2

    # The teacher sees the loop closed.
    teacher.goto(f"/work/assignments/{assignment.pk}/")
    expect(teacher.locator("td.loop")).to_contain_text("2 of 2 used")
    teacher.goto(f"/work/revisions/{Revision.objects.get(number=1).pk}/")
    expect(teacher.locator(".feedback-item").first).to_contain_text("acted on in revision 2")


def test_work_pages_fit_a_phone(world, as_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    rubric = published_rubric(world.teacher, world.klass)
    assignment = assignment_for(world.teacher, world.klass, rubric)
    page = as_user("student", width=320, height=640)
    for url in (f"/work/classes/{world.klass.pk}/", f"/work/assignments/{assignment.pk}/submit/"):
        page.goto(url)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, url
