import pytest
from django.db import connection


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def bump_user_ids(start: int = 900_000) -> None:
    """Make user ids long and distinctive, so a scan for one person's id cannot hit others."""
    with connection.cursor() as c:
        if connection.vendor == "sqlite":
            c.execute("DELETE FROM sqlite_sequence WHERE name = 'accounts_user'")
            c.execute(
                "INSERT INTO sqlite_sequence (name, seq) VALUES ('accounts_user', %s)", [start]
            )
        else:
            c.execute("SELECT setval(pg_get_serial_sequence('accounts_user', 'id'), %s)", [start])


@pytest.fixture
def demo(db, media):
    """The demo school (every feature holding data), with distinctive user ids."""
    from trellis.demo import build_demo

    bump_user_ids()
    return build_demo()
