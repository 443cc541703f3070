"""Exact query budgets of the work app's actions: feedback, scores, answers and replies to
feedback, final marks, downloads, the rubric's publishing and co-design (criteria, exemplars,
proposals, votes, comments, decisions), and the API's feedback, response and vote. Scoring is
measured for a rubric of one and of three criteria."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.budgets import assert_budget
from tests.work.factories import (
    HELPFUL,
    assignment_for,
    criteria_of,
    hand_in,
    levels_of,
    published_rubric,
    self_levels,
    targets_for,
)
from trellis.work.actions import rubrics as rubric_actions
from trellis.work.actions import submissions as submission_actions
from trellis.work.models import FeedbackItem, Proposal

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    client.get("/")


@pytest.mark.parametrize("criteria", [1, 3])
def test_feedback_scores_and_the_final_mark(client, work, criteria):
    w = work
    targets = targets_for(w.teacher, w.klass, n=3)[:criteria] if criteria == 3 else w.targets[:1]
    rubric = published_rubric(w.teacher, w.klass, targets, title=f"Report {criteria}")
    assignment = assignment_for(w.teacher, w.klass, rubric, title="Report")
    revision = hand_in(w.student, assignment)
    crits, levels = criteria_of(assignment), levels_of(assignment)
    _login(client, w.teacher)
    # +1 each since the "feedback arrived" notice (one INSERT ... WHERE NOT EXISTS, whether or
    # not the student already has an unread one for this work).
    assert_budget(
        client,
        "work:feedback",
        29,
        revision.pk,
        method="post",
        data={"criterion": crits[0]["id"], "body": HELPFUL},
        status=302,
    )
    assert FeedbackItem.objects.filter(review__revision=revision).count() == 1
    response = assert_budget(
        client,
        "api-v1:give_feedback",
        14,
        revision.pk,
        method="post",
        json={"criterion_id": crits[-1]["id"], "body": HELPFUL},
        status=201,
    )
    item = FeedbackItem.objects.get(pk=response.json()["id"])
    scores = {f"score-{c['id']}": levels[2]["id"] for c in crits}
    assert_budget(client, "work:score", 23, revision.pk, method="post", data=scores, status=302)
    assert_budget(
        client,
        "work:mark",
        15,
        revision.submission_id,
        method="post",
        data={"note": "steady"},
        status=302,
    )
    _login(client, w.student)
    assert_budget(
        client,
        "work:respond",
        10,
        item.pk,
        method="post",
        data={"response": "will-use"},
        status=302,
    )
    item.refresh_from_db()
    assert item.response == "will-use"
    response = assert_budget(
        client, "api-v1:respond", 7, item.pk, method="post", json={"response": "question"}
    )
    assert response.json()["response"] == "question"
    assert_budget(
        client, "work:reply", 10, item.pk, method="post", data={"body": "Which study?"}, status=302
    )


def test_downloading_a_handed_in_file(client, work):
    w = work
    files = assignment_for(w.teacher, w.klass, w.rubric, accepts_file=True, title="Lab")
    revision = submission_actions.submit_revision(
        w.student,
        files,
        kind="file",
        upload=SimpleUploadedFile("lab.pdf", b"%PDF-1.4\n" + b"x" * 50),
        self_levels=self_levels(files),
        self_note="ok",
    )
    _login(client, w.teacher)
    response = assert_budget(client, "work:download", 4, revision.pk)
    assert response.streamed.startswith(b"%PDF")


def test_co_designing_and_publishing_a_rubric(client, work):
    w = work
    rubric = rubric_actions.create_rubric(w.teacher, w.klass, title="Lab report")
    _login(client, w.teacher)
    r = rubric.pk
    assert_budget(
        client,
        "work:rubric_criterion",
        21,
        r,
        method="post",
        data={"title": "Method", "target": w.targets[0].pk, "description": "Steps in order"},
        status=302,
    )
    assert rubric.criteria.count() == 1
    level = rubric.levels.first()
    assert_budget(
        client,
        "work:rubric_exemplar",
        21,
        r,
        method="post",
        data={"level": level.pk, "title": "A clear method", "body": "First we weighed it."},
        status=302,
    )
    assert_budget(
        client,
        "work:rubric_codesign",
        10,
        r,
        method="post",
        data={"open": "1", "prompt": "What makes a method clear?"},
        status=302,
    )
    _login(client, w.student)
    assert_budget(
        client,
        "work:rubric_propose",
        21,
        r,
        method="post",
        data={"kind": "criterion", "text": "Safety", "target": w.targets[1].pk},
        status=302,
    )
    proposal = Proposal.objects.get(rubric=rubric)
    _login(client, w.classmates[0])
    assert_budget(client, "work:proposal_vote", 14, proposal.pk, method="post", status=302)
    assert_budget(
        client,
        "work:proposal_comment",
        12,
        proposal.pk,
        method="post",
        data={"body": "Goggles matter"},
        status=302,
    )
    other = rubric_actions.propose(w.classmates[0], rubric, kind="criterion", text="Tidy")
    _login(client, w.classmates[1])
    assert_budget(client, "api-v1:vote", 12, other.pk, method="post", status=201)
    _login(client, w.teacher)
    assert_budget(
        client,
        "work:proposal_decide",
        17,
        proposal.pk,
        method="post",
        data={"decision": "accept", "reason": "Good idea"},
        status=302,
    )
    proposal.refresh_from_db()
    assert proposal.status == "accepted"
    levels = list(rubric.levels.all())
    for c in rubric.criteria.all():
        for lv in levels:
            rubric_actions.set_descriptor(
                w.teacher, rubric, criterion_id=c.pk, level_id=lv.pk, text=f"{c.title} {lv.title}"
            )
    assert_budget(client, "work:rubric_publish", 16, r, method="post", status=302)
    assert rubric.versions.exists()
