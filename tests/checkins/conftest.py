import pytest

from tests.checkins.world import build_scene


@pytest.fixture
def scene(world):
    """The teacher's check-in running live in `klass` (see `tests/checkins/world.py`)."""
    return build_scene(world)
