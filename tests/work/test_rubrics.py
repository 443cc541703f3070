"""Rubrics: co-design with the class, decisions with reasons, and immutable versions."""

import pytest
from django.db import IntegrityError, transaction

from tests.work.factories import HELPFUL, criteria_of, hand_in
from trellis.common.errors import Conflict, NotFound, UserError
from trellis.common.models import ImmutableError
from trellis.work.actions import feedback as feedback_actions
from trellis.work.actions import rubrics as actions
from trellis.work.models import (
    ProposalStatus,
    ProposalVote,
    RubricVersion,
    content_hash,
)
from trellis.work.queries import rubrics as queries

pytestmark = pytest.mark.django_db


def _draft(work):
    rubric = actions.create_rubric(work.teacher, work.klass, title="Lab report")
    actions.add_criterion(work.teacher, rubric, title="Method", target_id=work.targets[0].pk)
    return rubric


def test_only_students_of_the_class_propose_and_only_while_open(work):
    rubric = _draft(work)
    with pytest.raises(UserError, match="closed this rubric"):
        actions.propose(work.student, rubric, kind="criterion", text="Clear diagrams")
    actions.set_codesign(work.teacher, rubric, is_open=True, prompt="What makes a report clear?")
    with pytest.raises(NotFound):
        actions.propose(work.other_student, rubric, kind="criterion", text="Clear diagrams")
    p = actions.propose(
        work.student, rubric, kind="criterion", text="Clear diagrams", target_id=work.targets[1].pk
    )
    assert p.status == ProposalStatus.OPEN


def test_a_second_vote_says_so_and_changes_nothing(work):
    rubric = _draft(work)
    actions.set_codesign(work.teacher, rubric, is_open=True)
    p = actions.propose(work.student, rubric, kind="criterion", text="Clear diagrams")
    actions.vote(work.classmates[0], p)
    with pytest.raises(Conflict, match="already voted"):
        actions.vote(work.classmates[0], p)
    assert ProposalVote.objects.filter(proposal=p).count() == 1
    # The database refuses a duplicate even if the action were bypassed.
    with pytest.raises(IntegrityError), transaction.atomic():
        ProposalVote.objects.create(proposal=p, voter=work.classmates[0])


def test_accept_merge_and_decline_are_recorded_and_shown(work):
    rubric = _draft(work)
    method = rubric.criteria.get()
    level = rubric.levels.first()
    actions.set_codesign(work.teacher, rubric, is_open=True)
    crit_p = actions.propose(work.student, rubric, kind="criterion", text="Clear diagrams")
    desc_p = actions.propose(
        work.classmates[0],
        rubric,
        kind="descriptor",
        text="Steps are listed but someone else could not repeat them",
        criterion_id=method.pk,
        level_id=level.pk,
    )
    merge_p = actions.propose(work.classmates[1], rubric, kind="criterion", text="Method is fair")
    bad_p = actions.propose(work.classmates[2], rubric, kind="criterion", text="Neat handwriting")
    with pytest.raises(UserError, match="Tie each criterion"):
        actions.decide_proposal(work.teacher, crit_p, decision="accept")
    actions.decide_proposal(work.teacher, crit_p, decision="accept", target_id=work.targets[1].pk)
    actions.decide_proposal(work.teacher, desc_p, decision="accept", reason="Exactly right")
    actions.decide_proposal(
        work.teacher,
        merge_p,
        decision="merge",
        merged_text="Method is fair and repeatable",
        into_criterion_id=method.pk,
    )
    with pytest.raises(UserError, match="Say why"):
        actions.decide_proposal(work.teacher, bad_p, decision="decline")
    actions.decide_proposal(
        work.teacher, bad_p, decision="decline", reason="Typed reports are fine too."
    )
    page = queries.rubric_page(work.student, rubric)
    titles = [row.criterion["title"] for row in page.rows]
    assert titles == ["Method is fair and repeatable", "Clear diagrams"]
    by_title = {row.criterion["title"]: row for row in page.rows}
    assert by_title["Clear diagrams"].contributors == [work.student.name]
    assert work.classmates[1].name in by_title["Method is fair and repeatable"].contributors
    cell = by_title["Method is fair and repeatable"].cells[0]
    assert cell.from_student == work.classmates[0].name
    declined = next(p for p in page.proposals if p.pk == bad_p.pk)
    assert declined.decision_reason == "Typed reports are fine too."


