"""Every page a teacher may open: axe (WCAG 2.0–2.2 A/AA) at 1366 and 375 px, no sideways
scrolling at 320 px. The walk itself is in tests/e2e/walk.py; one module per role so that
xdist (--dist loadfile) spreads the roles over the workers."""

import pytest

from tests.e2e.walk import walk

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.one_backend]


def test_every_teacher_page(world, browser, live_server, tmp_path):
    walk(world, browser, live_server, "teacher", tmp_path, at_least=70)
