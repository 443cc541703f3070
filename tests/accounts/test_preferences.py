"""Display preferences: a person's own text size, motion and contrast, on every page."""

import re

import pytest
from django.test import Client

from tests.budgets import assert_budget
from tests.permissions import ACTORS, codes, request_as
from trellis.accounts.models import User

pytestmark = pytest.mark.django_db

URL = "/account/preferences/"


def test_a_student_sets_larger_text_less_motion_and_high_contrast(client, world):
    client.force_login(world.student)
    page = client.get(URL).content.decode()
    assert 'href="/account/preferences/"' in page  # in the menu
    assert '<html lang="en">' in page  # nothing chosen yet: no classes
    response = client.post(
        URL, {"text_size": "larger", "reduce_motion": "on", "high_contrast": "on"}, follow=True
    )
    html = response.content.decode()
    assert '<html lang="en" class="text-larger motion-reduced contrast-high">' in html
    assert "Display preferences saved" in html
    world.student.refresh_from_db()
    assert (world.student.text_size, world.student.reduce_motion, world.student.high_contrast) == (
        "larger",
        True,
        True,
    )
    # Remembered for the person, on any device (a new session), and on every page.
    again = Client()
    again.force_login(User.objects.get(pk=world.student.pk))
    home = again.get("/").content.decode()
    assert 'class="text-larger motion-reduced contrast-high"' in home
    # Another person's pages are unchanged.
    client.force_login(world.teacher)
    assert '<html lang="en">' in client.get("/").content.decode()


def test_turning_them_off_again(client, world):
    client.force_login(world.student)
    client.post(URL, {"text_size": "large", "high_contrast": "on"})
    assert 'class="text-large contrast-high"' in client.get("/").content.decode()
    client.post(URL, {"text_size": "normal"})
    assert '<html lang="en">' in client.get("/").content.decode()


def test_a_bad_text_size_says_what_to_do_and_keeps_the_rest(client, world):
    client.force_login(world.student)
    response = client.post(URL, {"text_size": "huge", "high_contrast": "on"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please fix 1 problem" in html
    assert 'id="id_text_size_error"' in html and "Select a valid choice" in html
    box = re.search(r"<input[^>]*name=\"high_contrast\"[^>]*>", html).group(0)
    assert "checked" in box  # what was ticked is still ticked
    world.student.refresh_from_db()
    assert world.student.text_size == "normal" and not world.student.high_contrast


def test_the_action_refuses_an_unknown_size():
    from trellis.accounts import actions
    from trellis.common.errors import UserError

    with pytest.raises(UserError, match="Normal, Large or Larger"):
        actions.set_display_preferences(
            User(), text_size="enormous", reduce_motion=False, high_contrast=False
        )


@pytest.mark.parametrize("actor", ACTORS)
def test_everyone_signed_in_has_their_own_page_and_nobody_else_does(client, world, actor):
    expected = codes(anonymous=302, rest=200)[actor]
    assert request_as(client, world, actor, "get", URL).status_code == expected
    if actor == "anonymous":
        assert (
            request_as(client, world, actor, "post", URL, data={"text_size": "large"}).status_code
            == 302
        )
        assert not User.objects.filter(text_size="large").exists()
        return
    # A post changes only the person who sent it.
    assert (
        request_as(client, world, actor, "post", URL, data={"text_size": "large"}).status_code
        == 302
    )
    assert list(User.objects.filter(text_size="large").values_list("username", flat=True)) == [
        getattr(world, actor).username
    ]


def test_budget(client, world):
    client.force_login(world.student)
    assert_budget(client, "accounts:preferences", 2)
    assert_budget(
        client, "accounts:preferences", 6, method="post", status=302,
        data={"text_size": "large", "reduce_motion": "on"},
    )  # fmt: skip
