"""The anonymous sign-in pages: their query budgets, and the student session from a password."""

import pytest
from django.test import Client

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url, budget",
    [("/login/", 1), ("/sign-in/card/", 0), ("/sign-in/reset/", 0), ("/sign-in/reset/sent/", 0)],
)
def test_anonymous_pages_budget(count_queries, url, budget):
    client = Client()
    assert client.get(url).status_code == 200
    assert count_queries(lambda: client.get(url)) == budget


def test_a_reset_request_costs_one_query_per_address(count_queries, world):
    def ask():
        Client().post("/sign-in/reset/", {"email": "nobody@nowhere.example"})

    assert count_queries(ask) == 1


def test_a_student_signing_in_with_a_password_gets_a_short_session(client, world):
    client.post("/login/", {"username": "student", "password": PASSWORD})
    assert 11 * 3600 < client.session.get_expiry_age() <= 12 * 3600


def test_a_signed_in_person_opening_the_card_page_goes_home(client, world):
    client.force_login(world.student)
    assert client.get("/sign-in/card/").url == "/"
