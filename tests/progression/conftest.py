import pytest

from trellis.progression.queries import clear_readiness_cache


@pytest.fixture(autouse=True)
def fresh_readiness_cache():
    # Test databases reuse ids after a rollback; a cached readiness must not leak across tests.
    clear_readiness_cache()
    yield
    clear_readiness_cache()
