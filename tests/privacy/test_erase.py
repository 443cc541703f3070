"""Erasure leaves nothing that can be tied to the person, and classmates keep their data."""

import datetime
import hashlib
import hmac
import json
import re

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.db import connection
from django.db.models import Count

from trellis.accounts.models import User
from trellis.audit.models import AuditEntry
from trellis.charter.models import Pulse
from trellis.common.errors import NotFound, UserError
from trellis.evidence.models import EvidenceEvent
from trellis.privacy import actions
from trellis.work.models import Proposal, Review

pytestmark = pytest.mark.django_db


def _pick_student():
    """The demo student with the most that classmates depend on: a proposal others voted on,
    reviews of others' work, and evidence."""
    voted = set(
        Proposal.objects.annotate(n=Count("votes")).filter(n__gt=0).values_list("author", flat=True)
    )
    reviewers = set(Review.objects.filter(kind="peer").values_list("reviewer", flat=True))
    counts = (
        EvidenceEvent.objects.filter(subject__role="student")
        .values("subject")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    best = sorted(
        (c for c in counts),
        key=lambda c: (c["subject"] in voted, c["subject"] in reviewers, c["n"]),
        reverse=True,
    )[0]["subject"]
    return User.objects.get(pk=best)


def _needles(person) -> list[str]:
    # Her old full name, not a bare first name or surname: a classmate may share one, and a
    # guardian's surname is the family's.
    old = [
        person.username,
        person.email,
        f"{person.first_name} {person.last_name}",
        person.display_name,
    ]
    person.username = "zelda.quarrington"
    person.first_name, person.last_name = "Zelda", "Quarrington"
    person.display_name = "Zelda Q."
    person.email = "zelda.q@example.org"
    person.save()
    needles = {
        str(person.pk),
        person.username,
        person.email,
        "Quarrington",
        "Zelda",
        hashlib.sha256(person.username.encode()).hexdigest(),
        hashlib.sha256(person.email.encode()).hexdigest(),
    }
    needles |= {v for v in old if v and len(v) >= 5}
    # The old pulse key, derived from the secret and the id: it must not survive anywhere.
    for pk in Pulse.objects.values_list("pk", flat=True):
        msg = f"charter-pulse:{pk}:{person.pk}".encode()
        needles.add(hmac.new(settings.SECRET_KEY.encode(), msg, hashlib.sha256).hexdigest())
    return sorted(needles)


def _holds(text: str, needle: str) -> bool:
    """A number counts as itself only (not inside a longer number or after a decimal point:
    SQLite returns timestamps as text, '…:23.900085')."""
    if needle.isdigit():
        return re.search(rf"(?<![\d.]){needle}(?!\d)", text) is not None
    return needle in text


def _scan(needles: list[str], person_id: int) -> list[str]:
    """Every column of every table, both as values and as text."""
    found = []
    low = [n.lower() for n in needles]
    with connection.cursor() as c:
        for table in connection.introspection.table_names():
            c.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            cols = [d[0] for d in c.description]
            for row in c.fetchall():
                for col, value in zip(cols, row, strict=True):
                    if value is None:
                        continue
                    if table == "django_session" and col == "session_data":
                        data = SessionStore().decode(value)
                        if str(data.get("_auth_user_id")) == str(person_id):
                            found.append(f"{table}.{col}: a session of the person")
                        continue
                    if isinstance(value, int) and value == person_id:
                        found.append(f"{table}.{col} = {value}")
                        continue
                    if isinstance(value, datetime.date | datetime.time | datetime.timedelta):
                        continue  # a timestamp's microseconds can spell an id by chance
                    text = value if isinstance(value, str) else json.dumps(value, default=str)
                    text = text.lower()
                    found += [f"{table}.{col} holds {n!r}" for n in low if _holds(text, n)]
    return found


def test_erase_needs_the_typed_username_and_an_admin_of_the_same_school(world):
    with pytest.raises(UserError, match="Type the username “student” exactly") as e:
        actions.erase_person(world.admin, world.student, confirm="studnet")
    assert e.value.field == "confirm"
    with pytest.raises(NotFound):
        actions.erase_person(world.far_admin, world.student, confirm="student")
    with pytest.raises(NotFound):
        actions.erase_person(world.teacher, world.student, confirm="student")
    assert User.objects.filter(username="student").exists()
    actions.erase_person(world.admin, world.student, confirm="student")
    assert not User.objects.filter(username="student").exists()


def test_erase_person_command(world):
    with pytest.raises(Exception, match="--yes"):
        call_command("erase_person", "student")
    with pytest.raises(Exception, match="No person has the username"):
        call_command("erase_person", "nobody", "--yes")
    call_command("erase_person", "student", "--yes")
    assert not User.objects.filter(username="student").exists()
    entry = AuditEntry.objects.get(action="privacy.erase")
    assert entry.actor is None and entry.actor_ref == "system:privacy-request"
