"""Delivery to a real learning record store (Ralph, tests/lrs_ralph.py): a class's statements
arrive, read back equal; sending again never duplicates; refusals and outages are shown."""

import uuid

import httpx
import pytest

from tests.evidence.xapi_world import class_evidence
from tests.factories import AdminFactory
from tests.lrs_ralph import ralph  # noqa: F401 (the fixture)
from tests.outbound import allow
from trellis.common.jobs import run_pending
from trellis.common.models import JobRun
from trellis.evidence import actions
from trellis.evidence.models import LrsConnection
from trellis.evidence.queries import delivery_key, export_xapi
from trellis.evidence.verbs import Verb

pytestmark = pytest.mark.django_db

UNREACHABLE = "http://127.0.0.1:9/xAPI/"  # nothing listens on port 9


@pytest.fixture
def school_evidence(settings, request):
    # The stores these tests call are local: allow exactly them (the guard stays on).
    allowed = [UNREACHABLE]
    if "ralph" in request.fixturenames:
        allowed.append(request.getfixturevalue("ralph").endpoint)
    allow(settings, *allowed)
    # Each test its own install address: its statements' ids are its own in the shared store.
    settings.TRELLIS_XAPI_HOME_PAGE = f"https://{uuid.uuid4().hex[:8]}.trellis.test"
    teacher, klass, students, events = class_evidence()
    admin = AdminFactory(school=teacher.school)
    return admin, klass, students, events


def _connect(client, admin, endpoint, key, secret):
    client.force_login(admin)
    response = client.post(
        "/evidence/lrs/",
        {"endpoint": endpoint, "auth_key": key, "auth_secret": secret, "enabled": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def _send(client):
    response = client.post("/evidence/lrs/send/")
    assert response.status_code == 302
    run_pending()


def _held(ralph, ids):  # noqa: F811
    return [s for s in ralph.statements() if s["id"] in ids]


def test_a_class_is_delivered_read_back_and_sent_again_without_duplicates(
    client,
    school_evidence,
    ralph,  # noqa: F811
):
    admin, klass, students, events = school_evidence
    _connect(client, admin, ralph.endpoint, ralph.key, ralph.secret)
    _send(client)

    sent = {s["id"]: s for s in export_xapi(events)}
    held = _held(ralph, set(sent))
    assert sorted(s["id"] for s in held) == sorted(sent)
    for s in held:
        mine = sent[s["id"]]
        for field in ("actor", "verb", "object", "result", "context"):
            assert s.get(field) == mine.get(field), field
    conn = LrsConnection.objects.get(school=admin.school)
    assert conn.delivered_through == events[-1].pk and conn.delivered_count == len(events)
    assert conn.last_error == ""
    page = client.get("/evidence/lrs/").content.decode()
    assert f"({len(events)} statements in all)" in page and "0 statements waiting" in page

    # The answer to the last batch was lost: the whole class goes again. Still one of each.
    LrsConnection.objects.filter(pk=conn.pk).update(delivered_through=0)
    _send(client)
    again = _held(ralph, set(sent))
    assert len(again) == len(sent)

    # A new event goes once; the rest are not sent again.
    new = actions.record(
        actor=students[0], verb=Verb.COMPLETED, object_type="task", object_id=3, classroom=klass
    )
    _send(client)
    assert JobRun.objects.filter(key=delivery_key(admin.school_id)).latest("pk").result == {
        "sent": 1
    }
    ids = set(sent) | {export_xapi([new])[0]["id"]}
    assert len(_held(ralph, ids)) == len(sent) + 1


def test_a_statement_the_store_already_has_is_delivered(client, school_evidence, ralph):  # noqa: F811
    admin, _, _, events = school_evidence
    first = export_xapi(events[:1])
    changed = {**first[0], "result": {"success": False, "completion": True}}
    response = httpx.post(
        ralph.endpoint + "statements",
        json=[changed],
        auth=(ralph.key, ralph.secret),
        headers={"X-Experience-API-Version": "1.0.3"},
    )
    assert response.status_code == 200
    _connect(client, admin, ralph.endpoint, ralph.key, ralph.secret)
    # The first batch holds that id with other content: the store answers 409, which means
    # it has a statement with the id already; delivery goes on.
    _send(client)
    conn = LrsConnection.objects.get(school=admin.school)
    assert conn.delivered_through == events[-1].pk and conn.last_error == ""


def test_a_wrong_secret_is_shown_and_not_retried(client, school_evidence, ralph):  # noqa: F811
    admin, *_ = school_evidence
    _connect(client, admin, ralph.endpoint, ralph.key, "wrong")
    _send(client)
    run = JobRun.objects.get(key=delivery_key(admin.school_id))
    assert run.status == JobRun.Status.FAILED and run.attempts == 1
    conn = LrsConnection.objects.get(school=admin.school)
    assert "key and secret" in conn.last_error and conn.delivered_through == 0
    page = client.get("/evidence/lrs/").content.decode()
    assert "Last error" in page and "key and secret" in page


def test_an_unreachable_store_is_retried_later(client, school_evidence):
    admin, *_ = school_evidence
    _connect(client, admin, "http://127.0.0.1:9/xAPI/", "k", "s")
    _send(client)
    run = JobRun.objects.get(key=delivery_key(admin.school_id))
    assert run.status == JobRun.Status.QUEUED and run.attempts == 1  # queued again, later
    assert "could not reach" in run.error
    conn = LrsConnection.objects.get(school=admin.school)
    assert "could not reach" in conn.last_error
    page = client.get("/evidence/lrs/").content.decode()
    assert "waiting for the background worker" in page


def test_every_school_with_a_store_gets_a_delivery_a_day(world, settings):
    from trellis.common.jobs import enqueue
    from trellis.evidence.jobs import deliver_daily

    allow(settings, UNREACHABLE)

    for admin, on in ((world.admin, True), (world.far_admin, False)):
        actions.save_lrs_connection(
            admin, endpoint="http://127.0.0.1:9/xAPI", auth_key="k", auth_secret="s", enabled=on
        )
    enqueue(deliver_daily)
    run_pending(max_tasks=1)
    queued = JobRun.objects.filter(key__startswith="xapi-delivery:")
    assert list(queued.values_list("key", flat=True)) == [delivery_key(world.school.pk)]


def test_events_written_in_the_last_minute_wait_for_the_next_delivery(
    school_evidence, settings, monkeypatch
):
    """An event becomes visible when its transaction commits, which can be after a later event
    was sent: a delivery takes only events at least a minute old, so the mark it moves never
    passes a write still open."""
    from datetime import timedelta

    from django.utils import timezone

    from trellis.evidence.queries import SETTLE_SECONDS, pending_events

    admin, _klass, _students, events = school_evidence
    settings.TRELLIS_XAPI_SETTLE_SECONDS = SETTLE_SECONDS
    conn = LrsConnection.objects.create(
        school=admin.school, endpoint="http://127.0.0.1:9/xAPI/", enabled=True
    )
    assert pending_events(conn, limit=1000) == []  # all written just now
    # Written a minute ago (the log is write-once: read it from a minute later instead).
    later = timezone.now() + timedelta(seconds=SETTLE_SECONDS + 1)
    monkeypatch.setattr("trellis.evidence.queries.timezone.now", lambda: later)
    assert [e.pk for e in pending_events(conn, limit=1000)] == sorted(e.pk for e in events)
