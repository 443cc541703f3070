import pytest

from trellis.curriculum.models import LearningTarget, Task
from trellis.demo import build_demo
from trellis.evidence.models import EvidenceEvent
from trellis.progression.models import HelpRequest, PhaseMove, StudentPhase, TaskRun
from trellis.progression.queries import board

pytestmark = pytest.mark.django_db


def counts():
    return [
        m.objects.count()
        for m in (
            LearningTarget,
            Task,
            TaskRun,
            StudentPhase,
            PhaseMove,
            HelpRequest,
            EvidenceEvent,
        )
    ]


def test_demo_tells_the_story_and_is_idempotent():
    ctx = build_demo()
    first = counts()
    build_demo()
    assert counts() == first
    rivera = ctx.staff["teacher.rivera"]
    math_a = next(c for c in ctx.classes if c.course == "Grade 9 Mathematics" and c.section == "A")
    b = board(rivera, math_a)
    equations = next(t for t in b.tasks if t.title == "Solving two-step equations")
    labels = [g.label for g in b.groups[equations.pk]]
    assert "ready for independent practice: 11" in labels
    assert "step back to co-construction (we do): 4" in labels
    assert len(b.open_help) == 1
    phases = {c.phase["value"] for row in b.rows for c in row.cells}
    assert phases == {0, 1, 2, 3, 4}
