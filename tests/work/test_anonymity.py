"""Anonymous peer review hides names from students everywhere: pages, titles, attributes,
messages, downloads and API payloads. Each test searches the whole response."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.work.factories import HELPFUL, assignment_for, criteria_of, self_levels
from trellis.work.actions import feedback as feedback_actions
from trellis.work.actions import peer as peer_actions
from trellis.work.actions import submissions as actions

pytestmark = pytest.mark.django_db

AUTHOR = ("Zebulon", "Quartermaine", "zquartermaine")
REVIEWER = ("Philippa", "Reviewerton", "previewerton")


def _absent(text: str, words) -> None:
    lower = text.lower()
    for w in words:
        assert w.lower() not in lower, f"{w!r} leaked"


def _exchange(w):
    """The reviewer comments on the author's work; the author answers and replies."""
    crit = criteria_of(w.assignment)[0]
    item = feedback_actions.give_feedback(
        w.reviewer, w.author_revision, criterion_id=crit["id"], body=HELPFUL
    )
    feedback_actions.respond_to_feedback(w.author, item, response="question")
    feedback_actions.reply_to_feedback(w.author, item, body="Which study do you mean?")
    feedback_actions.reply_to_feedback(w.reviewer, item, body="The one in paragraph 2.")
    return item


def test_reviewer_never_sees_the_authors_name(client, peer_world):
    w = peer_world
    _exchange(w)
    client.force_login(w.reviewer)
    urls = [
        f"/work/classes/{w.klass.pk}/",
        f"/work/revisions/{w.author_revision.pk}/",
        f"/api/v1/revisions/{w.author_revision.pk}",
        f"/api/v1/assignments/{w.assignment.pk}",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        _absent(response.content.decode(), AUTHOR)
    html = client.get(f"/work/revisions/{w.author_revision.pk}/").content.decode()
    assert "Classmate A" in html and "<title>Revision 1 · Classmate A" in html
    response = client.post(
        f"/work/revisions/{w.author_revision.pk}/feedback/",
        {"criterion": criteria_of(w.assignment)[1]["id"], "body": HELPFUL},
        follow=True,
    )
    _absent(response.content.decode(), AUTHOR)
    data = client.get(f"/api/v1/revisions/{w.author_revision.pk}").json()
    assert data["author"] == "Classmate A"
    mine = next(r for r in data["reviews"] if r["kind"] == "peer")
    assert [r["who"] for r in mine["items"][0]["replies"]] == ["Classmate A", "You"]


def test_author_never_sees_the_reviewers_name(client, peer_world):
    w = peer_world
    _exchange(w)
    client.force_login(w.author)
    for url in (
        f"/work/classes/{w.klass.pk}/",
        f"/work/assignments/{w.assignment.pk}/",
        f"/work/revisions/{w.author_revision.pk}/",
        f"/work/assignments/{w.assignment.pk}/submit/",
        f"/api/v1/revisions/{w.author_revision.pk}",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        _absent(response.content.decode(), REVIEWER)
    data = client.get(f"/api/v1/revisions/{w.author_revision.pk}").json()
    peer = next(r for r in data["reviews"] if r["kind"] == "peer")
    # The two review each other, so the author knows the reviewer by one alias throughout.
    assert peer["who"] == "Classmate A"
    assert [r["who"] for r in peer["items"][0]["replies"]] == ["You", "Classmate A"]


def test_the_teacher_sees_names(client, peer_world):
    w = peer_world
    _exchange(w)
    client.force_login(w.teacher)
    html = client.get(f"/work/revisions/{w.author_revision.pk}/").content.decode()
    assert "Zebulon Quartermaine" in html and "Philippa Reviewerton" in html


def test_named_peer_review_shows_names_when_the_teacher_chooses(client, peer_world):
    w = peer_world
    peer_actions.update_peer_settings(w.teacher, w.assignment, anonymous=False, closes_at=None)
    client.force_login(w.reviewer)
    html = client.get(f"/work/revisions/{w.author_revision.pk}/").content.decode()
    assert "Zebulon Quartermaine" in html


def test_anonymous_download_does_not_carry_the_authors_file_name(client, peer_world):
    w = peer_world
    a = assignment_for(w.teacher, w.klass, w.rubric, accepts_file=True, title="Lab")
    revision = actions.submit_revision(
        w.author,
        a,
        kind="file",
        upload=SimpleUploadedFile("zebulon-quartermaine-lab.pdf", b"%PDF-1.4\n" + b"1" * 99),
        self_levels=self_levels(a),
        self_note="ok",
    )
    peer_actions.add_pair(w.teacher, a, reviewer_id=w.reviewer.pk, author_id=w.author.pk)
    client.force_login(w.reviewer)
    response = client.get(f"/work/revisions/{revision.pk}/download/")
    assert response.status_code == 200
    _absent(response["Content-Disposition"], AUTHOR)
    assert f"submission-{revision.pk}-r1.pdf" in response["Content-Disposition"]
    _absent(client.get(f"/work/revisions/{revision.pk}/").content.decode(), AUTHOR)
    _absent(client.get(f"/api/v1/revisions/{revision.pk}").content.decode(), AUTHOR)
    client.force_login(w.author)
    own = client.get(f"/work/revisions/{revision.pk}/download/")
    assert "zebulon-quartermaine-lab.pdf" in own["Content-Disposition"]


def test_an_author_who_is_not_reviewing_sees_peer_reviewer_numbers(client, peer_world):
    w = peer_world
    from tests.factories import StudentFactory
    from trellis.rosters import actions as roster_actions

    third = StudentFactory(school=w.school, first_name="Ottoline", last_name="Thirdly")
    roster_actions.enroll(w.klass, third, "student")
    peer_actions.add_pair(w.teacher, w.assignment, reviewer_id=third.pk, author_id=w.author.pk)
    crit = criteria_of(w.assignment)[0]
    feedback_actions.give_feedback(third, w.author_revision, criterion_id=crit["id"], body=HELPFUL)
    client.force_login(w.author)
    data = client.get(f"/api/v1/revisions/{w.author_revision.pk}").json()
    assert [r["who"] for r in data["reviews"] if r["kind"] == "peer"] == ["Peer reviewer 2"]
    _absent(
        client.get(f"/work/revisions/{w.author_revision.pk}/").content.decode(),
        ["Ottoline", "Thirdly"],
    )
