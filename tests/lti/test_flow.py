"""Deep linking, roster sync and grade post against the real test platform, over HTTP; and
the promise that formative work never sends a score, enforced in the action and the job."""

import re

import pytest
import requests

from .fixtures import post_form


def _csrf(page):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def _deep_link(s, items):
    http = requests.Session()
    page = post_form(http, http.get(s.platform.start_url("lms-teacher", kind="deeplink")))
    assert "Link this course" in page.text
    page = http.post(page.url, data={"csrfmiddlewaretoken": _csrf(page), "classroom": s.klass.pk})
    assert "Place Trellis work in your course" in page.text, page.text[:500]
    back = http.post(page.url, data={"csrfmiddlewaretoken": _csrf(page), "item": items})
    assert "Returning to your course" in back.text
    return http, post_form(http, back)  # the signed answer, posted to the platform


def test_deep_link_places_items_and_only_the_assignment_gets_a_column(lti_work):
    s = lti_work
    items = [f"task:{s.task.pk}", f"checkin:{s.checkin.pk}", f"assignment:{s.assignment.pk}"]
    _http, landed = _deep_link(s, items)
    assert landed.status_code == 200
    titles = [i["title"] for i in s.platform.content_items]
    assert titles == ["Fractions on a number line", "Fractions exit ticket", "Fractions unit test"]
    assert [bool(i.get("lineItem")) for i in s.platform.content_items] == [False, False, True]
    assert len(s.platform.lineitems) == 1

    # A student's launch of the placed assignment opens it.
    http = requests.Session()
    page = post_form(http, http.get(s.platform.start_url("lms-ana", item=2)))
    assert page.status_code == 200
    assert page.url.endswith(f"/work/assignments/{s.assignment.pk}/")


def test_roster_sync_matches_by_sourcedid_and_email_and_never_duplicates(lti_work):
    from trellis.common import jobs
    from trellis.lti import actions
    from trellis.lti.models import CourseLink
    from trellis.rosters import queries as roster_queries

    s = lti_work
    _deep_link(s, [f"task:{s.task.pk}"])
    link = CourseLink.objects.get()
    from django.contrib.auth import get_user_model

    User = get_user_model()
    before = User.objects.count()
    actions.queue_roster_sync(s.teacher, link)
    assert jobs.run_pending() == 1
    students = {u.username for u in roster_queries.active_students(s.klass)}
    assert {"ana", "ben"} <= students  # Ana by sourcedId, Ben by e-mail
    assert User.objects.count() == before + 1  # only Cleo is new
    cleo = User.objects.get(email="cleo@lms.example")
    assert cleo.school == s.school and cleo.is_student and cleo.username in students
    link.refresh_from_db()
    assert link.last_sync_counts == {"total": 4, "matched": 3, "new": 1, "left": 0}

    actions.queue_roster_sync(s.teacher, link)
    jobs.run_pending()
    assert User.objects.count() == before + 1  # a second sync creates no one


def test_grade_post_sends_the_final_mark_of_summative_work(lti_work):
    from trellis.common import jobs
    from trellis.lti import actions
    from trellis.lti.models import CourseLink, Placement

    s = lti_work
    _deep_link(s, [f"assignment:{s.assignment.pk}"])
    link = CourseLink.objects.get()
    actions.queue_roster_sync(s.teacher, link)
    jobs.run_pending()
    placement = Placement.objects.get(kind="assignment")
    actions.queue_grade_post(s.teacher, placement)
    assert jobs.run_pending() == 1
    assert [(sc["userId"], sc["scoreGiven"], sc["scoreMaximum"]) for sc in s.platform.scores] == [
        ("lms-ana", 85.0, 100)
    ]
    assert len(s.platform.lineitems) == 1  # found by its resourceId, not made twice
    actions.queue_grade_post(s.teacher, placement)
    jobs.run_pending()
    assert len(s.platform.lineitems) == 1
    assert placement.scores.count() == 1


@pytest.mark.parametrize("kind", ["task", "checkin"])
def test_formative_work_never_sends_a_score(lti_work, kind):
    from trellis.common import jobs
    from trellis.common.errors import UserError
    from trellis.common.models import JobRun
    from trellis.lti import actions
    from trellis.lti.jobs import post_grades_job
    from trellis.lti.models import Placement

    s = lti_work
    obj = s.task if kind == "task" else s.checkin
    _deep_link(s, [f"{kind}:{obj.pk}"])
    placement = Placement.objects.get(kind=kind)
    with pytest.raises(UserError, match="never sends a score"):
        actions.queue_grade_post(s.teacher, placement)
    # Queued some other way, the job itself refuses and sends nothing.
    jobs.enqueue(post_grades_job, placement.pk)
    jobs.run_pending()
    assert JobRun.objects.get().status == JobRun.Status.FAILED
    assert s.platform.scores == []


def test_a_roster_sync_to_an_address_the_guard_refuses_reaches_nothing(lti_work, settings):
    """The roster service (and its token) go through the outbound guard: with the local
    platform no longer allowed, the job fails without creating anyone."""
    from django.contrib.auth import get_user_model

    from trellis.common import jobs
    from trellis.common.models import JobRun
    from trellis.lti import actions
    from trellis.lti.models import CourseLink

    s = lti_work
    _deep_link(s, [f"task:{s.task.pk}"])
    link = CourseLink.objects.get()
    before = get_user_model().objects.count()
    settings.TRELLIS_OUTBOUND_ALLOW = []
    actions.queue_roster_sync(s.teacher, link)
    jobs.run_pending()
    run = JobRun.objects.get(task_path__endswith="sync_roster_job")
    assert run.status != JobRun.Status.DONE
    assert "127.0.0.1 only over https://" in run.error
    assert get_user_model().objects.count() == before
