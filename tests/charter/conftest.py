import pytest

from tests.charter.world import build_charter


@pytest.fixture
def cw(world):
    """`world` with a running charter (see `tests/charter/world.py`)."""
    return build_charter(world)