def test_publish_then_edit_before_use_replaces_and_after_use_makes_a_new_version(work):
    rubric = work.rubric
    v1 = rubric.versions.get()
    page = queries.rubric_page(work.teacher, rubric)
    data = {
        "title": rubric.title,
        "levels": [],
        "criteria": [],
        "new_criterion": {
            "title": "Voice",
            "target_id": work.targets[0].pk,
            "descriptors": {page.content["levels"][0]["id"]: "Sounds like a list of facts."},
        },
    }
    note = actions.save_rubric(work.teacher, rubric, base_hash=page.base_hash, data=data)
    assert note.outcome == "replaced" and note.version.number == 1
    assert not RubricVersion.objects.filter(pk=v1.pk).exists()

    revision = hand_in(work.student, work.assignment)  # the self-assessment uses version 1
    crit = criteria_of(work.assignment)[0]
    item = feedback_actions.give_feedback(
        work.teacher, revision, criterion_id=crit["id"], body=HELPFUL
    )
    used_version = item.review.rubric_version
    page = queries.rubric_page(work.teacher, rubric)
    assert page.used and page.next_number == 2
    data = {
        "title": rubric.title,
        "levels": [],
        "criteria": [
            {
                "id": crit["id"],
                "title": "Claim, evidence and reasoning",
                "target_id": crit["target_id"],
                "descriptors": {},
            }
        ],
    }
    note = actions.save_rubric(work.teacher, rubric, base_hash=page.base_hash, data=data)
    assert note.outcome == "new" and note.version.number == 2
    assert "has been used, so your edit created version 2" in note.message
    used_version.refresh_from_db()
    assert used_version.content["criteria"][0]["title"] == "Claim and evidence"
    assert used_version.content_hash == content_hash(used_version.content)
    item.refresh_from_db()
    assert item.review.rubric_version_id == used_version.pk


def test_versions_cannot_be_edited(work):
    v = work.rubric.versions.get()
    v.content = {}
    with pytest.raises(ImmutableError):
        v.save()
    with pytest.raises(ImmutableError):
        RubricVersion.objects.filter(pk=v.pk).update(content={})


def test_a_used_version_cannot_be_deleted(work):
    from django.db.models import ProtectedError

    revision = hand_in(work.student, work.assignment)
    version = revision.reviews.get().rubric_version
    with pytest.raises(ProtectedError):
        version.delete()


def test_stale_edit_is_refused_and_says_what_to_do(work):
    page = queries.rubric_page(work.teacher, work.rubric)
    actions.add_criterion(work.teacher, work.rubric, title="Voice", target_id=work.targets[0].pk)
    with pytest.raises(Conflict, match="changed this rubric while you were editing"):
        actions.save_rubric(
            work.teacher, work.rubric, base_hash=page.base_hash, data={"title": "New"}
        )


def test_scores_keep_their_value_when_levels_change(work):
    revision = hand_in(work.student, work.assignment)
    self_score = revision.reviews.get().scores.first()
    before = self_score.scaled
    page = queries.rubric_page(work.teacher, work.rubric)
    levels = [
        {"id": lv["id"], "title": lv["title"], "points": (lv["points"] or 0) * 10}
        for lv in page.content["levels"]
    ]
    actions.save_rubric(
        work.teacher,
        work.rubric,
        base_hash=page.base_hash,
        data={"title": work.rubric.title, "levels": levels, "criteria": []},
    )
    self_score.refresh_from_db()
    assert self_score.scaled == before


