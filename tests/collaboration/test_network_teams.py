"""Common assessments across the schools of a network (#18): a network team joined by a
teacher of another school with its code, a common check-in run in both schools' classes and
read pooled, a class of another school only as "<school>, class n", small figures hidden; a
leader of one school never sees the other school's people or classes."""

import pytest

from tests.checkins.factories import checkin_with, exit_run, single, students_of
from tests.collaboration.scenes import answer_all
from tests.factories import LeaderFactory, TeacherFactory, class_with
from trellis.collaboration import actions, queries
from trellis.common.errors import NotFound, UserError
from trellis.common.small_numbers import HIDDEN

pytestmark = pytest.mark.django_db


@pytest.fixture
def net(world):
    """Maple Grove and Far Away in one network; a network team of teacher and other_teacher
    that far_teacher joined with its code; a shared check-in run in two classes of each
    school (Far Away's second class has 4 students)."""
    w = world
    w.network = actions.create_network(w.leader, name="District")
    actions.join_network(w.far_admin, code=w.network.join_code)
    w.team = actions.create_team(
        w.teacher, name="District maths", kind="network", member_ids=[w.other_teacher.pk]
    )
    assert w.team.join_code
    joined = actions.join_team(w.far_teacher, code=w.team.join_code.lower())
    assert joined == w.team
    w.checkin, (w.question,) = checkin_with(w.teacher, [single()], title="Adding", shared=True)
    w.classes = [
        class_with(w.teacher, students=12, school=w.school, course="Maths 9A"),
        class_with(w.other_teacher, students=12, school=w.school, course="Maths 9B"),
        class_with(w.far_teacher, students=14, school=w.far_school, course="Far Maths 1"),
        class_with(w.far_teacher, students=4, school=w.far_school, course="Far Maths 2"),
    ]
    for teacher, c in zip(
        (w.teacher, w.other_teacher, w.far_teacher, w.far_teacher), w.classes, strict=True
    ):
        answer_all(exit_run(teacher, w.checkin, c), w.question, c, right=len(students_of(c)) // 2)
    return w


def test_a_teacher_of_a_network_school_joins_with_the_code_and_runs_the_common_checkin(net):
    assert net.team in queries.teams_of(net.far_teacher)
    # The far teacher ran the shared check-in as it is in their own classes (the fixture did).
    r = queries.pooled_results(net.team, net.checkin, net.far_teacher)
    assert len(r.classes) == 4


def test_pooled_results_across_schools_name_no_class_of_the_other_school(client, net):
    client.force_login(net.teacher)
    page = client.get(f"/teams/{net.team.pk}/pooled/{net.checkin.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    r = page.context["r"]
    labels = [c.name for c in r.classes]
    assert "Maths 9A" in " ".join(labels)
    assert "Far Away, class 1" in labels and "Far Away, class 2" in labels
    for c in net.classes[2:]:
        assert c.name not in body
        for s in students_of(c):
            assert s.last_name not in body
    assert net.far_teacher.last_name not in body
    # The small class (4) and a second one are hidden; the team (42 students) is shown.
    hidden = [c for c in r.classes if c.hidden]
    assert len(hidden) >= 2 and not r.total_hidden
    assert str(r.team_students) == "42" and HIDDEN in body
    # The other school's teacher reads Maple Grove's classes the same way.
    client.force_login(net.far_teacher)
    far = client.get(f"/teams/{net.team.pk}/pooled/{net.checkin.pk}/").context["r"]
    far_labels = [c.name for c in far.classes]
    assert "Maple Grove, class 1" in far_labels and "Maple Grove, class 2" in far_labels
    assert not any("Maths 9" in label for label in far_labels)


def test_a_leader_reads_only_their_schools_names_and_never_the_pooled_classes(client, net):
    client.force_login(net.leader)
    body = client.get(f"/teams/{net.team.pk}/").content.decode()
    assert net.teacher.name in body and net.far_teacher.name not in body
    assert "nd 1 teacher of another school in the network" in body
    assert client.get(f"/teams/{net.team.pk}/pooled/{net.checkin.pk}/").status_code == 404
    index = client.get("/teams/").content.decode()
    assert "District maths" in index and net.far_teacher.name not in index
    # The other school's leader (and admin) see nothing of a team that is not their school's.
    far_leader = LeaderFactory(school=net.far_school)
    for who in (far_leader, net.far_admin):
        client.force_login(who)
        assert client.get(f"/teams/{net.team.pk}/").status_code == 404
        assert "District maths" not in client.get("/teams/").content.decode()


def test_the_facilitator_of_another_school_is_not_named_to_a_leader(client, net):
    actions.rotate_facilitator(net.teacher, net.team)
    actions.rotate_facilitator(net.teacher, net.team)  # teacher → other_teacher → far_teacher
    net.team.refresh_from_db()
    assert net.team.facilitator == net.far_teacher
    client.force_login(net.leader)
    body = client.get(f"/teams/{net.team.pk}/").content.decode()
    assert "a teacher of another school" in body and net.far_teacher.name not in body
    client.force_login(net.other_teacher)  # a member reads every member's name
    assert net.far_teacher.name in client.get(f"/teams/{net.team.pk}/").content.decode()


def test_leaving_the_network_takes_the_schools_classes_out_of_the_team(client, net):
    actions.leave_network(net.far_admin, net.network)
    assert net.team not in queries.teams_of(net.far_teacher)
    r = queries.pooled_results(net.team, net.checkin, net.teacher)
    assert not any(c.name.startswith("Far Away") for c in r.classes)
    client.force_login(net.far_teacher)
    assert client.get(f"/teams/{net.team.pk}/").status_code == 404


def test_a_wrong_code_or_a_school_outside_the_networks_is_refused_with_the_code_kept(client, net):
    outsider = TeacherFactory(school=LeaderFactory().school)
    with pytest.raises(UserError, match="No network team has that code"):
        actions.join_team(outsider, code=net.team.join_code)
    with pytest.raises(UserError, match="already in District maths"):
        actions.join_team(net.far_teacher, code=net.team.join_code)
    grade = actions.create_team(net.teacher, name="Grade 9", kind="grade")
    assert grade.join_code == ""  # only network teams take codes
    with pytest.raises(UserError, match="Only teachers"):
        actions.join_team(net.leader, code=net.team.join_code)
    client.force_login(outsider)
    answer = client.post("/teams/join/", {"code": "NOPE-123"})
    assert answer.status_code == 400
    body = answer.content.decode()
    assert "No network team has that code" in body and 'value="NOPE-123"' in body
    empty = client.post("/teams/join/", {"code": ""})
    assert empty.status_code == 400 and "error-summary" in empty.content.decode()
    client.force_login(net.leader)
    assert client.post("/teams/join/", {"code": net.team.join_code}).status_code == 404


def test_joining_through_the_page_opens_the_team(client, net):
    newcomer = TeacherFactory(school=net.far_school)
    client.force_login(newcomer)
    assert "Join a network team" in client.get("/teams/").content.decode()
    answer = client.post("/teams/join/", {"code": net.team.join_code})
    assert answer.status_code == 302 and answer.url == f"/teams/{net.team.pk}/"
    page = client.get(answer.url).content.decode()
    assert "District maths" in page and "Adding" in page  # the shared check-in is there


def test_another_schools_shared_checkin_is_visible_only_to_teammates(net):
    from trellis.checkins.permissions import checkins_visible_to

    assert checkins_visible_to(net.far_teacher).filter(pk=net.checkin.pk).exists()
    stranger = TeacherFactory(school=net.far_school)
    assert not checkins_visible_to(stranger).filter(pk=net.checkin.pk).exists()
    with pytest.raises(NotFound):
        actions.copy_checkin(stranger, net.checkin.pk)


def test_a_member_copies_a_teammates_checkin_of_another_school_into_their_own_bank(client, net):
    """far_teacher (Far Away) copies teacher's (Maple Grove) shared check-in: the copy, and its
    question, are far_teacher's and Far Away's; editing them leaves the original as it was."""
    from trellis.checkins import actions as checkin_actions
    from trellis.checkins.models import CheckIn
    from trellis.checkins.permissions import checkins_visible_to

    client.force_login(net.far_teacher)
    answer = client.post(f"/teams/{net.team.pk}/copy/checkin/{net.checkin.pk}/")
    assert answer.status_code == 302 and answer.url == f"/teams/{net.team.pk}/"
    copy = CheckIn.objects.get(copied_from=net.checkin)
    assert copy.owner == net.far_teacher and copy.school_id == net.far_school.pk
    assert copy.title == "Adding (copy)" and not copy.is_shared
    (item,) = copy.items.select_related("question")
    assert item.question.owner == net.far_teacher and item.question.copied_from == net.question
    assert item.question.pk != net.question.pk
    # Theirs to edit, and only theirs: the author does not see it (not shared).
    assert not checkins_visible_to(net.teacher).filter(pk=copy.pk).exists()
    checkin_actions.update_checkin(net.far_teacher, copy, title="Adding, our way", is_shared=False)
    checkin_actions.edit_question(net.far_teacher, item.question, single(prompt="What is 4 + 4?"))
    net.checkin.refresh_from_db()
    net.question.refresh_from_db()
    assert net.checkin.title == "Adding" and net.checkin.owner == net.teacher
    assert net.question.current_number == 1 and net.question.owner == net.teacher
    assert net.question.versions.get().prompt == "What is 2 + 3?"
    assert [i.question_id for i in net.checkin.items.all()] == [net.question.pk]
    # The original's author cannot edit the copy either.
    with pytest.raises(NotFound):
        checkin_actions.edit_question(net.teacher, item.question, single(prompt="Mine?"))


def test_only_a_teammate_teacher_copies_another_schools_checkin(client, net):
    from trellis.checkins.models import CheckIn

    url = f"/teams/{net.team.pk}/copy/checkin/{net.checkin.pk}/"
    stranger = TeacherFactory(school=net.far_school)  # same school as a member, not in the team
    far_leader = LeaderFactory(school=net.far_school)
    for who in (stranger, net.leader, far_leader, net.far_admin):
        client.force_login(who)
        assert client.post(url).status_code == 404
    for who in (stranger, net.leader):  # a leader reads the team, never copies its work
        with pytest.raises(NotFound):
            actions.copy_checkin(who, net.checkin.pk)
    # A member cannot copy a teammate's check-in that is not shared.
    private, _ = checkin_with(net.teacher, [single()], title="Mine only")
    client.force_login(net.far_teacher)
    response = client.post(f"/teams/{net.team.pk}/copy/checkin/{private.pk}/")
    assert response.status_code == 404
    assert not CheckIn.objects.filter(copied_from__isnull=False).exists()


def test_a_common_rubric_pools_across_the_schools_with_the_other_school_unnamed(client, net):
    from tests.work.factories import assignment_for, hand_in, published_rubric, targets_for
    from trellis.work.actions import feedback as feedback_actions
    from trellis.work.actions import rubrics as rubric_actions

    rubric = published_rubric(net.teacher, net.classes[0])
    shared = actions.share_rubric(net.teacher, net.team, rubric.pk)
    far_class = net.classes[2]
    targets_for(net.far_teacher, far_class)
    copy = actions.copy_team_rubric(net.far_teacher, net.team, shared.pk, far_class.pk)
    rubric_actions.publish_rubric(net.far_teacher, copy)
    assignment = assignment_for(net.far_teacher, far_class, copy)
    content = copy.versions.get().content
    for student in students_of(far_class):
        feedback_actions.score_revision(
            net.far_teacher,
            hand_in(student, assignment),
            levels={c["id"]: content["levels"][1]["id"] for c in content["criteria"]},
        )
    client.force_login(net.other_teacher)
    page = client.get(f"/teams/{net.team.pk}/rubrics/{shared.pk}/")
    assert page.status_code == 200
    labels = [row.label for c in page.context["r"].criteria for row in c.distribution.rows]
    assert "Far Away, class 1" in labels
    body = page.content.decode()
    assert far_class.name not in body
    assert not any(s.last_name in body for s in students_of(far_class))


def test_the_api_names_no_class_of_the_other_school_either(client, net):
    from django.urls import reverse

    client.force_login(net.teacher)
    url = reverse("api-v1:collaboration_pooled", args=[net.team.pk, net.checkin.pk])
    data = client.get(url).json()
    names = [c["name"] for c in data["classes"]]
    assert "Far Away, class 1" in names and "Far Away, class 2" in names
    text = str(data)
    assert all(c.name not in text for c in net.classes[2:])


def test_a_leader_removes_their_schools_teachers_only_never_another_schools(net):
    """The leader sees the other school's member only as a count: a guessed id does nothing."""
    with pytest.raises(NotFound):
        actions.remove_member(net.leader, net.team, net.far_teacher.pk)
    assert net.team.members.filter(teacher=net.far_teacher).exists()
    actions.remove_member(net.leader, net.team, net.other_teacher.pk)
    assert not net.team.members.filter(teacher=net.other_teacher).exists()
    # A member of the team may still take a colleague of another school off it.
    actions.remove_member(net.teacher, net.team, net.far_teacher.pk)
    assert not net.team.members.filter(teacher=net.far_teacher).exists()
