"""Signing in as a real school does: a reset email, an invitation, a class card, single
sign-on through a real OpenID Connect provider, and the lock after too many wrong passwords."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import override_settings
from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations, sign_in
from tests.factories import TeacherFactory
from tests.signin import oidc

pytestmark = pytest.mark.django_db(transaction=True)
NEW = "a brand new passphrase 42"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _imported_teacher(world, email="ada@maple.example"):
    teacher = TeacherFactory(school=world.school, email=email, first_name="Ada", last_name="Byron")
    teacher.set_unusable_password()
    teacher.save()
    return teacher


def _choose_password(page):
    page.locator("#id_new_password1").fill(NEW)
    page.get_by_label("New password confirmation").fill(NEW)
    page.get_by_role("button", name="Save password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Password saved")


def test_an_imported_teacher_resets_by_email_and_signs_in(world, page):
    teacher = _imported_teacher(world)
    page.goto("/login/")
    page.get_by_role("link", name="Forgot your password, or never had one?").click()
    assert axe_violations(page) == []
    page.get_by_label("Email").fill("ada@maple.example")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/sign-in/reset/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    _choose_password(page)
    sign_in(page, teacher.username, NEW)
    expect(page.get_by_role("heading", level=1)).to_have_text("My classes")
    # The link was for one use only.
    page.goto(link)
    expect(page.get_by_role("alert")).to_contain_text("has expired or has already been used")


def test_an_admin_invites_a_teacher_who_sets_a_password(world, as_user, new_page):
    teacher = _imported_teacher(world, email="grace@maple.example")
    admin = as_user("admin")
    admin.get_by_role("link", name="People and sign-in help").click()
    admin.get_by_label("Name, username or email").fill("grace@")
    admin.get_by_role("button", name="Find").click()
    admin.get_by_role("link", name=f"Sign-in help for {teacher.name}").click()
    assert axe_violations(admin) == []
    admin.get_by_role("button", name="Email an invitation").click()
    expect(admin.get_by_role("status")).to_contain_text("Invitation sent to grace@maple.example")
    link = re.search(r"https?://\S+/sign-in/invitation/\S+/", mail.outbox[0].body).group(0)
    invited = new_page()
    invited.goto(link)
    expect(invited.get_by_role("heading", level=1)).to_have_text("Welcome to Trellis")
    _choose_password(invited)
    sign_in(invited, teacher.username, NEW)
    expect(invited.get_by_role("heading", level=1)).to_have_text("My classes")


def test_a_student_signs_in_with_a_printed_class_card(world, as_user, new_page, tmp_path):
    teacher = as_user("teacher")
    teacher.get_by_role("link", name="Algebra").click()
    teacher.get_by_role("link", name="Sign-in cards").click()
    assert axe_violations(teacher) == []
    teacher.get_by_role("button", name="Print cards for the chosen students").click()
    cards = teacher.locator(".card")
    expect(cards).to_have_count(4)
    card = cards.filter(has_text=world.student.name)
    code = card.locator(".code").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{5}-[A-Z0-9]{5}", code)
    expect(card.locator("svg")).to_be_visible()
    # Printed to PDF by Chromium: print CSS hides the instructions, the cards fit one page.
    teacher.emulate_media(media="print")
    expect(teacher.locator(".no-print")).to_be_hidden()
    pdf = teacher.pdf(path=str(tmp_path / "cards.pdf"), format="A4")
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    # The student scans the QR code (it opens the card page with the code filled in).
    student = new_page(width=400, height=800)
    student.goto(f"/sign-in/card/?code={code}")
    expect(student.get_by_label("Code on your card")).to_have_value(code)
    student.get_by_role("button", name="Sign in").click()
    expect(student.get_by_role("heading", level=1)).to_have_text("My classes")
    expect(student.locator(".who")).to_contain_text(world.student.name)
    # The same card never works twice.
    again = new_page()
    again.goto("/sign-in/card/")
    again.get_by_label("Code on your card").fill(code)
    again.get_by_role("button", name="Sign in").click()
    expect(again.get_by_role("alert")).to_contain_text("This card has already been used")


def test_a_person_signs_in_through_the_schools_openid_provider(world, page):
    teacher = _imported_teacher(world, email="sso@maple.example")
    with (
        oidc.provider() as url,
        override_settings(SOCIALACCOUNT_PROVIDERS=oidc.providers_setting(url)),
    ):
        oidc.set_identity(url, "sso-teacher", email="sso@maple.example", email_verified=True)
        page.goto("/login/")
        page.get_by_role("button", name=f"Sign in with {oidc.PROVIDER_NAME}").click()
        # The provider's own page: it asks who is signing in.
        page.locator("input[name=sub]").fill("sso-teacher")
        page.get_by_role("button", name="Authorize").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("My classes")
        expect(page.locator(".who")).to_contain_text(teacher.name)


def test_the_eleventh_wrong_password_finds_the_account_locked(world, page):
    for _ in range(10):
        sign_in(page, "teacher", "not-the-password")
    sign_in(page, "teacher", "not-the-password")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("This account is locked after 10 failed sign-ins")
    expect(alert).to_contain_text("ask your school's Trellis administrator to unlock it")
    from tests.factories import PASSWORD

    sign_in(page, "teacher", PASSWORD)
    expect(page.get_by_role("alert")).to_contain_text("locked")
