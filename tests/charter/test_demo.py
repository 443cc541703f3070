import pytest

from trellis.charter.models import (
    BoardEntry,
    CharterVersion,
    Contribution,
    Endorsement,
    Kickoff,
    Pulse,
    PulseRating,
    PulseResponse,
)
from trellis.demo import build_demo

pytestmark = pytest.mark.django_db

MODELS = [
    Kickoff,
    BoardEntry,
    Contribution,
    CharterVersion,
    Endorsement,
    Pulse,
    PulseResponse,
    PulseRating,
]


def test_demo_has_a_published_charter_and_three_past_pulses_and_is_idempotent():
    ctx = build_demo()
    counts = {m.__name__: m.objects.count() for m in MODELS}
    math_a = next(c for c in ctx.classes if c.course == "Grade 9 Mathematics" and c.section == "A")
    assert CharterVersion.objects.filter(
        charter__classroom=math_a, published_at__isnull=False
    ).exists()
    pulses = list(Pulse.objects.filter(classroom=math_a).order_by("opens_on"))
    assert len(pulses) == 3
    assert len({p.opens_on for p in pulses}) == 3
    assert all(p.status() == "closed" for p in pulses)
    assert all(p.responses.exists() for p in pulses)
    assert Endorsement.objects.filter(version__charter__classroom=math_a).count() > 10
    build_demo()
    assert {m.__name__: m.objects.count() for m in MODELS} == counts
