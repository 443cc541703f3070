"""Pages: bad input keeps what was typed and says what to do; the coach; the loop on screen."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.work.factories import HELPFUL, criteria_of, hand_in, self_levels
from trellis.work.actions import feedback as feedback_actions
from trellis.work.actions import peer as peer_actions
from trellis.work.models import FeedbackItem, Revision

pytestmark = pytest.mark.django_db


def test_peer_review_after_the_window_closed_keeps_the_text(client, peer_world):
    w = peer_world
    closed = timezone.now() - timedelta(hours=1)
    peer_actions.update_peer_settings(w.teacher, w.assignment, anonymous=True, closes_at=closed)
    client.force_login(w.reviewer)
    response = client.post(
        f"/work/revisions/{w.author_revision.pk}/feedback/",
        {"criterion": criteria_of(w.assignment)[0]["id"], "body": HELPFUL},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "closed on" in html and "so this comment was not sent" in html
    assert "which makes the claim stronger" in html  # the text is still in the box
    assert not FeedbackItem.objects.exists()


def test_the_coach_holds_a_vague_comment_and_the_writer_can_still_send(client, work):
    revision = hand_in(work.student, work.assignment)
    client.force_login(work.teacher)
    url = f"/work/revisions/{revision.pk}/feedback/"
    data = {"criterion": criteria_of(work.assignment)[0]["id"], "body": "Good job!"}
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "The feedback coach has a question" in html
    assert "This could be said about any work" in html and "Good job!</textarea>" in html
    assert "Send anyway" in html
    assert not FeedbackItem.objects.exists()
    response = client.post(url, {**data, "send_anyway": "1"})
    assert response.status_code == 302
    item = FeedbackItem.objects.get()
    assert item.coach_flags == ["too-short", "generic"]


def test_the_api_holds_a_vague_comment_too(client, work):
    revision = hand_in(work.student, work.assignment)
    client.force_login(work.teacher)
    url = f"/api/v1/revisions/{revision.pk}/feedback"
    payload = {"criterion_id": criteria_of(work.assignment)[0]["id"], "body": "nice"}
    held = client.post(url, payload, content_type="application/json")
    assert held.status_code == 400
    assert held.json()["field"] == "body" and "Before you send" in held.json()["detail"]
    sent = client.post(url, {**payload, "send_anyway": True}, content_type="application/json")
    assert sent.status_code == 201


def test_quote_must_come_from_the_work(client, work):
    revision = hand_in(work.student, work.assignment)
    client.force_login(work.teacher)
    response = client.post(
        f"/work/revisions/{revision.pk}/feedback/",
        {
            "criterion": criteria_of(work.assignment)[0]["id"],
            "body": HELPFUL,
            "quote": "words that are not there",
        },
    )
    assert response.status_code == 400
    assert "That passage is not in revision 1" in response.content.decode()


def test_hand_in_errors_keep_what_was_typed(client, work):
    client.force_login(work.student)
    response = client.post(
        f"/work/assignments/{work.assignment.pk}/submit/",
        {"kind": "text", "text": "My long careful essay", "self_note": ""},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "rate your work on every criterion" in html
    assert "My long careful essay</textarea>" in html
    assert not Revision.objects.exists()


def test_hand_in_then_see_it_with_a_readable_diff(client, work):
    client.force_login(work.student)
    data = {"kind": "text", "text": "Trees cool streets.", "self_note": "Short but clear."}
    data.update({f"self-{k}": v for k, v in self_levels(work.assignment).items()})
    first = client.post(f"/work/assignments/{work.assignment.pk}/submit/", data)
    assert first.status_code == 302
    data["text"] = "Trees cool busy streets."
    second = client.post(f"/work/assignments/{work.assignment.pk}/submit/", data, follow=True)
    html = second.content.decode()
    assert "Revision 2 handed in" in html
    assert '<span class="diff-label">Added</span>' in html and "<ins>" in html and "busy" in html


def test_markdown_script_is_stripped_on_the_page(client, work):
    revision = hand_in(work.student, work.assignment, text="Hi <script>alert(1)</script> **bold**")
    client.force_login(work.teacher)
    html = client.get(f"/work/revisions/{revision.pk}/").content.decode()
    assert "<strong>bold</strong>" in html and "alert(1)" not in html


def test_teacher_sees_the_loop_closed(client, work):
    revision = hand_in(work.student, work.assignment)
    crit = criteria_of(work.assignment)[0]
    item = feedback_actions.give_feedback(
        work.teacher, revision, criterion_id=crit["id"], body=HELPFUL
    )
    second = hand_in(work.student, work.assignment, text="New text", addresses=[item.pk])
    client.force_login(work.teacher)
    html = client.get(f"/work/assignments/{work.assignment.pk}/").content.decode()
    assert "1 of 1 used" in html
    html = client.get(f"/work/revisions/{revision.pk}/").content.decode()
    assert "acted on in revision 2" in html and "I used this" in html
    html = client.get(f"/work/revisions/{second.pk}/").content.decode()
    assert "This revision acts on 1 feedback item" in html


def test_calibration_pages_have_a_chart_and_a_table(client, work):
    revision = hand_in(work.student, work.assignment, index=3)
    levels = [lv["id"] for lv in work.rubric.versions.get().content["levels"]]
    feedback_actions.score_revision(
        work.teacher, revision, levels={c["id"]: levels[1] for c in criteria_of(work.assignment)}
    )
    client.force_login(work.student)
    html = client.get(f"/work/classes/{work.klass.pk}/calibration/").content.decode()
    assert "<svg" in html and 'role="img"' in html and "<table" in html and "0.50" in html
    client.force_login(work.teacher)
    html = client.get(f"/work/classes/{work.klass.pk}/calibration/").content.decode()
    assert "<svg" in html and "Rates own work higher than the teacher" in html
