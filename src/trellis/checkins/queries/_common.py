"""Helpers shared by the check-ins' reads: a check-in's items with their question versions,
and where confidence counts as sure.
"""

from django.db.models import F

from ..models import CheckIn, CheckInItem, QuestionVersion

SURE = 3  # confidence 3–4 is "sure", 1–2 "unsure"


def _item_versions(checkin: CheckIn) -> list[tuple[CheckInItem, QuestionVersion]]:
    items = list(checkin.items.select_related("question").order_by("position", "id"))
    versions = {
        v.question_id: v
        for v in QuestionVersion.objects.filter(
            question__items__checkin=checkin, number=F("question__current_number")
        ).select_related("target")
    }
    return [(item, versions[item.question_id]) for item in items]
