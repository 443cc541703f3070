"""The admins' registration pages, the teacher's course page: who gets what (a forbidden
object answers like a missing one, 404), bad input located and kept, keys rotated and
published, and which pages a frame may hold."""

import pytest

from tests.permissions import ACTORS, codes, request_as
from tests.shared_rows import built_once, for_test

pytestmark = pytest.mark.django_db

GOOD = {
    "name": "District Moodle",
    "issuer": "https://lms.example.org",
    "client_id": "abc123",
    "auth_url": "https://lms.example.org/auth",
    "token_url": "https://lms.example.org/token",
    "keyset_url": "https://lms.example.org/jwks",
    "deployment_ids": "dep-1\ndep-2",
}


def registration_of(admin, **changes):
    from trellis.lti import actions

    return actions.save_registration(admin, {**GOOD, **changes})


def course_link(world, registration=None):
    """A course of the world's registration linked to the teacher's class, with one placed
    assignment-kind and one check-in placement."""
    from lti_tool.models import LtiContext

    from trellis.lti.models import CourseLink, Placement

    registration = registration or registration_of(world.admin)
    context = LtiContext.objects.create(
        deployment=registration.deployments.get(deployment_id="dep-1"),
        id_on_platform="c-1",
        title="Algebra in the LMS",
        memberships_url="https://lms.example.org/memberships",
        lineitems_url="https://lms.example.org/lineitems",
        can_publish_scores=True,
        can_manage_lineitems=True,
    )
    link = CourseLink.objects.create(context=context, classroom=world.klass)
    Placement.objects.create(course=link, kind="assignment", object_id=1, title="Unit test")
    Placement.objects.create(course=link, kind="checkin", object_id=1, title="Exit ticket")
    return link


@pytest.fixture
def link(world):
    return course_link(world)


ADMIN_ONLY = codes(anonymous=302, admin=200, far_admin=200, rest=404)


PAGES = [
    ("lti admin", "get", lambda w, link: "/lti/admin/", ADMIN_ONLY),
    ("new registration", "get", lambda w, link: "/lti/admin/registrations/new/", ADMIN_ONLY),
    (
        "edit registration",
        "get",
        lambda w, link: f"/lti/admin/registrations/{link.context.deployment.registration_id}/",
        codes(anonymous=302, admin=200, rest=404),
    ),
    (
        "missing registration",
        "get",
        lambda w, link: "/lti/admin/registrations/999999/",
        codes(anonymous=302, rest=404),
    ),
    (
        "rotate keys",
        "post",
        lambda w, link: "/lti/admin/keys/rotate/",
        codes(anonymous=302, admin=302, far_admin=302, rest=404),
    ),
    (
        "course page",
        "get",
        lambda w, link: f"/lti/courses/{link.pk}/",
        codes(anonymous=302, teacher=200, admin=200, rest=404),
    ),
    (
        "missing course",
        "get",
        lambda w, link: "/lti/courses/999999/",
        codes(anonymous=302, rest=404),
    ),
    (
        "sync roster",
        "post",
        lambda w, link: f"/lti/courses/{link.pk}/sync/",
        codes(anonymous=302, teacher=302, admin=302, rest=404),
    ),
    (
        "send marks",
        "post",
        lambda w, link: f"/lti/courses/{link.pk}/placements/{link.placements.first().pk}/grades/",
        codes(anonymous=302, teacher=302, admin=302, rest=404),
    ),
    (
        "send marks, missing placement",
        "post",
        lambda w, link: f"/lti/courses/{link.pk}/placements/999999/grades/",
        codes(anonymous=302, teacher=404, admin=404, rest=404),
    ),
]


def _linked_world():
    from tests.world import build_world

    world = build_world()
    return world, course_link(world)  # its registration generates a signing key: slow


# The matrix's ~100 requests share one world and course, built once for the class (the key
# generation and the world's rows cost more than the requests); each test is still isolated.
_linked_rows = built_once(_linked_world, scope="class")


class TestPages:
    @pytest.fixture
    def linked(self, request, _linked_rows, db):
        return for_test(request, _linked_rows)

    @pytest.mark.parametrize("actor", ACTORS)
    @pytest.mark.parametrize(
        ("name", "method", "url", "expected"), PAGES, ids=[p[0] for p in PAGES]
    )
    def test_pages(self, client, linked, actor, name, method, url, expected):
        world, link = linked
        response = request_as(client, world, actor, method, url(world, link))
        assert response.status_code == expected[actor], (name, actor)


def test_another_schools_admin_cannot_see_the_registration(client, world, link):
    client.force_login(world.far_admin)
    page = client.get("/lti/admin/")
    assert "District Moodle" not in page.content.decode()


def test_a_bad_url_is_located_and_nothing_typed_is_lost(client, world):
    client.force_login(world.admin)
    data = {**GOOD, "auth_url": "not a url at all", "token_url": ""}
    page = client.post("/lti/admin/registrations/new/", data)
    assert page.status_code == 400
    html = page.content.decode()
    assert 'id="id_auth_url_error"' in html and "Enter a valid URL" in html
    assert 'id="id_token_url_error"' in html and "This field is required" in html
    assert 'value="not a url at all"' in html  # what was typed stays
    assert 'value="abc123"' in html and "dep-1\ndep-2" in html


