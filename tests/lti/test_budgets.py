"""Exact query budgets of every LTI URL, the same for small and large data (n)."""

from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
from django.test import Client

from tests.budgets import assert_budget
from tests.factories import StudentFactory
from tests.outbound import allow

from .fixtures import FORM_RE, INPUT_RE
from .platform import CLIENT_ID, DEPLOYMENT_ID, Platform
from .test_admin import GOOD, course_link

pytestmark = pytest.mark.django_db


@pytest.fixture
def platform(settings):
    p = Platform("http://testserver").start()
    allow(settings, p.base)  # a local platform: allowed explicitly, the guard stays on
    yield p
    p.stop()


def _register(admin, platform):
    from trellis.lti import actions

    return actions.save_registration(
        admin,
        {
            "name": "Test LMS",
            "issuer": platform.issuer,
            "client_id": CLIENT_ID,
            "auth_url": platform.url("/authorize"),
            "token_url": platform.url("/token"),
            "keyset_url": platform.url("/jwks"),
            "deployment_ids": DEPLOYMENT_ID,
        },
    )


def _launch_form(client, platform, user, kind):
    """The platform's OIDC start, Trellis's login answer, the platform's signed launch form."""
    start = requests.get(platform.start_url(user, kind=kind), allow_redirects=False)
    login_url = start.headers["Location"]
    parts = urlsplit(login_url)
    return parts.path + "?" + parts.query


def _signed(client, platform, login_answer):
    page = requests.get(login_answer.headers["Location"])
    _action, inner = FORM_RE.search(page.text).groups()
    return dict(INPUT_RE.findall(inner))


@pytest.mark.parametrize("n", [1, 30])
def test_lti_budgets(world, platform, n):
    from lti_tool.models import LtiRegistration

    from trellis.lti import actions
    from trellis.lti.models import Placement

    actions.save_registration(world.admin, GOOD)
    for i in range(n):
        StudentFactory(school=world.school)
        extra = {**GOOD, "client_id": f"other-{i}", "deployment_ids": f"d-{i}"}
        actions.save_registration(world.admin, extra)
    _register(world.admin, platform)
    platform.add_user("lms-t", name="Pat Teacher", email=world.teacher.email, role="Instructor")

    anonymous = Client()
    assert_budget(anonymous, "lti:jwks", 2)

    # OIDC login, then the launch it leads to (a deep-linking launch by the teacher).
    browser = Client()
    login_path = _launch_form(browser, platform, "lms-t", "deeplink")
    _path, _sep, query = login_path.partition("?")
    answer = assert_budget(browser, "lti:login", 4, query=dict(parse_qsl(query)), status=302)
    fields = _signed(browser, platform, answer)
    assert_budget(browser, "lti:launch", 42, method="post", data=fields, status=302)
    assert_budget(browser, "lti:pick", 9)  # the course is not linked yet: choose the class

    admin = Client()
    admin.force_login(world.admin)
    assert_budget(admin, "lti:admin", 5)
    assert_budget(admin, "lti:registration_new", 2)
    registration = world.admin.school.lti_connections.first().registration
    assert_budget(admin, "lti:registration_edit", 4, registration.pk)
    assert_budget(admin, "lti:rotate_keys", 10, method="post", status=302)

    link = course_link(world, registration=LtiRegistration.objects.get(client_id="abc123"))
    for i in range(n):
        Placement.objects.create(course=link, kind="task", object_id=100 + i, title=f"T{i}")
    teacher = Client()
    teacher.force_login(world.teacher)
    assert_budget(teacher, "lti:course", 5, link.pk)
    assert_budget(teacher, "lti:course_sync", 14, link.pk, method="post", status=302)
    summative = link.placements.get(kind="assignment")
    assert_budget(teacher, "lti:grades_send", 18, link.pk, summative.pk, method="post", status=302)