def test_edit_page_says_the_edit_creates_a_new_version(client, work):
    hand_in(work.student, work.assignment)
    client.force_login(work.teacher)
    html = client.get(f"/work/rubrics/{work.rubric.pk}/edit/").content.decode()
    assert "This rubric has been used, so your edit creates version 2." in html
    page = queries.rubric_page(work.teacher, work.rubric)
    crit = page.content["criteria"][0]
    post = {
        "base_hash": page.base_hash,
        "title": work.rubric.title,
        f"crit-{crit['id']}-title": "Claim, evidence and reasoning",
        f"crit-{crit['id']}-target": crit["target_id"],
    }
    for c in page.content["criteria"][1:]:
        post[f"crit-{c['id']}-title"] = c["title"]
        post[f"crit-{c['id']}-target"] = c["target_id"]
    for lv in page.content["levels"]:
        post[f"level-{lv['id']}-title"] = lv["title"]
        post[f"level-{lv['id']}-points"] = lv["points"]
    response = client.post(f"/work/rubrics/{work.rubric.pk}/edit/", post, follow=True)
    assert "your edit created version 2" in response.content.decode()
    assert work.rubric.versions.count() == 2


def test_edit_errors_keep_what_was_typed(client, work):
    client.force_login(work.teacher)
    page = queries.rubric_page(work.teacher, work.rubric)
    crit = page.content["criteria"][0]
    post = _full_post(page, work.rubric)
    post[f"crit-{crit['id']}-title"] = ""
    post[f"crit-{crit['id']}-description"] = "my careful description"
    response = client.post(f"/work/rubrics/{work.rubric.pk}/edit/", post)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Write the criterion." in html and "my careful description" in html
    assert work.rubric.versions.count() == 1


def test_vote_twice_through_the_page_says_already_voted(client, work):
    actions.set_codesign(work.teacher, work.rubric, is_open=True)
    p = actions.propose(work.student, work.rubric, kind="criterion", text="Strong ending")
    client.force_login(work.classmates[0])
    client.post(f"/work/proposals/{p.pk}/vote/")
    html = client.post(f"/work/proposals/{p.pk}/vote/", follow=True).content.decode()
    assert "You already voted for this proposal" in html
    assert p.votes.count() == 1


def test_vote_twice_through_the_api_is_409(client, work):
    actions.set_codesign(work.teacher, work.rubric, is_open=True)
    p = actions.propose(work.student, work.rubric, kind="criterion", text="Strong ending")
    client.force_login(work.classmates[0])
    assert client.post(f"/api/v1/proposals/{p.pk}/vote").status_code == 201
    second = client.post(f"/api/v1/proposals/{p.pk}/vote")
    assert second.status_code == 409
    assert "already voted" in second.json()["detail"]


def test_propose_errors_keep_the_text(client, work):
    actions.set_codesign(work.teacher, work.rubric, is_open=True)
    client.force_login(work.student)
    response = client.post(
        f"/work/rubrics/{work.rubric.pk}/propose/",
        {"kind": "descriptor", "text": "My careful wording"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose the criterion and the level" in html and "My careful wording" in html


def _full_post(page, rubric) -> dict:
    post = {"base_hash": page.base_hash, "title": rubric.title}
    for c in page.content["criteria"]:
        post[f"crit-{c['id']}-title"] = c["title"]
        post[f"crit-{c['id']}-target"] = c["target_id"]
    for lv in page.content["levels"]:
        post[f"level-{lv['id']}-title"] = lv["title"]
        post[f"level-{lv['id']}-points"] = lv["points"]
    return post


def test_who_may_comment_on_a_proposal_is_one_rule_for_page_and_action(work):
    rubric = _draft(work)
    actions.set_codesign(work.teacher, rubric, is_open=True)
    rubric.refresh_from_db()
    p = actions.propose(work.student, rubric, kind="criterion", text="Clear diagrams")
    assert next(x for x in queries.rubric_page(work.student, rubric).proposals).may_comment
    actions.comment_on_proposal(work.classmates[0], p, body="Yes, with labels")
    actions.decide_proposal(work.teacher, p, decision="decline", reason="Covered already.")
    for person in (work.student, work.teacher):
        shown = next(x for x in queries.rubric_page(person, rubric).proposals)
        assert not shown.may_comment
        with pytest.raises(UserError, match="takes no more comments") as err:
            actions.comment_on_proposal(person, p, body="one more")
        assert err.value.field == "body"
