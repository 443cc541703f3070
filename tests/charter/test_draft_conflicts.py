"""No lost updates on the charter draft: a rewording from an older page is refused (409) with
the newer wording shown and the person's own kept in the item's box; publishing a draft that
changed since the page was shown is refused the same way (issue 13)."""

import pytest
from django.urls import reverse

from tests.budgets import assert_budget
from tests.charter.factories import class_with_teams, published_charter
from trellis.charter import actions
from trellis.charter.models import CharterItem, CharterVersion
from trellis.common.errors import StaleEdit

pytestmark = pytest.mark.django_db


def _draft(students=8):
    classroom, teacher = class_with_teams(students=students)
    published_charter(teacher, classroom)
    draft = actions.start_revision(teacher, classroom)
    return classroom, teacher, draft, draft.items.order_by("section", "position").first()


def test_a_stale_rewording_shows_theirs_and_keeps_mine(client):
    classroom, teacher, _, item = _draft()
    url = reverse("charter:draft_item_edit", args=[classroom.pk, item.pk])
    actions.edit_charter_item(teacher, classroom, item.pk, "Their wording", version=0)
    client.force_login(teacher)
    r = client.post(url, {"text": "My wording", "version": "0"})
    assert r.status_code == 409
    html = r.content.decode()
    assert "Someone else saved this charter item" in html
    assert "Their wording" in html and 'value="My wording"' in html
    assert CharterItem.objects.get(pk=item.pk).text == "Their wording"
    # The re-rendered box carries the newer version: saving again is deliberate.
    assert client.post(url, {"text": "My wording", "version": "1"}).status_code == 302
    assert CharterItem.objects.get(pk=item.pk).text == "My wording"


def test_publishing_a_draft_changed_since_is_refused(client):
    classroom, teacher, draft, _item = _draft()
    client.force_login(teacher)
    home = client.get(reverse("charter:home", args=[classroom.pk])).content.decode()
    assert f'name="version" value="{draft.draft_version}"' in home
    actions.add_charter_item(teacher, classroom, "act", "Added by someone else")
    url = reverse("charter:publish", args=[classroom.pk])
    r = client.post(url, {"note": "my note", "version": str(draft.draft_version)})
    assert r.status_code == 409
    html = r.content.decode()
    assert "Added by someone else" in html and 'value="my note"' in html
    assert not CharterVersion.objects.get(pk=draft.pk).is_published
    fresh = CharterVersion.objects.get(pk=draft.pk).draft_version
    assert client.post(url, {"note": "my note", "version": str(fresh)}).status_code == 302


def test_actions_without_a_version_still_work_for_scripts():
    classroom, teacher, _draft_version, item = _draft()
    actions.edit_charter_item(teacher, classroom, item.pk, "Scripted")
    with pytest.raises(StaleEdit):
        actions.edit_charter_item(teacher, classroom, item.pk, "Old page", version=0)
    actions.publish_charter(teacher, classroom, "note")


def test_a_stale_rewording_is_not_found_for_others(client, world):
    classroom, _teacher, _, item = _draft()
    url = reverse("charter:draft_item_edit", args=[classroom.pk, item.pk])
    for who in (world.teacher, world.student, world.leader):
        client.force_login(who)
        assert client.post(url, {"text": "x", "version": "0"}).status_code == 404


@pytest.mark.parametrize("n", (5, 30))
def test_conflict_budgets(client, n):
    classroom, teacher, _draft_version, item = _draft(students=n)
    actions.edit_charter_item(teacher, classroom, item.pk, "Theirs", version=0)
    client.force_login(teacher)
    client.get("/")
    assert_budget(
        client, "charter:draft_item_edit", 42, classroom.pk, item.pk,
        method="post", data={"text": "Mine", "version": "0"}, status=409,
    )  # fmt: skip
    assert_budget(
        client, "charter:publish", 42, classroom.pk,
        method="post", data={"note": "n", "version": "0"}, status=409,
    )  # fmt: skip
