"""The question bank, the check-ins page, one check-in's detail and a class's runs."""

from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.utils import timezone

from trellis.accounts.models import User
from trellis.curriculum.models import LearningTarget
from trellis.curriculum.permissions import targets_managed_by
from trellis.rosters.models import Classroom
from trellis.rosters.permissions import classes_managed_by

from ..models import CheckIn, CheckInItem, QuestionVersion, Run
from ..permissions import (
    checkins_managed_by,
    checkins_visible_to,
    questions_managed_by,
    runs_managed_by,
)
from ._common import _item_versions

# ---------------------------------------------------------------- bank and check-ins


def bank(user: User) -> list[QuestionVersion]:
    """The user's questions, each as its newest version: one query."""
    return list(
        QuestionVersion.objects.filter(
            question__in=questions_managed_by(user), number=F("question__current_number")
        )
        .select_related("question", "target")
        .annotate(n_answers=Count("question__answers", distinct=True))
        .order_by("-question__updated_at", "-question_id")
    )


def targets_for_author(user: User) -> list[LearningTarget]:
    return list(
        targets_managed_by(user)
        .filter(is_active=True)
        .select_related("classroom")
        .order_by("classroom__course", "classroom__section", "position", "id")
    )


@dataclass
class CheckInsPage:
    mine: list[CheckIn]
    shared: list[CheckIn]


def checkins_page(user: User) -> CheckInsPage:
    rows = list(
        checkins_visible_to(user)
        .select_related("owner")
        .annotate(
            n_items=Count("items", distinct=True),
            n_runs=Count("runs", distinct=True),
        )
        .order_by("-updated_at", "-id")
    )
    if user.is_school_admin:
        return CheckInsPage(mine=rows, shared=[])  # the school's, in one list
    return CheckInsPage(
        mine=[c for c in rows if c.owner_id == user.pk],
        shared=[c for c in rows if c.owner_id != user.pk],
    )


@dataclass
class CheckInDetail:
    checkin: CheckIn
    items: list[tuple[CheckInItem, QuestionVersion]]
    can_edit: bool
    addable: list[QuestionVersion] = field(default_factory=list)
    classes: list[Classroom] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)


def checkin_detail(user: User, checkin: CheckIn) -> CheckInDetail:
    can_edit = (
        checkin.owner_id == user.pk and checkins_managed_by(user).filter(pk=checkin.pk).exists()
    )
    items = _item_versions(checkin)
    detail = CheckInDetail(checkin=checkin, items=items, can_edit=can_edit)
    if can_edit:
        used = {item.question_id for item, _ in items}
        detail.addable = [v for v in bank(user) if v.question_id not in used]
    detail.classes = list(classes_managed_by(user).filter(is_active=True).order_by("course"))
    detail.runs = list(
        runs_managed_by(user)
        .filter(checkin=checkin)
        .select_related("classroom")
        .annotate(n_students=Count("answers__student", distinct=True))
    )
    return detail


# ---------------------------------------------------------------- a class's check-ins


@dataclass
class ClassRunRow:
    run: Run
    is_open: bool
    n_questions: int
    n_mine: int = 0  # students: how many they answered
    n_students: int = 0  # teachers: how many students answered


def class_runs(user: User, classroom: Classroom, *, as_teacher: bool) -> list[ClassRunRow]:
    """Runs of one class, newest first: one query."""
    now = timezone.now()
    qs = Run.objects.filter(classroom=classroom).select_related("checkin")
    qs = qs.annotate(n_questions=Count("checkin__items", distinct=True))
    if as_teacher:
        qs = qs.annotate(n_students=Count("answers__student", distinct=True))
    else:
        qs = qs.annotate(n_mine=Count("answers", filter=Q(answers__student=user), distinct=True))
    rows = []
    for run in qs.order_by("-started_at", "-id"):
        rows.append(
            ClassRunRow(
                run=run,
                is_open=run.is_open_at(now),
                n_questions=run.n_questions,
                n_mine=getattr(run, "n_mine", 0),
                n_students=getattr(run, "n_students", 0),
            )
        )
    return rows
