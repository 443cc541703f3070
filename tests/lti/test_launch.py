"""Launches from a real LTI 1.3 platform (tests/lti/platform.py) over HTTP, and the refusals:
each failing launch answers 403 with a page saying what went wrong, never a stack trace."""

import pytest
import requests

from .fixtures import post_form


def _launch(s, user="lms-teacher", **options):
    http = requests.Session()
    page = http.get(s.platform.start_url(user, **options))  # OIDC login -> authorize -> form
    assert page.status_code == 200, page.text[:500]
    return http, post_form(http, page)


def test_a_launch_signs_in_the_matched_teacher(lti_school):
    from trellis.lti.models import SpentNonce

    _http, answer = _launch(lti_school, kind="deeplink")
    assert answer.status_code == 200, answer.text[:800]
    assert "Link this course to a Trellis class" in answer.text
    assert SpentNonce.objects.count() == 1
    from lti_tool.models import LtiUser

    assert LtiUser.objects.get(sub="lms-teacher").auth_user_id == lti_school.teacher.pk


@pytest.mark.parametrize(
    ("options", "reason", "words"),
    [
        ({"mode": "tamper"}, "signature", "not signed by the platform"),
        ({"mode": "wrongkey"}, "signature", "not signed by the platform"),
        ({"deployment": "deployment-unknown"}, "deployment", "deployment is not registered"),
        ({"mode": "expired"}, "expired", "has expired"),
    ],
)
def test_a_bad_launch_is_refused_with_a_clear_page(lti_school, options, reason, words):
    from django.contrib.auth import get_user_model

    before = get_user_model().objects.count()
    _http, answer = _launch(lti_school, **options)
    assert answer.status_code == 403
    assert f'data-reason="{reason}"' in answer.text
    assert words in answer.text
    assert "Traceback" not in answer.text
    assert get_user_model().objects.count() == before  # nobody signed in or created


def test_a_replayed_launch_is_refused(lti_school):
    http, first = _launch(lti_school, kind="deeplink")
    assert first.status_code == 200
    again = post_form(http, http.get(lti_school.platform.url("/replay")))
    assert again.status_code == 403
    assert 'data-reason="replay"' in again.text
    assert "already used" in again.text


def test_an_unknown_deployment_is_not_recorded(lti_school):
    from lti_tool.models import LtiDeployment

    _launch(lti_school, deployment="deployment-unknown")
    assert not LtiDeployment.objects.filter(deployment_id="deployment-unknown").exists()


def test_a_student_launch_into_an_unlinked_course_says_to_ask_the_teacher(lti_school):
    _http, answer = _launch(lti_school, user="lms-ana")
    assert answer.status_code == 403
    assert 'data-reason="unlinked"' in answer.text
    assert "not linked to a Trellis class yet" in answer.text


def test_a_key_set_at_an_address_the_guard_refuses_is_never_fetched(lti_school, settings):
    """The launch's key set goes through the outbound guard (trellis.common.outbound): with
    the local platform no longer allowed, its http://127.0.0.1 key set is refused."""
    settings.TRELLIS_OUTBOUND_ALLOW = []
    _http, answer = _launch(lti_school, kind="deeplink")
    assert answer.status_code == 403
    assert 'data-reason="signature"' in answer.text and "Traceback" not in answer.text
