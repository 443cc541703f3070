"""The anonymous sign-in pages: their query budgets, and the student session from a password."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.budgets import assert_budget
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name, budget",
    [("login", 1), ("signin:card", 0), ("signin:reset", 0), ("signin:reset_sent", 0)],
)
def test_anonymous_pages_budget(name, budget):
    client = Client()
    client.get(reverse(name))
    assert_budget(client, name, budget)


def test_a_reset_request_costs_one_query_per_address(world):
    assert_budget(
        Client(),
        "signin:reset",
        1,
        method="post",
        data={"email": "nobody@nowhere.example"},
        status=302,
    )


def test_a_student_signing_in_with_a_password_gets_a_short_session(client, world):
    client.post("/login/", {"username": "student", "password": PASSWORD})
    assert 11 * 3600 < client.session.get_expiry_age() <= 12 * 3600


def test_a_signed_in_person_opening_the_card_page_goes_home(client, world):
    client.force_login(world.student)
    assert client.get("/sign-in/card/").url == "/"
