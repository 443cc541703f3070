"""A common task's phases and a common rubric's levels pooled across a team (two-way tables,
small numbers hidden), copying the rubric alone, networks of schools (aggregates only), and
inquiry measures beyond check-ins."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.checkins.factories import students_of
from tests.factories import LeaderFactory, SchoolFactory, TeacherFactory, class_with
from tests.permissions import ACTORS, codes, request_as
from tests.work.factories import assignment_for, hand_in, published_rubric, targets_for
from trellis.collaboration import actions, queries
from trellis.common.small_numbers import HIDDEN
from trellis.curriculum import actions as curriculum_actions
from trellis.progression import actions as progression_actions
from trellis.work.actions import feedback as feedback_actions
from trellis.work.models import Rubric

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(world, team_scene):
    """The team's classes have 12, 12 and 4 students. The teacher shares a task (copied and
    started in all three classes) and a rubric (copied to the second class)."""
    s = team_scene
    teachers = [world.teacher, world.other_teacher, s.third]
    s.task = curriculum_actions.create_task(
        world.teacher,
        s.classes[0],
        title="Ratios",
        steps=["Set up", "Solve"],
        shared_with_team=True,
    )
    s.tasks = [s.task]
    for t, c in zip(teachers[1:], s.classes[1:], strict=True):
        s.tasks.append(actions.copy_task(t, s.task.pk, c.pk))
    for t, task in zip(teachers, s.tasks, strict=True):
        progression_actions.start_task(t, task)
    # Class 0: all 12 to co-construction; class 1: 11 of 12; class 2 (4 students): none.
    progression_actions.move_students(
        world.teacher, s.tasks[0], [x.pk for x in students_of(s.classes[0])], "advance"
    )
    progression_actions.move_students(
        world.other_teacher, s.tasks[1], [x.pk for x in students_of(s.classes[1])][:11], "advance"
    )
    s.rubric = published_rubric(world.teacher, s.classes[0])
    s.team_rubric = actions.share_rubric(world.teacher, s.team, s.rubric.pk)
    return s


def test_phases_are_pooled_with_a_small_class_and_its_complements_hidden(world, shared):
    r = queries.pooled_phases(shared.team, shared.task)
    d = r.distribution
    assert r.n_classes == 3
    assert d.columns == [
        "Modeling",
        "Co-construction",
        "Guided practice",
        "Independent practice or complete",
    ]
    rows = {row.label: row for row in d.rows}
    small = rows[shared.classes[2].name]
    assert small.total.hidden and all(f.hidden for f in small.cells)  # 4 students
    # Class 0 is all in co-construction: showing "12" beside a total of 12 would tell each
    # student's phase, so the row's figures hide; the team total (28 students) stays.
    assert all(f.hidden for f in rows[shared.classes[0].name].cells)
    assert d.pooled.total.value == 28
    shown = [f for row in [*d.rows, d.pooled] for f in [*row.cells, row.total] if not f.hidden]
    assert all(f.value >= 10 for f in shown)


def test_a_big_class_shows_its_phases_and_hides_only_what_would_leak(world, shared):
    big = class_with(world.teacher, students=22, school=world.school, course="Maths big")
    copy = actions.copy_task(world.teacher, shared.task.pk, big.pk)
    progression_actions.start_task(world.teacher, copy)
    pupils = students_of(big)
    progression_actions.move_students(world.teacher, copy, [x.pk for x in pupils[:11]], "advance")
    d = queries.pooled_phases(shared.team, shared.task).distribution
    row = next(r for r in d.rows if r.label == big.name)
    assert row.total.value == 22
    # 11 and 11 (and two empty phases): one 11 shows, the other hides with the empties.
    assert sorted(f.value for f in row.cells if not f.hidden) == [11]


def test_phase_page_names_no_student_and_says_why_figures_are_hidden(client, world, shared):
    client.force_login(world.other_teacher)
    body = client.get(f"/teams/{shared.team.pk}/tasks/{shared.task.pk}/phases/").content.decode()
    assert "Phases across the team: Ratios" in body and HIDDEN in body
    for student in students_of(shared.classes[0]):
        assert student.last_name not in body


def test_a_task_not_shared_with_the_team_is_404(client, world, shared):
    private = curriculum_actions.create_task(world.teacher, shared.classes[0], title="Mine")
    client.force_login(world.other_teacher)
    assert client.get(f"/teams/{shared.team.pk}/tasks/{private.pk}/phases/").status_code == 404


def test_a_common_rubric_pools_levels_and_copies_alone(client, world, shared):
    s = shared
    targets_for(world.other_teacher, s.classes[1])
    tasks_before = s.classes[1].tasks.count()
    copy = actions.copy_team_rubric(world.other_teacher, s.team, s.team_rubric.pk, s.classes[1].pk)
    assert copy.classroom_id == s.classes[1].pk and copy.copied_from.rubric_id == s.rubric.pk
    assert s.classes[1].tasks.count() == tasks_before  # the rubric alone: no task came with it
    from trellis.work.actions import rubrics as rubric_actions

    rubric_actions.publish_rubric(world.other_teacher, copy)
    assignment = assignment_for(world.other_teacher, s.classes[1], copy)
    content = copy.versions.get().content
    for student in students_of(s.classes[1]):
        revision = hand_in(student, assignment)
        feedback_actions.score_revision(
            world.other_teacher,
            revision,
            levels={c["id"]: content["levels"][1]["id"] for c in content["criteria"]},
        )
    r = queries.pooled_rubric(s.team, s.team_rubric)
    assert r.n_classes == 2 and len(r.criteria) == 2
    first = r.criteria[0].distribution
    rows = {row.label: row for row in first.rows}
    level = r.levels[1]
    # The raw counts (work's read): 12 students at the second level in the copy's class.
    from trellis.work import queries as work_queries

    raw = work_queries.pooled_rubric_counts(s.rubric, [c.pk for c in s.classes])
    assert raw.classes[s.classes[1].pk]["Claim and evidence"][level] == 12
    assert sum(raw.classes[s.classes[0].pk]["Claim and evidence"].values()) == 0
    # Shown: nothing, since 12 of 12 at one level tells each student's level, and the team's
    # 12 minus the class's 12 would tell the other class's 0.
    assert rows[s.classes[1].name].total.hidden and rows[s.classes[0].name].total.hidden
    assert all(f.hidden for f in rows[s.classes[1].name].cells)
    client.force_login(s.third)
    body = client.get(f"/teams/{s.team.pk}/rubrics/{s.team_rubric.pk}/").content.decode()
    assert level in body and "Claim and evidence" in body and HIDDEN in body


def test_sharing_a_rubric_that_is_not_yours_says_what_to_do(client, world, shared):
    far = published_rubric(world.far_teacher, world.far_class)
    client.force_login(world.other_teacher)
    url = f"/teams/{shared.team.pk}/rubrics/"
    response = client.post(url, {"rubric": far.pk}, follow=True)
    assert "Choose one of your published rubrics" in response.content.decode()
    assert not shared.team.rubrics.filter(rubric=far).exists()


def test_copying_a_rubric_into_a_class_you_do_not_teach_is_refused(client, world, shared):
    client.force_login(world.other_teacher)
    before = Rubric.objects.count()
    url = f"/teams/{shared.team.pk}/rubrics/{shared.team_rubric.pk}/copy/"
    response = client.post(url, {"classroom": shared.classes[0].pk}, follow=True)
    assert "Choose one of the classes you teach." in response.content.decode()
    assert Rubric.objects.count() == before


def _pages(s):
    t = s.team.pk
    members = {"teacher", "other_teacher"}
    return {
        f"/teams/{t}/tasks/{s.task.pk}/phases/": codes(
            anonymous=302, rest=404, **dict.fromkeys(members, 200)
        ),
        f"/teams/{t}/rubrics/{s.team_rubric.pk}/": codes(
            anonymous=302, rest=404, **dict.fromkeys(members, 200)
        ),
        f"/teams/networks/{s.network.pk}/": codes(
            anonymous=302, rest=404, teacher=200, other_teacher=200, leader=200, admin=200
        ),
        "/teams/networks/": codes(
            anonymous=302,
            rest=404,
            **dict.fromkeys(
                ["teacher", "other_teacher", "leader", "admin", "far_teacher", "far_admin"], 200
            ),
        ),
    }


def test_every_new_page_for_every_actor(client, world, shared):
    shared.network = actions.create_network(world.leader, name="District")
    for url, expected in _pages(shared).items():
        for actor in ACTORS:
            client.logout()
            got = request_as(client, world, actor, "get", url).status_code
            assert got == expected[actor], f"{actor} GET {url}: {got}, expected {expected[actor]}"


def test_outsiders_cannot_post_to_the_new_endpoints(client, world, shared):
    network = actions.create_network(world.leader, name="District")
    t = shared.team.pk
    posts = {
        f"/teams/{t}/rubrics/": {"rubric": shared.rubric.pk},
        f"/teams/{t}/rubrics/{shared.team_rubric.pk}/copy/": {"classroom": shared.classes[0].pk},
        f"/teams/networks/{network.pk}/leave/": {},
    }
    for url, data in posts.items():
        client.logout()
        assert client.post(url, data).status_code == 302  # to sign in
        for actor in ["student", "other_student", "far_teacher", "far_admin"]:
            got = request_as(client, world, actor, "post", url, data=data).status_code
            assert got == 404, f"{actor} POST {url}: {got}"
    assert network.schools.count() == 1


def test_a_network_joined_by_code_shares_practices_as_aggregates_only(client, world):
    network = actions.create_network(world.leader, name="District maths")
    secret_name = world.teacher.last_name
    actions.create_practice(world.teacher, title="Think aloud", description="Model the steps.")
    client.force_login(world.far_admin)
    # A wrong code says what was wrong and keeps what was typed.
    response = client.post("/teams/networks/join/", {"code": "WRONG-CODE"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "No network has the code WRONGCODE" in body and 'value="WRONG-CODE"' in body
    assert client.get(f"/teams/networks/{network.pk}/").status_code == 404
    response = client.post("/teams/networks/join/", {"code": network.join_code.lower()})
    assert response.status_code == 302
    body = client.get(f"/teams/networks/{network.pk}/").content.decode()
    assert "Think aloud" in body and world.school.name in body
    assert secret_name not in body and world.klass.name not in body
    # A teacher of the far school adopts the practice into its own library, credited.
    client.force_login(world.far_teacher)
    practice = network_practice = queries.network_page(world.far_teacher, network).practices[0]
    client.post(f"/teams/networks/{network.pk}/practices/{practice.practice.pk}/adopt/")
    adopted = queries.practice_library(world.far_teacher)
    assert [r.practice.title for r in adopted] == ["Think aloud"]
    assert world.school.name in adopted[0].practice.description
    assert network_practice.is_mine is False
    # Teachers do not join or leave networks; the far school's leader leaves.
    response = client.post(f"/teams/networks/{network.pk}/leave/", follow=True)
    assert "Only a school leader" in response.content.decode()
    client.force_login(world.far_admin)
    client.post(f"/teams/networks/{network.pk}/leave/")
    assert client.get(f"/teams/networks/{network.pk}/").status_code == 404


def test_inquiry_measures_beyond_check_ins(world, team_scene):
    s = team_scene
    today = timezone.localdate()
    task = curriculum_actions.create_task(world.teacher, s.classes[0], title="T", steps=["a"])
    progression_actions.start_task(world.teacher, task)
    students = students_of(s.classes[0])
    progression_actions.move_students(world.teacher, task, [x.pk for x in students], "advance")
    progression_actions.move_students(world.teacher, task, [x.pk for x in students], "advance")
    progression_actions.move_students(world.teacher, task, [x.pk for x in students[:6]], "advance")
    inquiry = actions.open_inquiry(
        world.teacher,
        s.team,
        question="Do they get released?",
        starts_on=today,
        ends_on=today + timedelta(days=6),
        measure_kind="phases",
        action="Try it",
    )
    page = queries.inquiry_page(world.teacher, inquiry)
    assert (page.after.met, page.after.students) == (6, 12)
    assert page.before.students == 0 and "no baseline" in page.baseline_note.lower()
    assert page.change.too_few and page.change.describe() == "too few students to tell"
    revisions = actions.open_inquiry(
        world.teacher,
        s.team,
        question="More revising?",
        starts_on=today,
        ends_on=today,
        measure_kind="revisions",
        action="Try it",
    )
    page = queries.inquiry_page(world.teacher, revisions)
    assert page.after.students == 0 and str(page.after) == "nothing to count yet"
    done = actions.finish_inquiry(world.teacher, inquiry, outcome="unclear", conclusion="Wait.")
    assert done.result == {"kind": "phases", "before": [0, 0], "after": [6, 12]}
    with pytest.raises(Exception, match="Choose what to measure"):
        actions.open_inquiry(
            world.teacher,
            s.team,
            question="Q",
            starts_on=today,
            ends_on=today,
            measure_kind="vibes",
            action="x",
        )


def test_a_teacher_of_another_school_never_sees_a_network_it_did_not_join(world):
    school = SchoolFactory()
    LeaderFactory(school=school)
    outsider = TeacherFactory(school=school)
    network = actions.create_network(world.leader, name="D")
    assert queries.networks_page(outsider) == []
    class_with(outsider, students=2, school=school)
    with pytest.raises(Exception, match="No such network"):
        queries.get_network_for(outsider, network.pk)
