"""Exact query budgets of the privacy pages and actions (the same for small and large data)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from tests.budgets import assert_budget
from tests.factories import StudentFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("n", [1, 30])
def test_privacy_budgets(world, media, n):
    for _ in range(n):
        StudentFactory(school=world.school)
    admin = Client()
    admin.force_login(world.admin)
    assert_budget(admin, "privacy:admin", 5)
    assert_budget(
        admin, "privacy:retention", 13, method="post", data={"keep_days": "400"}, status=302
    )
    assert_budget(
        admin, "privacy:export", 92, world.student.pk, method="post"
    )  # one read per declared model, whatever the data
    assert_budget(admin, "privacy:erase", 6, world.student.pk)
    ContentType.objects.clear_cache()  # erasing looks content types up once per process
    assert_budget(
        admin,
        "privacy:erase",
        227,
        world.student.pk,
        method="post",
        data={"confirm": "student"},
        status=302,
    )
    mine = Client()
    mine.force_login(world.other_student)
    assert_budget(mine, "privacy:mine", 2)
    assert_budget(mine, "privacy:export_mine", 90, method="post")
