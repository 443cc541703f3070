"""The class summary: teams' contributions and the teacher's edits to its items."""

from django.db import transaction
from django.utils.translation import gettext

from trellis.accounts.models import User
from trellis.common.errors import NotFound, UserError

from .. import similarity
from ..models import Contribution, Kickoff, SummaryItem
from ..permissions import charter_classes_managed_by
from ._common import _int, _kickoff_of, _section, _swap, _team_for_writer, clean_text


@transaction.atomic
def send_contribution(user: User, team_id, section: str, text: str) -> Contribution:
    """A team's answer to a summary question, placed in the group it most resembles."""
    team = _team_for_writer(user, team_id)
    kickoff = _kickoff_of(team.classroom)
    section = _section(section)
    text = clean_text(text, field="text", what=gettext("Your contribution"))
    # Lock the kickoff so two teams sending at once do not both open the same new group.
    Kickoff.objects.select_for_update().filter(pk=kickoff.pk).first()
    items = list(
        SummaryItem.objects.filter(kickoff=kickoff, section=section).prefetch_related(
            "contributions"
        )
    )
    groups = [[i.text, *(c.text for c in i.contributions.all())] for i in items]
    match = similarity.best_group(text, groups)
    if match is None:
        last = max((i.position for i in items), default=-1)
        item = SummaryItem.objects.create(
            kickoff=kickoff, section=section, text=text, position=last + 1
        )
    else:
        item = items[match]
    return Contribution.objects.create(
        kickoff=kickoff, team=team, author=user, section=section, text=text, item=item
    )


def _managed_item(user: User, item_id) -> SummaryItem:
    try:
        return SummaryItem.objects.select_for_update().get(
            pk=int(item_id), kickoff__classroom__in=charter_classes_managed_by(user)
        )
    except (SummaryItem.DoesNotExist, TypeError, ValueError):
        raise NotFound("summary item") from None


@transaction.atomic
def merge_items(user: User, into_id, other_id) -> SummaryItem:
    """Fold another group into this one: its contributions join, its wording goes."""
    into = _managed_item(user, into_id)
    other = SummaryItem.objects.filter(
        pk=_int(other_id), kickoff=into.kickoff, section=into.section
    ).first()
    if other is None or other.pk == into.pk:
        raise UserError(
            gettext("Choose another idea from the same question to merge."), field="other"
        )
    other.contributions.update(item=into)
    other.delete()
    return into


@transaction.atomic
def split_contribution(user: User, contribution_id) -> SummaryItem:
    """Take one contribution out of its group into a group of its own, just below."""
    try:
        c = Contribution.objects.select_related("item").get(
            pk=int(contribution_id), kickoff__classroom__in=charter_classes_managed_by(user)
        )
    except (Contribution.DoesNotExist, TypeError, ValueError):
        raise NotFound("contribution") from None
    if c.item.contributions.count() == 1:
        raise UserError(
            gettext("This contribution is already an idea of its own."), field="contribution"
        )
    siblings = list(
        SummaryItem.objects.select_for_update()
        .filter(kickoff=c.kickoff, section=c.section)
        .order_by("position", "id")
    )
    at = next(i for i, s in enumerate(siblings) if s.pk == c.item_id) + 1
    new = SummaryItem.objects.create(kickoff=c.kickoff, section=c.section, text=c.text)
    siblings.insert(at, new)
    for pos, s in enumerate(siblings):
        s.position = pos
    SummaryItem.objects.bulk_update(siblings, ["position"])
    old = c.item
    c.item = new
    c.save(update_fields=["item", "updated_at"])
    if " ".join(old.text.split()).lower() == " ".join(c.text.split()).lower():
        # The group still spoke with the words that just left it: it takes the wording of
        # the first contribution that stays (a teacher's own wording is left alone).
        stays = old.contributions.order_by("created_at", "id").first()
        old.text = stays.text
        old.save(update_fields=["text", "updated_at"])
    return new


@transaction.atomic
def reword_item(user: User, item_id, text: str) -> SummaryItem:
    item = _managed_item(user, item_id)
    item.text = clean_text(text, field="text", what=gettext("The wording"))
    item.save(update_fields=["text", "updated_at"])
    return item


@transaction.atomic
def move_item(user: User, item_id, direction: str) -> SummaryItem:
    item = _managed_item(user, item_id)
    _swap(
        item,
        direction,
        SummaryItem.objects.filter(kickoff=item.kickoff, section=item.section).order_by(
            "position", "id"
        ),
    )
    return item
