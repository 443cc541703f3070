import pytest

from tests.factories import StudentFactory, UserFactory
from tests.work.factories import assignment_for, hand_in, published_rubric, targets_for
from trellis.accounts.models import Role
from trellis.reflection import actions
from trellis.rosters import actions as roster_actions

# The first bytes of a WebM recording (EBML header); enough for the content check.
WEBM = b"\x1a\x45\xdf\xa3" + b"\x00" * 200


@pytest.fixture
def refl(world, tmp_path, settings):
    """`world` plus targets, an assignment with a hand-in by `student`, a guardian of `student`
    and a guardian of `other_student` (another class)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_refl(world)


def build_refl(w):
    """The `refl` rows on top of a `world` (for rows built once: tests/shared_rows.py)."""
    w.targets = targets_for(w.teacher, w.klass)
    w.rubric = published_rubric(w.teacher, w.klass, w.targets)
    w.assignment = assignment_for(w.teacher, w.klass, w.rubric, target_ids=[w.targets[0].pk])
    w.revision = hand_in(w.student, w.assignment)
    w.guardian = UserFactory(
        school=w.school, role=Role.GUARDIAN, username="guardian", first_name="Gita"
    )
    w.other_guardian = UserFactory(school=w.school, role=Role.GUARDIAN, username="other_guardian")
    actions.link_guardian(w.guardian, w.student)
    actions.link_guardian(w.other_guardian, w.other_student)
    w.classmate = next(
        e.user for e in w.klass.enrollments.filter(role="student").exclude(user=w.student)
    )
    return w


def new_student(w, classroom=None):
    s = StudentFactory(school=w.school)
    roster_actions.enroll(classroom or w.klass, s, "student")
    return s


def reflection_of(w, student=None, **kwargs):
    kwargs.setdefault("moment", "guided")
    kwargs.setdefault("body", "Drawing the diagram first helped; next time I will check units.")
    return actions.write_reflection(student or w.student, w.klass, **kwargs)


def collection_of(w, audience=0, student=None):
    student = student or w.student
    c = actions.create_collection(student, w.klass, "My best thinking")
    r = reflection_of(w, student)
    actions.add_piece(student, c.pk, "reflection", r.pk, "It shows how I plan.")
    if audience:
        c = actions.choose_audience(student, c.pk, audience, c.version, family_may_comment=True)
    return c


__all__ = ["WEBM", "collection_of", "hand_in", "new_student", "reflection_of"]
