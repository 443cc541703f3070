import pytest

from tests.factories import StudentFactory
from tests.work.world import build_work
from trellis.rosters import actions as roster_actions
from trellis.work.actions import peer as peer_actions


@pytest.fixture
def work(world, tmp_path, settings):
    """`world` plus targets, a published rubric and an assignment in `klass`."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_work(world)


@pytest.fixture
def peer_world(work):
    """`work` where `reviewer` reviews `author` anonymously, and the reverse."""
    from tests.work.factories import hand_in

    work.author = StudentFactory(
        school=work.school, username="zquartermaine", first_name="Zebulon", last_name="Quartermaine"
    )
    work.reviewer = StudentFactory(
        school=work.school, username="previewerton", first_name="Philippa", last_name="Reviewerton"
    )
    for s in (work.author, work.reviewer):
        roster_actions.enroll(work.klass, s, "student")
    work.author_revision = hand_in(work.author, work.assignment)
    work.reviewer_revision = hand_in(work.reviewer, work.assignment)
    peer_actions.add_pair(
        work.teacher, work.assignment, reviewer_id=work.reviewer.pk, author_id=work.author.pk
    )
    peer_actions.add_pair(
        work.teacher, work.assignment, reviewer_id=work.author.pk, author_id=work.reviewer.pk
    )
    return work
