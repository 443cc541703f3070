"""The demo school's check-in history: idempotent, and it moves the release board."""

import pytest

from trellis.checkins.models import Answer, CheckIn, Run
from trellis.demo import SEEDERS, build_demo
from trellis.evidence.models import EvidenceEvent
from trellis.grr import RecommendationKind

pytestmark = pytest.mark.django_db


def test_checkins_seed_after_progression_and_twice_changes_nothing():
    names = [s.__name__ for s in SEEDERS]
    assert names.index("seed_checkins") > names.index("seed_progression")
    build_demo()
    counts = (
        CheckIn.objects.count(),
        Run.objects.count(),
        Answer.objects.count(),
        EvidenceEvent.objects.count(),
    )
    assert counts[0] == 2 and counts[1] == 4 and counts[2] > 300
    build_demo()
    assert (
        CheckIn.objects.count(),
        Run.objects.count(),
        Answer.objects.count(),
        EvidenceEvent.objects.count(),
    ) == counts


def test_demo_history_is_evidence_the_board_reads():
    from trellis.progression import queries as progression_queries

    ctx = build_demo()
    math_a = next(c for c in ctx.classes if c.course == "Grade 9 Mathematics" and c.section == "A")
    teacher = ctx.staff["teacher.rivera"]
    students = ctx.students_by_class[math_a.pk]
    answered = EvidenceEvent.objects.filter(
        verb="answered", classroom=math_a, object_type="checkin-question"
    )
    rated = EvidenceEvent.objects.filter(verb="rated-confidence", classroom=math_a)
    assert answered.exclude(target_id=None).count() == answered.count() > 200
    assert rated.count() > 200
    # Section B's run of the same check-in feeds section B's own target.
    math_b = next(c for c in ctx.classes if c.course == "Grade 9 Mathematics" and c.section == "B")
    b_targets = set(math_b.targets.values_list("pk", flat=True))
    b_events = EvidenceEvent.objects.filter(verb="answered", classroom=math_b)
    assert b_events.exists() and set(b_events.values_list("target_id", flat=True)) <= b_targets

    board = progression_queries.board(teacher, math_a)
    equations = next(i for i, t in enumerate(board.tasks) if t.title.startswith("Solving two"))
    recs = {row.student.pk: row.cells[equations].rec for row in board.rows}
    reteach = [recs[s.pk] for s in students[11:15]]
    ready = [recs[s.pk] for s in students[:11]]
    # Sure-but-wrong students are not released; most of the ready group is.
    assert all(r.kind is not RecommendationKind.ADVANCE for r in reteach)
    assert sum(r.kind is RecommendationKind.ADVANCE for r in ready) >= 6
