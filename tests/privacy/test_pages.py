"""The admin's privacy page: who may see it, its query budget, erase with typed confirmation,
the retention setting."""

import pytest
from django.urls import reverse

from tests.factories import StudentFactory
from trellis.accounts.models import User
from trellis.privacy.models import RetentionPolicy

pytestmark = pytest.mark.django_db


def test_only_a_school_admin_sees_the_privacy_page(world, client):
    for who, code in (
        (world.admin, 200),
        (world.teacher, 404),
        (world.leader, 404),
        (world.student, 404),
    ):
        client.force_login(who)
        assert client.get(reverse("privacy:admin")).status_code == code
    client.force_login(world.admin)
    body = client.get(reverse("privacy:admin") + "?q=student").content.decode()
    assert "other_student" in body and "far_" not in body


def test_erase_pages_are_for_the_admin_of_the_persons_school(world, client):
    url = reverse("privacy:erase", args=[world.student.pk])
    for who in (world.teacher, world.leader, world.student, world.far_admin):
        client.force_login(who)
        assert client.get(url).status_code == 404
        assert client.post(url, {"confirm": "student"}).status_code == 404
    assert User.objects.filter(pk=world.student.pk).exists()


def test_erase_with_typed_confirmation(world, client):
    client.force_login(world.admin)
    url = reverse("privacy:erase", args=[world.student.pk])
    r = client.post(url, {"confirm": "Student "})
    assert r.status_code == 400
    body = r.content.decode()
    assert "Type the username “student” exactly to confirm; nothing was erased." in body
    assert 'value="Student "' in body  # what was typed is kept
    r = client.post(url, {"confirm": "student"}, follow=True)
    assert "was erased" in r.content.decode()
    assert not User.objects.filter(username="student").exists()


def test_page_query_budget_does_not_grow_with_people(world, client, count_queries):
    client.force_login(world.admin)
    url = reverse("privacy:admin")
    small = count_queries(lambda: client.get(url))
    for _ in range(30):
        StudentFactory(school=world.school)
    assert count_queries(lambda: client.get(url)) == small == 5


def test_retention_setting_is_checked_and_saved(world, client):
    client.force_login(world.admin)
    r = client.post(reverse("privacy:retention"), {"keep_days": "5"})
    assert r.status_code == 400
    assert "Enter a number of days from 30 to 3650" in r.content.decode()
    assert 'value="5"' in r.content.decode()
    client.post(reverse("privacy:retention"), {"keep_days": "400"})
    assert RetentionPolicy.objects.get(school=world.school).keep_days == 400
    client.force_login(world.teacher)
    assert client.post(reverse("privacy:retention"), {"keep_days": "400"}).status_code == 404
