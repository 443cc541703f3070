"""Leaders' and admins' class lists (homes, culture page, API): paginated, filterable by grade,
subject and teacher, a school summary on top, and query budgets that do not grow with classes."""

import pytest
from django.urls import reverse

from tests.factories import StudentFactory, TeacherFactory, class_with
from trellis.rosters import actions
from trellis.rosters.models import EnrollmentRole, Team

pytestmark = pytest.mark.django_db


def _school(world, n):
    teachers = [TeacherFactory(school=world.school) for _ in range(2)]
    for i in range(n):
        c = class_with(
            teachers[i % 2],
            school=world.school,
            course="Chemistry" if i % 3 == 0 else "History",
            grade_levels="09,10" if i % 2 == 0 else "11",
        )
        actions.enroll(c, StudentFactory(school=world.school), EnrollmentRole.STUDENT)
    return teachers


def _budget(client, world, who, url, count_queries, sizes=(1, 28)):
    counts = []
    made = 0
    for n in sizes:
        _school(world, n - made)
        made = n
        client.force_login(who)
        client.get(url)  # session warm-up
        from django.core.cache import cache

        cache.clear()
        counts.append(count_queries(lambda: client.get(url)))
    return counts


@pytest.mark.parametrize("role", ["leader", "admin"])
def test_home_list_budget_is_flat(client, world, count_queries, role):
    counts = _budget(client, world, getattr(world, role), reverse("home"), count_queries)
    assert counts[0] == counts[1], counts
    # session, user; page rows, their count, school summary, teacher choices; an admin's home
    # also shows the last roster import
    assert counts[1] == {"leader": 6, "admin": 7}[role], counts
    # The school summary (distinct people over every enrollment) then comes from the shared
    # cache for a minute: one query fewer.
    assert count_queries(lambda: client.get(reverse("home"))) == counts[1] - 1


def test_class_counts_are_per_class_not_a_join(client, world):
    """Students and teams are counted per class (correlated counts): a class with 3 students
    and 2 teams shows 3 and 2, not 6 (what a join of both would count)."""
    teacher = TeacherFactory(school=world.school)
    c = class_with(teacher, school=world.school, course="Physics")
    for _ in range(12):
        actions.enroll(c, StudentFactory(school=world.school), EnrollmentRole.STUDENT)
    for name in ("Ants", "Bees"):
        Team.objects.create(classroom=c, name=name)
    client.force_login(world.admin)
    row = next(x for x in client.get(reverse("home")).context["listing"].classes if x.pk == c.pk)
    assert (row.student_count, row.team_count) == (12, 2)


def test_leader_home_filters_pages_and_summarises(client, world):
    teachers = _school(world, 28)
    client.force_login(world.leader)
    page = client.get(reverse("home")).content.decode()
    assert "active classes" in page and "Page 1 of 2" in page
    assert "Classes 1–25 of 30" in page  # 28 + the world's two classes
    chem = client.get(reverse("home"), {"subject": "chem"}).content.decode()
    assert "of 10 matching the filter" in chem and "History" not in chem.split("</form>")[1]
    grade = client.get(reverse("home"), {"grade": "9"}).content.decode()
    assert "of 14 matching the filter" in grade
    mine = client.get(reverse("home"), {"teacher": teachers[0].pk}).content.decode()
    assert "of 14 matching the filter" in mine
    second = client.get(reverse("home"), {"page": 2}).content.decode()
    assert "Classes 26–30 of 30" in second
    none = client.get(reverse("home"), {"subject": "Latin"}).content.decode()
    assert "No class matches the filter: change or clear it." in none


def test_api_class_list_is_paginated_and_flat(client, world, count_queries):
    counts = _budget(client, world, world.admin, "/api/v1/classes?per_page=10", count_queries)
    assert counts[0] == counts[1], counts
    response = client.get("/api/v1/classes", {"per_page": 10, "subject": "History"})
    assert response["X-Total-Count"] == "18"
    assert len(response.json()) == 10
    assert 'rel="next"' in response["Link"] and "page=2" in response["Link"]
    last = client.get("/api/v1/classes", {"per_page": 10, "subject": "History", "page": 2})
    assert len(last.json()) == 8 and "Link" not in last


def test_culture_page_is_paginated_flat_and_cached_per_school(client, world, count_queries):
    url = reverse("charter:culture")
    counts = _budget(client, world, world.leader, url, count_queries)
    assert counts[0] == counts[1], counts
    cached = count_queries(lambda: client.get(url))
    assert cached == 2  # session and user: the list comes from the shared cache
    page = client.get(url).content.decode()
    assert "Page 1 of 2" in page and page.count('class="card culture-class"') == 25
    # Another leader of the school gets the same cached page; a teacher only their classes.
    client.force_login(world.admin)
    assert count_queries(lambda: client.get(url)) == 2
    client.force_login(world.teacher)
    mine = client.get(url).content.decode()
    assert mine.count('class="card culture-class"') == 1 and "The school" not in mine
