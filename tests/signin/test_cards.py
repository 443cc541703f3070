"""Class sign-in cards: one-time codes with a QR code, printed by the class's teacher."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from tests.budgets import assert_budget
from tests.factories import StudentFactory, class_with
from tests.permissions import ACTORS, codes, request_as
from tests.shared_rows import built_once, for_test
from tests.world import build_world
from trellis.rosters import actions as roster_actions
from trellis.rosters.models import EnrollmentRole
from trellis.signin import actions, queries
from trellis.signin.models import SignInCard

pytestmark = pytest.mark.django_db


# The `world` (tests/world.py) built once for the module (tests/shared_rows.py); each test
# still gets its own copy, in its own savepoint.
_world_rows = built_once(build_world)


@pytest.fixture
def world(request, _world_rows, db):
    return for_test(request, _world_rows)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def _print(client, world, **data):
    client.force_login(world.teacher)
    return client.post(reverse("signin:class_cards", args=[world.klass.pk]), data)


def _codes(html: str) -> list[str]:
    return re.findall(r'<span class="code">([A-Z0-9]{5}-[A-Z0-9]{5})</span>', html)


def _card_for(world):
    _, [printed] = actions.issue_cards(world.teacher, world.klass.pk, [world.student.pk])
    return printed


def test_the_teacher_prints_one_card_per_student_with_a_qr_code(client, world):
    response = _print(client, world)
    html = response.content.decode()
    assert response.status_code == 200
    assert len(_codes(html)) == 4 == html.count("<svg")
    assert world.student.name in html
    assert "@media print" not in html  # print rules live in the stylesheet
    assert "signin/cards.css" in html
    assert response["Cache-Control"].startswith("max-age=0")
    # Only a hash is stored.
    code = _codes(html)[0].replace("-", "")
    assert not SignInCard.objects.filter(code_hash__contains=code).exists()


def test_the_qr_code_opens_the_card_form_with_the_code(client, world):
    html = _print(client, world).content.decode()
    code = _codes(html)[0]
    page = Client().get("/sign-in/card/", {"code": code}).content.decode()
    assert f'value="{code}"' in page


def test_a_student_signs_in_once_with_a_card(world):
    printed = _card_for(world)
    student = Client()
    response = student.post("/sign-in/card/", {"code": printed.display_code.lower()})
    assert response.status_code == 302 and response.url == "/"
    assert student.get("/").context["user"] == world.student
    # Students' sessions are short (shared devices).
    assert 11 * 3600 < student.session.get_expiry_age() <= 12 * 3600
    again = Client().post("/sign-in/card/", {"code": printed.code})
    assert again.status_code == 400
    assert "This card has already been used; a card works once" in again.content.decode()
    assert "_auth_user_id" not in again.wsgi_request.session


@override_settings(STUDENT_SESSION_HOURS=2)
def test_the_student_session_length_is_configurable(world):
    printed = _card_for(world)
    student = Client()
    student.post("/sign-in/card/", {"code": printed.code})
    assert student.session.get_expiry_age() <= 2 * 3600


def test_staff_sessions_keep_the_default_length(client, world):
    from tests.factories import PASSWORD

    client.post("/login/", {"username": "teacher", "password": PASSWORD})
    assert client.session.get_expiry_age() > 24 * 3600


def test_an_expired_card_is_refused_with_its_date(world):
    printed = _card_for(world)
    SignInCard.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = Client().post("/sign-in/card/", {"code": printed.code})
    assert "This card expired on" in response.content.decode()
    assert "Ask your teacher for a new card" in response.content.decode()
    assert SignInCard.objects.get().used_at is None


def test_a_reissued_card_replaces_the_old_one(world):
    old = _card_for(world)
    new = _card_for(world)
    response = Client().post("/sign-in/card/", {"code": old.code})
    assert "This card was replaced by a newer one" in response.content.decode()
    assert Client().post("/sign-in/card/", {"code": new.code}).status_code == 302


def test_reissuing_for_chosen_students_leaves_the_others(client, world):
    first = _codes(_print(client, world).content.decode())
    html = _print(client, world, student=[world.student.pk]).content.decode()
    assert len(_codes(html)) == 1
    live = [row for row in queries.card_rows(world.klass) if row.live_card]
    assert len(live) == 4
    assert len(first) == 4


@pytest.mark.parametrize(
    "code, message",
    [
        ("ABC", "A card code has 10 letters and digits"),
        ("ZZZZZ-ZZZZZ", "This code is not on any card"),
        ("", "This field is required"),
    ],
)
def test_a_wrong_code_says_what_to_do_and_keeps_what_was_typed(world, code, message):
    response = Client().post("/sign-in/card/", {"code": code})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    if code:
        assert f'value="{code}"' in html


def test_a_deactivated_students_card_is_refused(world):
    printed = _card_for(world)
    world.student.is_active = False
    world.student.save()
    response = Client().post("/sign-in/card/", {"code": printed.code})
    assert "account is turned off" in response.content.decode()
    assert SignInCard.objects.get().used_at is None


def test_a_card_stops_working_when_its_student_leaves_the_class(world):
    printed = _card_for(world)
    roster_actions.withdraw_student(world.teacher, world.klass, world.student.pk)
    response = Client().post("/sign-in/card/", {"code": printed.code})
    assert response.status_code == 400
    page = response.content.decode()
    assert f"This card is for {world.klass.name}, which this student has left" in page
    assert "Ask your teacher for a new card" in page
    assert SignInCard.objects.get().used_at is None
    assert "_auth_user_id" not in Client().session


@override_settings(SIGNIN_ADDRESS_FAILURES=3)
def test_guessing_codes_blocks_the_address(world):
    printed = _card_for(world)
    guesser = Client()
    for _ in range(3):
        guesser.post("/sign-in/card/", {"code": "ZZZZZ-ZZZZZ"})
    response = guesser.post("/sign-in/card/", {"code": printed.code})
    assert "Too many failed sign-ins came from this network" in response.content.decode()
    assert SignInCard.objects.get().used_at is None


def test_an_empty_class_gets_a_message(client, world):
    empty = class_with(world.teacher, students=0, school=world.school)
    client.force_login(world.teacher)
    response = client.post(reverse("signin:class_cards", args=[empty.pk]), follow=True)
    assert "This class has no active students yet" in response.content.decode()


def test_a_student_who_left_the_class_gets_no_card(client, world):
    from trellis.rosters.models import Enrollment

    Enrollment.objects.filter(user=world.student).update(is_active=False)
    html = _print(client, world).content.decode()
    assert world.student.name not in html and len(_codes(html)) == 3


# --- permissions: only the class's teacher ---------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("actor", ACTORS)
def test_only_the_classs_teacher_prints_its_cards(client, world, actor, method):
    expected = codes(teacher=200, anonymous=302, rest=404)[actor]
    url = reverse("signin:class_cards", args=[world.klass.pk])
    response = request_as(client, world, actor, method, url)
    assert response.status_code == expected
    if actor != "teacher":
        assert not SignInCard.objects.exists()


@pytest.mark.parametrize("who", ["admin", "other_teacher", "leader", "student", "far_teacher"])
def test_the_action_itself_refuses_anyone_but_the_teacher(world, who):
    from trellis.common.errors import NotFound

    with pytest.raises(NotFound):
        actions.issue_cards(getattr(world, who), world.klass.pk)
    assert not SignInCard.objects.exists()


def test_a_teacher_of_two_classes_prints_only_for_the_class_asked(client, world):
    second = class_with(world.teacher, students=2, school=world.school)
    client.force_login(world.teacher)
    html = client.post(reverse("signin:class_cards", args=[second.pk])).content.decode()
    assert len(_codes(html)) == 2 and world.student.name not in html


# --- query budgets ------------------------------------------------------------------------------


def _class_of(world, n):
    klass = class_with(world.teacher, students=0, school=world.school)
    for _ in range(n):
        roster_actions.enroll(klass, StudentFactory(school=world.school), EnrollmentRole.STUDENT)
    return klass


@pytest.mark.parametrize("n", [3, 30])
def test_the_cards_page_costs_the_same_for_3_and_30_students(client, world, n):
    klass = _class_of(world, n)
    actions.issue_cards(world.teacher, klass.pk)
    client.force_login(world.teacher)
    client.get(reverse("signin:class_cards", args=[klass.pk]))
    assert_budget(client, "signin:class_cards", 6, klass.pk)


@pytest.mark.parametrize("n", [3, 30])
def test_printing_costs_the_same_for_3_and_30_students(client, world, n):
    klass = _class_of(world, n)
    client.force_login(world.teacher)
    client.get(reverse("signin:class_cards", args=[klass.pk]))
    assert_budget(client, "signin:class_cards", 9, klass.pk, method="post")


@pytest.mark.parametrize("n", [3, 30])
def test_card_sign_in_budget(world, n):
    _class_of(world, n)
    printed = _card_for(world)
    client = Client()
    client.get(reverse("signin:card"))
    assert_budget(client, "signin:card", 0)
    assert_budget(client, "signin:card", 11, method="post", data={"code": printed.code}, status=302)
