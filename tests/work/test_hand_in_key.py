"""A double submit of a hand-in stores one revision: the form's one-time key (issue 13)."""

import re

import pytest

from tests.budgets import assert_budget
from tests.work.factories import hand_in, self_levels
from trellis.work.models import Revision

pytestmark = pytest.mark.django_db


def _form(work, key):
    data = {"kind": "text", "text": "Trees cool streets.", "self_note": "Short but clear."}
    data.update({f"self-{k}": v for k, v in self_levels(work.assignment).items()})
    return {**data, "hand_in_key": key}


def test_the_page_carries_a_fresh_key_and_an_error_keeps_it(client, work):
    client.force_login(work.student)
    url = f"/work/assignments/{work.assignment.pk}/submit/"
    pattern = r'name="hand_in_key" value="([0-9a-f]{32})"'
    one = re.search(pattern, client.get(url).content.decode()).group(1)
    two = re.search(pattern, client.get(url).content.decode()).group(1)
    assert one != two
    bad = client.post(url, {"kind": "text", "text": "kept", "hand_in_key": one})
    assert bad.status_code == 400
    assert f'value="{one}"' in bad.content.decode()


def test_a_double_submit_stores_one_revision(client, work):
    client.force_login(work.student)
    url = f"/work/assignments/{work.assignment.pk}/submit/"
    first = client.post(url, _form(work, "k" * 32))
    second = client.post(url, _form(work, "k" * 32))
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Revision.objects.filter(submission__student=work.student).count() == 1
    # A new page (a new key) is a new revision, as before.
    assert client.post(url, _form(work, "n" * 32)).status_code == 302
    assert Revision.objects.filter(submission__student=work.student).count() == 2


def test_a_key_is_the_students_own(client, work):
    """The same key from a classmate is their own hand-in, never a match with another's."""
    classmate = work.classmates[0]
    client.force_login(work.student)
    url = f"/work/assignments/{work.assignment.pk}/submit/"
    client.post(url, _form(work, "s" * 32))
    client.force_login(classmate)
    assert client.post(url, _form(work, "s" * 32)).status_code == 302
    assert Revision.objects.filter(submission__student=classmate).count() == 1


@pytest.mark.parametrize("earlier", (1, 30))
def test_double_submit_budget(client, work, earlier):
    for i in range(earlier):
        hand_in(work.student, work.assignment, text=f"draft {i}")
    client.force_login(work.student)
    client.get(f"/work/classes/{work.klass.pk}/")
    client.post(f"/work/assignments/{work.assignment.pk}/submit/", _form(work, "d" * 32))
    assert_budget(
        client, "work:submit", 23, work.assignment.pk,
        method="post", data=_form(work, "d" * 32), status=302,
    )  # fmt: skip
