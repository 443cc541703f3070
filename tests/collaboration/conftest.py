import pytest

from tests.collaboration.scenes import build_team_scene


@pytest.fixture
def team_scene(world):
    """`world` plus a team of three teachers (teacher, other_teacher, third) whose classes
    (12, 12 and 4 students) all ran the teacher's shared check-in."""
    return build_team_scene(world)
