"""The audit log: append-only entries, the admins' page (own school only, filters, pages in a
fixed number of queries) and the CSV export (formula-safe)."""

import csv
import io

import pytest
from django.urls import reverse

from tests.factories import AdminFactory, StudentFactory
from tests.permissions import ACTORS, codes, request_as
from trellis.audit import actions
from trellis.audit.models import AuditEntry
from trellis.common.models import ImmutableError

pytestmark = pytest.mark.django_db


def test_record_names_actor_targets_and_school(world):
    entry = actions.record(
        world.admin,
        "people.deactivate",
        school=world.school,
        targets=[world.student, world.klass, "user:999", world.student],
        summary="  Left   the school  ",
    )
    entry.refresh_from_db()
    assert entry.actor_ref == f"user:{world.admin.pk}"
    assert entry.target_list == [f"user:{world.student.pk}", f"class:{world.klass.pk}", "user:999"]
    assert entry.summary == "Left the school"
    assert entry.school_id == world.school.pk
    assert entry.at is not None


def test_system_actor_and_bad_reference(world):
    entry = actions.record("import-roster", "roster.sync", school=world.school.pk)
    assert entry.actor_ref == "system:import-roster" and entry.actor is None
    with pytest.raises(ValueError, match="user:12"):
        actions.record(world.admin, "people.deactivate", school=world.school, targets=["bob"])


def test_entries_are_append_only(world):
    entry = actions.record(world.admin, "people.deactivate", school=world.school)
    entry.summary = "rewritten"
    with pytest.raises(ImmutableError):
        entry.save()
    with pytest.raises(ImmutableError):
        entry.delete()
    with pytest.raises(ImmutableError):
        AuditEntry.objects.filter(pk=entry.pk).update(summary="x")
    with pytest.raises(ImmutableError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).summary == ""


def test_erasing_the_actor_keeps_the_entry(world):
    admin = AdminFactory(school=world.school)
    entry = actions.record(admin, "people.deactivate", school=world.school)
    ref = f"user:{admin.pk}"
    admin.delete()
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.actor is None and entry.actor_ref == ref


@pytest.mark.parametrize(
    "url", [lambda: reverse("audit:log"), lambda: reverse("audit:export")], ids=["page", "csv"]
)
@pytest.mark.parametrize("actor", ACTORS)
def test_only_admins_see_the_log(client, world, actor, url):
    expected = codes(anonymous=302, admin=200, far_admin=200, rest=404)[actor]
    assert request_as(client, world, actor, "get", url()).status_code == expected


def test_admins_see_their_own_school_only(client, world):
    actions.record(world.admin, "people.deactivate", school=world.school, summary="HOME-ENTRY")
    actions.record(world.far_admin, "people.deactivate", school=world.far_school, summary="FAR")
    client.force_login(world.admin)
    page = client.get(reverse("audit:log")).content.decode()
    assert "HOME-ENTRY" in page and "FAR" not in page
    exported = b"".join(client.get(reverse("audit:export")).streaming_content).decode()
    assert "HOME-ENTRY" in exported and "FAR" not in exported


def test_filters_by_action_and_person(client, world):
    actions.record(world.admin, "people.deactivate", school=world.school, targets=[world.student])
    actions.record(world.admin, "people.change_role", school=world.school, targets=[world.teacher])
    actions.record(world.admin, "roster.import", school=world.school, summary="ROSTER")
    client.force_login(world.admin)
    page = client.get(reverse("audit:log"), {"action": "people.change_role"}).content.decode()
    assert "Role changed" in page and world.teacher.name in page
    assert world.student.name not in page.split("<tbody>")[1]
    page = client.get(reverse("audit:log"), {"person": "student"}).content.decode()
    rows = page.split("<tbody>")[1]
    assert world.student.name in rows and "ROSTER" not in rows
    # An actor is found too, by reference.
    page = client.get(reverse("audit:log"), {"person": f"user:{world.admin.pk}"}).content.decode()
    assert page.split("<tbody>")[1].count("<tr>") == 3


def test_unknown_person_says_so_and_keeps_the_text(client, world):
    client.force_login(world.admin)
    response = client.get(reverse("audit:log"), {"person": "nobody-here"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "No one in your school has the username “nobody-here”" in page
    assert 'value="nobody-here"' in page
    # Another school's person is not found either: ids cannot be probed.
    response = client.get(reverse("audit:log"), {"person": "far_teacher"})
    assert response.status_code == 400


def test_csv_export_is_formula_safe_and_recorded(client, world):
    evil = StudentFactory(school=world.school, first_name="=HYPERLINK(1)", last_name="x")
    actions.record(
        world.admin, "people.deactivate", school=world.school, targets=[evil], summary="+SUM(A1)"
    )
    actions.record(world.admin, "people.reactivate", school=world.school, summary="@cmd -x")
    client.force_login(world.admin)
    response = client.get(reverse("audit:export"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][0] == "when" and len(rows) == 4
    assert rows[3][3] == "audit.export"  # the export is recorded before it is read
    assert rows[1][6] == "'=HYPERLINK(1) x" and rows[1][7] == "'+SUM(A1)"
    assert rows[2][7] == "'@cmd -x"
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert AuditEntry.objects.filter(action="audit.export", actor=world.admin).count() == 1


@pytest.mark.parametrize(("name", "expected"), [("audit:log", 6), ("audit:export", 6)])
def test_exact_query_count_for_5_and_500_entries(client, world, name, expected):
    from tests.budgets import assert_budget

    client.force_login(world.admin)
    client.get("/")
    for n in (5, 500):
        for i in range(n):
            actions.record(
                world.admin,
                "people.deactivate",
                school=world.school,
                targets=[StudentFactory(school=world.school) if i < 60 else world.student],
            )
        # (The export reads 1,000 entries per query: both sizes here fit one chunk.)
        assert_budget(client, name, expected)
