"""Fixtures shared by the LTI tests and the browser test: a real LTI 1.3 platform
(tests/lti/platform.py) on its own port, registered in Trellis like an LMS admin would."""

import re
from html import unescape

import pytest

from tests.outbound import allow

from .platform import CLIENT_ID, DEPLOYMENT_ID, Platform


@pytest.fixture
def lti_platform(live_server, settings):
    platform = Platform(live_server.url).start()
    allow(settings, platform.base)  # a local platform: allowed explicitly, the guard stays on
    yield platform
    platform.stop()
    assert not platform.errors, platform.errors


@pytest.fixture
def lti_school(transactional_db, lti_platform):
    """A school with an admin, a teacher teaching `klass` with two students (one known to the
    LMS by her OneRoster sourcedId, one by his e-mail), and the platform registered."""
    from tests.factories import AdminFactory, SchoolFactory, StudentFactory, class_with
    from trellis.lti import actions
    from trellis.rosters import actions as roster_actions
    from trellis.rosters.models import EnrollmentRole

    class S:
        pass

    s = S()
    s.school = SchoolFactory(name="Lakeside")
    s.admin = AdminFactory(school=s.school, username="lti-admin")
    from tests.factories import TeacherFactory

    s.teacher = TeacherFactory(school=s.school, username="ms.okoye", email="okoye@lakeside.example")
    s.klass = class_with(s.teacher, students=0, school=s.school, course="Grade 9 Mathematics")
    s.ana = StudentFactory(
        school=s.school, username="ana", sourced_id="sis-ana", email="ana.other@lakeside.example"
    )
    s.ben = StudentFactory(school=s.school, username="ben", email="ben@lakeside.example")
    roster_actions.enroll(s.klass, s.ana, EnrollmentRole.STUDENT)
    s.registration = actions.save_registration(
        s.admin,
        {
            "name": "Test LMS",
            "issuer": lti_platform.issuer,
            "client_id": CLIENT_ID,
            "auth_url": lti_platform.url("/authorize"),
            "token_url": lti_platform.url("/token"),
            "keyset_url": lti_platform.url("/jwks"),
            "deployment_ids": DEPLOYMENT_ID,
        },
    )
    lti_platform.add_user(
        "lms-teacher", name="Grace Okoye", email="okoye@lakeside.example", role="Instructor"
    )
    lti_platform.add_user("lms-ana", name="Ana Silva", email="ana@lms.example", sourcedid="sis-ana")
    lti_platform.add_user("lms-ben", name="Ben Tran", email="ben@lakeside.example")
    lti_platform.add_user("lms-cleo", name="Cleo Diaz", email="cleo@lms.example")
    s.platform = lti_platform
    return s


FORM_RE = re.compile(r"<form[^>]*action=['\"]([^'\"]+)['\"][^>]*>(.*?)</form>", re.S)
INPUT_RE = re.compile(r"<input[^>]*name=['\"]([^'\"]+)['\"][^>]*value=['\"]([^'\"]*)['\"]", re.S)


def post_form(session, response):
    """Submit the (auto-submitting) form of a page, as a browser without JavaScript would."""
    action, inner = next(
        (a, i) for a, i in FORM_RE.findall(response.text) if "id_token" in i or "JWT" in i
    )
    fields = {name: unescape(value) for name, value in INPUT_RE.findall(inner)}
    return session.post(unescape(action), data=fields)


@pytest.fixture
def lti_work(lti_school):
    """The class's task (guided practice), the teacher's check-in and a summative assignment
    Ana handed in and got a final mark for (85 %)."""
    from tests.checkins.factories import checkin_with, single
    from tests.work.factories import assignment_for, hand_in
    from trellis.curriculum import actions as curriculum_actions
    from trellis.work.actions import submissions

    s = lti_school
    s.task = curriculum_actions.create_task(s.teacher, s.klass, title="Fractions on a number line")
    s.checkin, _q = checkin_with(s.teacher, [single()], title="Fractions exit ticket")
    s.assignment = assignment_for(
        s.teacher, s.klass, title="Fractions unit test", summative_policy="judgement"
    )
    revision = hand_in(s.ana, s.assignment)
    submissions.mark_summative(
        s.teacher, revision.submission, percent="85", note="Secure on equivalence."
    )
    return s
