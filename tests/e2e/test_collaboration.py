"""Teachers learning together, in a real browser: a team pools a common check-in, moderates,
runs an inquiry, opens a lesson; a leader sets a focus and reads the school's pages."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.checkins.factories import checkin_with, exit_run, single, students_of
from tests.collaboration.scenes import answer_all
from tests.factories import TeacherFactory, class_with
from trellis.checkins.models import Run
from trellis.collaboration import actions

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def team_scene(world):
    from tests.collaboration.scenes import build_team_scene

    return build_team_scene(world)


def _start_exit_ticket(page, checkin, classroom):
    page.goto(f"/checkins/{checkin.pk}/")
    page.get_by_role("combobox", name="Class").select_option(label=classroom.name)
    page.get_by_label("Exit ticket (open until a time)").check()
    later = timezone.localtime() + timedelta(hours=2)
    page.get_by_label("Open until (exit tickets)").fill(later.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Start").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(checkin.title)


def test_a_team_pools_a_common_checkin_with_a_small_class_hidden(world, as_user):
    third = TeacherFactory(
        school=world.school, username="third", first_name="Ada", last_name="Third"
    )
    classes = [
        class_with(world.teacher, students=12, school=world.school, course="Maths 9A"),
        class_with(world.other_teacher, students=14, school=world.school, course="Maths 9B"),
        class_with(third, students=4, school=world.school, course="Maths 9C"),
    ]
    checkin, (question,) = checkin_with(world.teacher, [single()], title="Adding", shared=True)

    lead = as_user("teacher")
    lead.goto("/")
    lead.get_by_role("link", name="Teacher teams").click()
    lead.get_by_label("Team name").fill("Grade 9 maths")
    lead.get_by_label("Kind of team").select_option(label="Grade team")
    lead.get_by_label("Teachers in the team").select_option(
        [str(world.other_teacher.pk), str(third.pk)]
    )
    lead.get_by_role("button", name="Make the team").click()
    expect(lead.get_by_role("heading", level=1)).to_have_text("Grade 9 maths")
    expect(lead.get_by_text("Facilitator", exact=True)).to_be_visible()

    for username, classroom in (
        ("teacher", classes[0]),
        ("other_teacher", classes[1]),
        ("third", classes[2]),
    ):
        p = lead if username == "teacher" else as_user(username)
        if username != "teacher":
            p.goto("/teams/")
            p.get_by_role("link", name="Grade 9 maths").click()
            expect(p.get_by_role("heading", name="Adding")).to_be_visible()
            expect(p.get_by_text(f"Check-in by {world.teacher.name}")).to_be_visible()
        _start_exit_ticket(p, checkin, classroom)
        run = Run.objects.get(checkin=checkin, classroom=classroom)
        answer_all(run, question, classroom, right=len(students_of(classroom)) // 2)

    reader = as_user("other_teacher")
    reader.goto("/teams/")
    reader.get_by_role("link", name="Grade 9 maths").click()
    reader.get_by_role("link", name="Pooled results").click()
    table = reader.get_by_role("table")
    expect(table).to_contain_text("fewer than 10 students")
    expect(table).to_contain_text("50% right (15 of 30)")  # the team: 6 + 7 + 2 of 12 + 14 + 4
    expect(reader.get_by_role("note")).to_contain_text("another is hidden too")
    for s in students_of(classes[2]):
        expect(reader.locator("main")).not_to_contain_text(s.name)


def test_a_moderation_round_reaches_an_agreed_score(world, as_user, team_scene):
    rnd = actions.create_round(
        world.other_teacher,
        team_scene.team,
        title="Lab reports",
        criteria=["Reasoning"],
        levels=4,
        pieces=["The ball falls faster because it is heavier."],
    )
    piece = rnd.pieces.get()
    actions.score_piece(world.other_teacher, piece.pk, {"c1": 1})

    p = as_user("teacher")
    p.goto(f"/teams/{team_scene.team.pk}/")
    p.get_by_role("link", name="Lab reports").click()
    expect(p.get_by_role("note")).to_contain_text("Score every piece")
    p.locator(f"#s-{piece.pk}-c1").select_option("3")
    p.get_by_role("button", name="Save my score").click()
    expect(p.get_by_role("heading", name="Where we agree")).to_be_visible()
    expect(p.locator("main")).to_contain_text("Reasoning: 0% of 1 piece scored alike")
    expect(p.locator("main")).to_contain_text("Widest spread: Piece A (2 levels apart)")
    p.locator(f"#a-{piece.pk}-c1").select_option("2")
    p.get_by_label("Why we agreed on it").fill("A claim without a reason yet.")
    p.get_by_label("Make it an exemplar").check()
    p.get_by_role("button", name="Save the agreed score").click()
    expect(p.locator("main")).to_contain_text(
        "Agreed: Reasoning = 2. A claim without a reason yet."
    )
    expect(p.get_by_text("Exemplar", exact=True)).to_be_visible()


def test_an_inquiry_from_question_to_follow_up(world, as_user, team_scene):
    s = team_scene
    actions.create_practice(world.teacher, title="Fading worked examples", description="Fade.")
    start = timezone.localdate() + timedelta(days=1)

    p = as_user("teacher")
    p.goto(f"/teams/{s.team.pk}/")
    p.get_by_role("link", name="Open an inquiry").click()
    p.get_by_label("Our question about students' learning").fill(
        "Why do our Grade 9s stall on adding?"
    )
    p.get_by_label("Common check-in (when measuring with a check-in)").select_option(label="Adding")
    p.get_by_label("Practice from the library").select_option(label="Fading worked examples")
    p.get_by_label("Start of the period").fill(start.isoformat())
    p.get_by_label("End of the period").fill((start - timedelta(days=3)).isoformat())
    p.get_by_role("button", name="Open the inquiry").click()
    expect(p.locator(".error-summary")).to_contain_text("ends before it starts")
    expect(p.get_by_label("Our question about students' learning")).to_have_value(
        "Why do our Grade 9s stall on adding?"
    )
    p.get_by_label("End of the period").fill((start + timedelta(days=14)).isoformat())
    p.get_by_role("button", name="Open the inquiry").click()
    main = p.locator("main")
    expect(main).to_contain_text("14 of 28 students (50%")  # the baseline, with n
    expect(main).to_contain_text("too few students to tell")

    # The follow-up: the team runs the check-in again after the start; now a before and after.
    from trellis.collaboration.models import Inquiry

    # (Time passes: the baseline runs move to last week, the period starts today.)
    Run.objects.filter(checkin=s.checkin).update(started_at=timezone.now() - timedelta(days=7))
    Inquiry.objects.filter(pk=Inquiry.objects.get().pk).update(starts_on=timezone.localdate())
    for teacher, classroom in zip((world.teacher, world.other_teacher), s.classes[:2], strict=True):
        run = exit_run(teacher, s.checkin, classroom)
        answer_all(run, s.question, classroom, right=11)
    p.reload()
    expect(main).to_contain_text("22 of 24 students")
    expect(main).to_contain_text("95% interval")
    expect(main).to_contain_text(re.compile(r"\+\d+ points"))
    p.get_by_label("What did the team conclude?").select_option(label="It worked")
    p.get_by_label("What we learned").fill("Fading helped most students add alone.")
    p.get_by_role("button", name="Finish the inquiry").click()
    expect(main).to_contain_text("It worked. Fading helped most students add alone.")
    p.goto("/teams/practices/?q=Fading")
    expect(p.locator("main")).to_contain_text("It worked (1)")


def test_an_observation_is_invited_recorded_and_shared(world, as_user, team_scene):
    host = as_user("teacher")
    host.goto("/teams/observations/")
    host.get_by_label("Colleague to invite").select_option(label=world.other_teacher.name)
    host.get_by_label("What I would like them to look at").fill("How I release in guided practice")
    host.get_by_label("Lesson date").fill(timezone.localdate().isoformat())
    host.get_by_label("Team (who may read the notes if you share them)").select_option(
        label="Grade 9 maths"
    )
    host.get_by_role("button", name="Send the invitation").click()
    url = host.url

    observer = as_user("other_teacher")
    observer.goto("/teams/observations/")
    observer.get_by_role("link", name=re.compile(f"{world.teacher.name}'s lesson")).click()
    observer.get_by_label("What I saw").fill("Three check questions before the task.")
    observer.get_by_label("What students did").fill("Pairs compared answers.")
    observer.get_by_label("A question I am left with").fill("How do you pick the cut-off?")
    observer.get_by_role("button", name="Save the notes").click()

    third = as_user("third_teacher")
    assert third.goto(url).status == 404  # private until shared

    host.goto(url)
    expect(host.locator("main")).to_contain_text("Pairs compared answers.")
    host.get_by_label("My reply").fill("About four in five right.")
    host.get_by_label("Let my team read these notes").check()
    host.get_by_role("button", name="Save").click()
    expect(host.locator("main")).to_contain_text("Your team (Grade 9 maths) can read")

    third.goto(url)
    expect(third.locator("main")).to_contain_text("About four in five right.")
    leader = as_user("leader")
    leader.goto(f"/teams/{team_scene.team.pk}/")
    expect(leader.locator("main")).to_contain_text("1 observation in this team")
    expect(leader.locator("main")).not_to_contain_text("Pairs compared answers.")


def test_a_leader_sets_a_focus_and_reads_the_matrix_and_monitoring(world, as_user, team_scene):
    p = as_user("leader")
    p.goto("/")
    p.get_by_role("link", name="Teacher teams").click()
    p.get_by_role("link", name="What works").click()
    p.get_by_label("Focus goal").fill("Release with evidence")
    p.get_by_role("button", name="Add the focus").click()
    expect(p.get_by_role("heading", name="School focus", exact=True)).to_be_visible()
    expect(p.locator("main")).to_contain_text("Release with evidence")
    expect(p.locator("main")).to_contain_text("Grade 9 maths: 0")  # observations, counts only
    p.get_by_role("link", name="School at a glance").click()
    table = p.get_by_role("table", name="Classes and the signs")
    expect(table).to_contain_text("Improvement is supported")
    expect(table).to_contain_text("fewer than 10 students")
    p.get_by_label("Teacher team").select_option(label="Grade 9 maths")
    p.get_by_role("button", name="Filter").click()
    expect(table).to_contain_text("Maths 0")
    p.get_by_label("Subject").fill("Biology")
    p.get_by_role("button", name="Filter").click()
    expect(table).to_contain_text("Biology")
    expect(table).not_to_contain_text("Maths 0")
    for s in students_of(team_scene.classes[0]):
        expect(p.locator("main")).not_to_contain_text(s.name)
    p.get_by_role("link", name="One-page summary for a staff meeting").click()
    expect(p.get_by_role("heading", level=1)).to_contain_text("teachers learning together")


def test_a_network_team_pools_a_common_checkin_across_two_schools(world, as_user):
    """Common assessment across the schools of a network: a teacher of the other school joins
    the network team with its code, runs the shared check-in in her class, and the team reads
    the results pooled with her class unnamed; the leader reads only a count of her."""
    network = actions.create_network(world.leader, name="District")
    actions.join_network(world.far_admin, code=network.join_code)
    team = actions.create_team(
        world.teacher, name="District maths", kind="network", member_ids=[world.other_teacher.pk]
    )
    checkin, (question,) = checkin_with(world.teacher, [single()], title="Adding", shared=True)
    ours = [
        class_with(world.teacher, students=12, school=world.school, course="Maths 9A"),
        class_with(world.other_teacher, students=11, school=world.school, course="Maths 9B"),
    ]
    for teacher, classroom in zip((world.teacher, world.other_teacher), ours, strict=True):
        answer_all(exit_run(teacher, checkin, classroom), question, classroom, right=6)
    far_class = class_with(world.far_teacher, students=5, school=world.far_school, course="Far 9")

    far = as_user("far_teacher")
    far.goto("/teams/")
    far.get_by_label("The team's code").fill("wrong-code")
    far.get_by_role("button", name="Join the team").click()
    expect(far.locator(".error-summary")).to_contain_text("No network team has that code")
    expect(far.get_by_label("The team's code")).to_have_value("wrong-code")
    far.get_by_label("The team's code").fill(team.join_code)
    far.get_by_role("button", name="Join the team").click()
    expect(far.get_by_role("heading", level=1)).to_have_text("District maths")
    expect(far.get_by_role("heading", name="Adding")).to_be_visible()
    _start_exit_ticket(far, checkin, far_class)
    run = Run.objects.get(checkin=checkin, classroom=far_class)
    answer_all(run, question, far_class, right=3)

    reader = as_user("other_teacher")
    reader.goto(f"/teams/{team.pk}/")
    reader.get_by_role("link", name="Pooled results").click()
    table = reader.get_by_role("table")
    expect(table).to_contain_text("Far Away, class 1")
    expect(table).to_contain_text("fewer than 10 students")
    expect(table).to_contain_text("54% right (15 of 28)")  # the team: 6 + 6 + 3 of 12 + 11 + 5
    expect(reader.locator("main")).not_to_contain_text(far_class.name)
    for s in students_of(far_class):
        expect(reader.locator("main")).not_to_contain_text(s.name)

    leader = as_user("leader")
    leader.goto(f"/teams/{team.pk}/")
    expect(leader.locator("main")).to_contain_text("1 teacher of another school in the network")
    expect(leader.locator("main")).not_to_contain_text(world.far_teacher.name)


def test_a_network_team_pools_a_common_rubric_across_two_schools(world, as_user):
    """A common rubric across the schools of a network: the other school's teacher copies the
    team's rubric into her class from the team page, scores her class with it, and the team
    reads each criterion's levels pooled, her class only as "Far Away, class 1" and its small
    figures hidden."""
    from tests.work.factories import assignment_for, hand_in, published_rubric, targets_for
    from trellis.work.actions import feedback as feedback_actions
    from trellis.work.actions import rubrics as rubric_actions

    def score_all(teacher, classroom, rubric, level):
        assignment = assignment_for(teacher, classroom, rubric)
        content = rubric.versions.order_by("-number").first().content
        for student in students_of(classroom):
            feedback_actions.score_revision(
                teacher,
                hand_in(student, assignment),
                levels={c["id"]: content["levels"][level]["id"] for c in content["criteria"]},
            )

    network = actions.create_network(world.leader, name="District")
    actions.join_network(world.far_admin, code=network.join_code)
    team = actions.create_team(
        world.teacher, name="District English", kind="network", member_ids=[world.other_teacher.pk]
    )
    actions.join_team(world.far_teacher, code=team.join_code)
    ours = class_with(world.teacher, students=12, school=world.school, course="English 9A")
    rubric = published_rubric(world.teacher, ours)
    actions.share_rubric(world.teacher, team, rubric.pk)
    score_all(world.teacher, ours, rubric, 1)
    far_class = class_with(world.far_teacher, students=5, school=world.far_school, course="Far 9")
    targets_for(world.far_teacher, far_class)  # the copy's criteria find their targets

    far = as_user("far_teacher")
    far.goto(f"/teams/{team.pk}/")
    rubrics = far.locator("#rubrics")
    expect(rubrics).to_contain_text("Persuasive writing")
    rubrics.get_by_label("Copy the rubric alone into").select_option(label=far_class.name)
    rubrics.get_by_role("button", name="Copy the rubric").click()
    expect(far.get_by_role("status")).to_contain_text("Copied into your class as a draft rubric")
    copy = far_class.rubrics.get()
    rubric_actions.publish_rubric(world.far_teacher, copy)
    score_all(world.far_teacher, far_class, copy, 2)

    reader = as_user("other_teacher")
    reader.goto(f"/teams/{team.pk}/")
    reader.locator("#rubrics").get_by_role("link", name="Pooled results").click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("Common rubric: Persuasive writing")
    table = reader.get_by_role("table").first
    expect(table).to_contain_text("English 9A")  # a class of the reader's own school, by name
    far_row = table.get_by_role("row").filter(has_text="Far Away, class 1")
    expect(far_row).to_contain_text("fewer than 10 students")  # 5 students: hidden
    expect(far_row.locator("td").last).to_have_class(re.compile("hidden-figure"))
    expect(reader.locator("main")).to_contain_text("Some figures are hidden")
    main = reader.locator("main")
    expect(main).not_to_contain_text(far_class.name)
    expect(main).not_to_contain_text(world.far_teacher.name)
    for s in students_of(far_class):
        expect(main).not_to_contain_text(s.name)
