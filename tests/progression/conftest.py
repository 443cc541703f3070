import pytest

from trellis.progression.queries import clear_readiness_cache
from trellis.progression.views import clear_grid_cache


@pytest.fixture(autouse=True)
def fresh_caches():
    # Test databases reuse ids after a rollback; nothing cached may leak across tests.
    clear_readiness_cache()
    clear_grid_cache()
    yield
    clear_readiness_cache()
    clear_grid_cache()