def test_a_duplicate_issuer_and_client_id_is_refused_on_the_client_id(client, world):
    from lti_tool.models import LtiRegistration

    registration_of(world.admin)
    client.force_login(world.admin)
    page = client.post("/lti/admin/registrations/new/", {**GOOD, "name": "Again"})
    assert page.status_code == 400
    html = page.content.decode()
    assert 'id="id_client_id_error"' in html and "already has a registration" in html
    assert 'value="Again"' in html
    assert LtiRegistration.objects.count() == 1


def test_an_internal_key_set_or_token_address_is_refused_at_its_field(client, world):
    """SSRF: Trellis fetches the key set and tokens from the server, so they must be public
    addresses (trellis.common.outbound); the browser-only auth URL is not fetched."""
    from lti_tool.models import LtiRegistration

    client.force_login(world.admin)
    page = client.post(
        "/lti/admin/registrations/new/",
        {
            **GOOD,
            "keyset_url": "https://169.254.169.254/jwks",
            "token_url": "https://[::ffff:127.0.0.1]:6379/token",
        },
    )
    assert page.status_code == 400
    html = page.content.decode()
    assert 'id="id_keyset_url_error"' in html and "169.254.169.254 is a link-local" in html
    assert 'value="https://169.254.169.254/jwks"' in html and 'value="abc123"' in html
    assert not LtiRegistration.objects.exists()
    page = client.post(
        "/lti/admin/registrations/new/", {**GOOD, "token_url": "https://10.9.8.7/token"}
    )
    assert 'id="id_token_url_error"' in page.content.decode()
    assert "10.9.8.7 is inside a private network" in page.content.decode()


def test_no_deployment_id_is_refused(client, world):
    client.force_login(world.admin)
    page = client.post("/lti/admin/registrations/new/", {**GOOD, "deployment_ids": "  \n "})
    assert page.status_code == 400
    assert "Enter at least one deployment id" in page.content.decode()


def test_editing_keeps_deployments_in_step(client, world):
    from lti_tool.models import LtiDeployment

    registration = registration_of(world.admin)
    client.force_login(world.admin)
    page = client.get(f"/lti/admin/registrations/{registration.pk}/")
    assert "dep-1\ndep-2" in page.content.decode()
    answer = client.post(
        f"/lti/admin/registrations/{registration.pk}/", {**GOOD, "deployment_ids": "dep-2, dep-3"}
    )
    assert answer.status_code == 302
    active = set(
        LtiDeployment.objects.filter(is_active=True).values_list("deployment_id", flat=True)
    )
    assert active == {"dep-2", "dep-3"}


def test_rotating_keys_publishes_the_new_key_beside_the_old(client, world):
    registration_of(world.admin)  # makes the first key
    before = {k["kid"] for k in client.get("/lti/jwks/").json()["keys"]}
    client.force_login(world.admin)
    client.post("/lti/admin/keys/rotate/")
    after = {k["kid"] for k in client.get("/lti/jwks/").json()["keys"]}
    assert before < after and len(after) == 2


def test_only_launch_pages_may_be_framed_and_only_by_registered_platforms(client, world):
    registration_of(world.admin)
    refused = client.post("/lti/launch/", {"state": "x"})
    assert refused.status_code == 403
    policy = refused.headers["Content-Security-Policy"]
    assert "frame-ancestors https://lms.example.org" in policy
    assert "X-Frame-Options" not in refused.headers
    client.force_login(world.admin)
    admin_page = client.get("/lti/admin/")
    assert "frame-ancestors 'none'" in admin_page.headers["Content-Security-Policy"]
    assert admin_page.headers["X-Frame-Options"] == "DENY"


def test_formative_placements_offer_no_grade_button(client, world, link):
    client.force_login(world.teacher)
    html = client.get(f"/lti/courses/{link.pk}/").content.decode()
    assert "Send final marks for Unit test" in html
    assert "Send final marks for Exit ticket" not in html
    assert "Formative: never sends a grade." in html
    formative = link.placements.get(kind="checkin")
    answer = client.post(f"/lti/courses/{link.pk}/placements/{formative.pk}/grades/", follow=True)
    assert "never sends a score" in answer.content.decode()
    from trellis.common.models import JobRun

    assert not JobRun.objects.exists()


def test_a_login_from_an_unknown_lms_is_refused_clearly(client, world):
    page = client.get(
        "/lti/login/",
        {
            "iss": "https://unknown.example",
            "login_hint": "u1",
            "target_link_uri": "http://testserver/lti/launch/",
            "client_id": "nobody",
        },
    )
    assert page.status_code == 403
    html = page.content.decode()
    assert 'data-reason="registration"' in html and "This LMS is not registered" in html


def test_the_course_page_says_when_a_job_failed_and_what_to_do(client, world, link):
    from trellis.common.models import JobRun

    summative = link.placements.get(kind="assignment")
    JobRun.objects.create(key=f"lti-roster:{link.pk}", task_path="x", status="done")
    JobRun.objects.create(
        key=f"lti-grades:{summative.pk}",
        task_path="x",
        status="failed",
        attempts=3,
        error="Traceback (most recent call last): ...",
    )
    client.force_login(world.teacher)
    html = client.get(f"/lti/courses/{link.pk}/").content.decode()
    assert 'data-job-status="done"' in html
    assert 'data-job-status="failed"' in html and "Failed after 3 attempts." in html
    assert "Assignment and Grade Services are allowed" in html
    assert "Traceback" not in html
