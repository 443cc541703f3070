"""Building a check-in: its title and sharing, its questions and their order, copies."""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext

from trellis.accounts.models import User
from trellis.common.errors import Conflict, NotFound, UserError
from trellis.common.text import clean_text

from ..models import Answer, CheckIn, CheckInItem, Question
from ..permissions import can_author, checkins_managed_by, checkins_visible_to, questions_managed_by
from ._common import _copy_many_into_bank

TITLE_MAX = 200


# ---------------------------------------------------------------- check-ins


def _clean_title(title: str) -> str:
    return clean_text(
        title,
        limit=TITLE_MAX,
        field="title",
        what=gettext("The title"),
        empty=gettext(
            "Give the check-in a title students will recognise, e.g. “Two-step equations”."
        ),
    )


def _require_own_checkin(user: User, checkin: CheckIn) -> CheckIn:
    try:
        return checkins_managed_by(user).select_for_update().get(pk=checkin.pk)
    except CheckIn.DoesNotExist:
        raise NotFound("check-in") from None


@transaction.atomic
def create_checkin(user: User, *, title: str, is_shared: bool = False) -> CheckIn:
    if not can_author(user):
        raise UserError(gettext("Only teachers write check-ins."), status=403)
    return CheckIn.objects.create(
        owner=user, school_id=user.school_id, title=_clean_title(title), is_shared=bool(is_shared)
    )


@transaction.atomic
def update_checkin(user: User, checkin: CheckIn, *, title: str, is_shared: bool) -> CheckIn:
    checkin = _require_own_checkin(user, checkin)
    checkin.title = _clean_title(title)
    checkin.is_shared = bool(is_shared)
    checkin.save(update_fields=["title", "is_shared", "updated_at"])
    return checkin


@transaction.atomic
def add_question(user: User, checkin: CheckIn, question: Question) -> CheckInItem:
    """Reuse a question of the user's bank in a check-in (a colleague's must be copied first)."""
    checkin = _require_own_checkin(user, checkin)
    if not questions_managed_by(user).filter(pk=question.pk).exists():
        raise NotFound("question")
    if checkin.items.filter(question=question).exists():
        raise Conflict(gettext("That question is already in this check-in."), field="question")
    position = (checkin.items.aggregate(m=Max("position"))["m"] or 0) + 1
    item = CheckInItem.objects.create(checkin=checkin, question=question, position=position)
    checkin.save(update_fields=["updated_at"])
    return item


@transaction.atomic
def remove_item(user: User, checkin: CheckIn, item_id) -> None:
    checkin = _require_own_checkin(user, checkin)
    item = checkin.items.filter(pk=item_id).first()
    if item is None:
        raise NotFound("question in this check-in")
    if Answer.objects.filter(run__checkin=checkin, question_id=item.question_id).exists():
        raise UserError(
            gettext(
                "Students have answered this question in a run of this check-in, so it "
                "stays (their answers and results point at it). Copy the check-in to "
                "make a version without it."
            ),
            field="question",
        )
    item.delete()


@transaction.atomic
def move_item(user: User, checkin: CheckIn, item_id, direction: str) -> None:
    """Swap a question with its neighbour (keyboard-friendly reordering: up / down)."""
    checkin = _require_own_checkin(user, checkin)
    items = list(checkin.items.order_by("position", "id"))
    index = next((i for i, it in enumerate(items) if str(it.pk) == str(item_id)), None)
    if index is None:
        raise NotFound("question in this check-in")
    other = index - 1 if direction == "up" else index + 1
    if other < 0 or other >= len(items):
        return
    items[index], items[other] = items[other], items[index]
    for pos, item in enumerate(items, 1):
        if item.position != pos:
            item.position = pos
            item.save(update_fields=["position"])


@transaction.atomic
def copy_checkin(user: User, checkin: CheckIn) -> CheckIn:
    """A copy is a new check-in (its own identity); a colleague's questions are copied into
    the user's bank, the user's own are reused."""
    if not can_author(user):
        raise UserError(gettext("Only teachers write check-ins."), status=403)
    if not checkins_visible_to(user).filter(pk=checkin.pk).exists():
        raise NotFound("check-in")
    copy = CheckIn.objects.create(
        owner=user,
        school_id=user.school_id,
        title=f"{checkin.title} (copy)"[:TITLE_MAX],
        copied_from=checkin,
    )
    items = list(checkin.items.select_related("question").order_by("position", "id"))
    theirs = [i.question for i in items if i.question.owner_id != user.pk]
    copies = _copy_many_into_bank(user, theirs)
    CheckInItem.objects.bulk_create(
        CheckInItem(
            checkin=copy, question=copies.get(i.question_id, i.question), position=i.position
        )
        for i in items
    )
    return copy
