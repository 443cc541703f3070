import pytest

from .sets import RosterSetBuilder


@pytest.fixture
def roster(tmp_path):
    """A small OneRoster 1.2 set (6 students, 2 teachers, an aide, 2 classes, a guardian)."""
    return RosterSetBuilder(tmp_path)


@pytest.fixture
def roster11(tmp_path):
    return RosterSetBuilder(tmp_path / "v11", version="1.1")
