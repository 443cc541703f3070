import pytest

from tests.budgets import assert_budget
from tests.factories import StudentFactory, class_with
from trellis.rosters import actions
from trellis.rosters.models import Classroom

pytestmark = pytest.mark.django_db


def test_create_class_with_missing_course_keeps_what_was_typed(client, world):
    client.force_login(world.teacher)
    response = client.post(
        "/classes/new/", {"course": "", "section": "B", "term": "Fall", "grade_levels": "9"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "This field is required" in html
    assert 'value="Fall"' in html and 'value="B"' in html
    assert 'href="#id_course"' in html  # the summary links to the field
    assert not Classroom.objects.filter(term="Fall").exists()


def test_create_class_then_land_on_it(client, world):
    client.force_login(world.teacher)
    response = client.post("/classes/new/", {"course": "Poetry", "section": "", "term": ""})
    classroom = Classroom.objects.get(course="Poetry")
    assert response.status_code == 302
    assert response["Location"] == f"/classes/{classroom.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert classroom.join_code in page


def test_join_errors_keep_the_code_and_name_the_field(client, world):
    client.force_login(world.other_student)
    response = client.post("/classes/join/", {"code": "abc-999"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "No class has the code" in html and 'value="abc-999"' in html
    response = client.post("/classes/join/", {"code": world.klass.join_code})
    assert response.status_code == 302
    response = client.post("/classes/join/", {"code": world.klass.join_code})
    assert response.status_code == 400
    assert "already in" in response.content.decode()


def test_move_leaving_a_team_of_one_shows_a_message_and_changes_nothing(client, world):
    for _ in range(4):
        actions.enroll(world.klass, StudentFactory(school=world.school), "student")
    actions.form_teams(world.teacher, world.klass, seed=0)  # 8 students: 4 + 4
    t1, t2 = list(world.klass.teams.all())
    members = list(t1.memberships.values_list("student_id", flat=True))
    client.force_login(world.teacher)
    for sid in members[:2]:
        client.post(f"/classes/{world.klass.pk}/teams/move/", {"student": sid, "team": t2.pk})
    response = client.post(
        f"/classes/{world.klass.pk}/teams/move/",
        {"student": members[2], "team": t2.pk},
        follow=True,
    )
    html = response.content.decode()
    assert "would leave Team 1 with only" in html
    assert t1.memberships.count() == 2


def test_class_page_for_student_shows_team_but_not_roster(client, world):
    actions.form_teams(world.teacher, world.klass, seed=0)
    client.force_login(world.student)
    html = client.get(f"/classes/{world.klass.pk}/").content.decode()
    assert "My team" in html
    assert world.klass.join_code not in html
    assert "Username" not in html


def test_roster_and_teams_pages_have_a_fixed_query_budget(client, world):
    small = class_with(world.teacher, students=5, school=world.school)
    large = class_with(world.teacher, students=40, school=world.school)
    for c in (small, large):
        actions.form_teams(world.teacher, c, seed=0)
        actions.add_avoid_pair(
            world.teacher,
            c,
            *list(c.enrollments.filter(role="student").values_list("user_id", flat=True)[:2]),
        )
    client.force_login(world.teacher)
    client.get("/")
    for c in (small, large):
        assert_budget(client, "rosters:detail", 10, c.pk)  # +1: the lesson running now
        assert_budget(client, "rosters:teams", 7, c.pk)


def test_home_pages_have_a_fixed_query_budget(client, world):
    client.force_login(world.teacher)
    client.get("/")
    assert_budget(client, "home", 3)
    for _ in range(5):
        class_with(world.teacher, students=3, school=world.school)
    assert_budget(client, "home", 3)
    assert_budget(client, "rosters:create", 2)
    assert_budget(client, "accounts:tokens", 3)
    client.force_login(world.leader)
    client.get("/")
    # session, user; the page of classes, their count, teacher choices (the school summary
    # comes from the shared cache after the first view: tests/rosters/test_class_lists.py)
    assert_budget(client, "home", 5)
    class_with(world.teacher, students=3, school=world.school)
    assert_budget(client, "home", 5)
    client.force_login(world.student)
    client.get("/")
    assert_budget(client, "home", 3)
    assert_budget(client, "rosters:join", 2)
    client.logout()
    assert_budget(client, "login", 1)  # the sign-in providers offered (single sign-on)


def test_people_and_class_api_have_fixed_budgets(client, world):
    from trellis.rosters import actions as roster_actions

    client.force_login(world.admin)
    client.get("/")
    for n in (5, 40):
        c = class_with(world.teacher, students=n, school=world.school)
        roster_actions.form_teams(world.teacher, c, seed=0)
        assert_budget(client, "api-v1:me", 2)
        assert_budget(client, "api-v1:list_tokens", 3)
        assert_budget(client, "api-v1:list_schools", 3)
        assert_budget(client, "api-v1:get_school", 3, world.school.pk)
        assert_budget(client, "api-v1:list_classes", 4)  # the page and its total
        assert_budget(client, "api-v1:get_class", 4, c.pk)
        assert_budget(client, "api-v1:list_enrollments", 4, c.pk)
        assert_budget(client, "api-v1:list_teams", 8, c.pk)
