"""Issue 16, defect 9: a stale save of a draft item is refused; a split idea takes its words."""

import pytest

from tests.charter.factories import class_with_teams, members
from trellis.charter import actions
from trellis.charter.models import SummaryItem
from trellis.common.errors import StaleEdit

pytestmark = pytest.mark.django_db


def _draft(teacher, classroom):
    actions.start_kickoff(teacher, classroom)
    team, people = members(classroom)
    actions.send_contribution(people[0], team.pk, "teacher", "Make the targets clear")
    return actions.draft_charter_from_summary(teacher, classroom)


def test_a_save_from_a_stale_tab_is_refused_with_both_wordings():
    classroom, teacher = class_with_teams()
    draft = _draft(teacher, classroom)
    item = draft.items.get()
    opened = item.text_version  # both tabs open the page now
    actions.edit_charter_item(teacher, classroom, item.pk, "First tab's words", version=opened)
    with pytest.raises(StaleEdit) as e:
        actions.edit_charter_item(teacher, classroom, item.pk, "Second tab's words", version=opened)
    # The newer wording comes with the refusal, to show beside the second tab's own (which
    # the page keeps in its box: tests/charter/test_draft_conflicts.py).
    assert ("Item", "First tab's words") in e.value.current
    item.refresh_from_db()
    assert item.text == "First tab's words"


def test_splitting_an_idea_out_takes_its_wording_with_it():
    classroom, teacher = class_with_teams()
    actions.start_kickoff(teacher, classroom)
    team, people = members(classroom)
    first = actions.send_contribution(people[0], team.pk, "see", "Mistakes are fine")
    second = actions.send_contribution(people[0], team.pk, "see", "We help each other")
    actions.merge_items(teacher, first.item_id, second.item_id)
    first.refresh_from_db()
    second.refresh_from_db()
    group = SummaryItem.objects.get(pk=first.item_id)
    assert second.item_id == group.pk
    new = actions.split_contribution(teacher, first.pk)
    group.refresh_from_db()
    assert new.text == "Mistakes are fine"
    assert group.text == "We help each other"


def test_the_trend_chart_rounds_like_the_table():
    from django.template.defaultfilters import floatformat

    from trellis.charter.charts import one_decimal

    for value in (4.25, 4.35, 2.05, 3.0, 4.249):
        assert one_decimal(value) == floatformat(value, 1), value


def test_the_poster_has_large_type_and_room_for_signatures(client):
    from django.urls import reverse

    from tests.charter.factories import published_charter

    classroom, teacher = class_with_teams()
    published_charter(teacher, classroom)
    client.force_login(teacher)
    page = client.get(reverse("charter:print", args=[classroom.pk])).content.decode()
    scale = int(page.split('class="poster scale-')[1].split('"')[0])
    assert scale > 100  # a short charter is printed larger than body text
    assert "Our signatures" in page and "Endorse it in Trellis, or sign it here." in page
