"""The demo school shows work & feedback, and building it twice adds nothing."""

import pytest

from trellis.demo import build_demo
from trellis.work.models import (
    FeedbackItem,
    PeerAssignment,
    Proposal,
    ProposalVote,
    Revision,
    Rubric,
    RubricVersion,
    SummativeMark,
)

pytestmark = pytest.mark.django_db

MODELS = [
    Rubric,
    RubricVersion,
    Proposal,
    ProposalVote,
    Revision,
    FeedbackItem,
    PeerAssignment,
    SummativeMark,
]


def test_demo_has_a_codesigned_rubric_revisions_and_feedback_used_and_is_idempotent(
    settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    build_demo()
    first = {m.__name__: m.objects.count() for m in MODELS}
    rubric = Rubric.objects.get(title="Persuasive essay", classroom__course="Grade 10 English")
    assert rubric.versions.count() == 2
    assert rubric.criteria.filter(proposed_by__isnull=False).exists()
    assert set(rubric.proposals.values_list("status", flat=True)) == {
        "accepted",
        "merged",
        "declined",
    }
    assert Revision.objects.filter(number=2).count() == 2
    assert FeedbackItem.objects.filter(response="used").exists()
    assert Revision.objects.filter(addresses__isnull=False).exists()
    assert FeedbackItem.objects.exclude(coach_flags=[]).exists()
    build_demo()
    assert {m.__name__: m.objects.count() for m in MODELS} == first
