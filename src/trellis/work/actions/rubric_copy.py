"""Copying a rubric to another class the teacher manages.

The copy is a draft in the new class with the source's levels, criteria and level wording.
It remembers the version it came from (``Rubric.copied_from``), so the history behind it
stays one link away; that history itself is never copied or changed. Targets are matched by
their statement in the new class (a criterion without a match asks for a target before
publishing). Students' names and exemplars stay with the original class: exemplars are
students' work, and credit for proposals belongs to the class that made them.
"""

from django.db import transaction
from django.utils.translation import gettext

from trellis.common.errors import NotFound, UserError
from trellis.curriculum.models import LearningTarget
from trellis.rosters.permissions import classes_managed_by

from ..models import Descriptor, Rubric, RubricCriterion, RubricLevel
from ..permissions import rubrics_managed_by


@transaction.atomic
def copy_rubric(user, rubric, classroom_id) -> Rubric:
    source = rubrics_managed_by(user).filter(pk=rubric.pk).select_related("classroom").first()
    if source is None:
        raise NotFound("rubric")
    return _copy(user, source, classroom_id)


@transaction.atomic
def copy_team_rubric(user, rubric_id, classroom_id) -> Rubric:
    """Copy a rubric a teammate shared with a teacher team (the rubric alone: no task, no
    assignment, no exemplar) into a class the user teaches. trellis.collaboration calls it
    once it has checked that the rubric is shared with one of the user's teams."""
    source = Rubric.objects.filter(pk=rubric_id).select_related("classroom").first()
    if source is None:
        raise NotFound("rubric")
    return _copy(user, source, classroom_id)


def _copy(user, source: Rubric, classroom_id) -> Rubric:
    try:
        target_class = classes_managed_by(user).filter(pk=int(classroom_id)).first()
    except (TypeError, ValueError):
        target_class = None
    if target_class is None:
        raise UserError(gettext("Choose one of the classes you teach."), field="classroom")
    version = source.versions.order_by("-number").first()
    copy = Rubric.objects.create(
        classroom=target_class,
        title=source.title,
        description=source.description,
        created_by=user,
        copied_from=version,
    )
    levels = {}
    for lv in source.levels.filter(is_active=True).order_by("position", "id"):
        levels[lv.pk] = RubricLevel.objects.create(
            rubric=copy, title=lv.title, points=lv.points, position=lv.position
        )
    statements = {
        t.statement.strip().lower(): t
        for t in LearningTarget.objects.filter(classroom=target_class)
    }
    criteria = list(
        source.criteria.filter(is_active=True).select_related("target").order_by("position", "id")
    )
    made = {}
    for c in criteria:
        target = statements.get(c.target.statement.strip().lower()) if c.target else None
        made[c.pk] = RubricCriterion.objects.create(
            rubric=copy,
            title=c.title,
            description=c.description,
            position=c.position,
            target=target,
        )
    Descriptor.objects.bulk_create(
        Descriptor(criterion=made[d.criterion_id], level=levels[d.level_id], text=d.text)
        for d in Descriptor.objects.filter(criterion__in=criteria, level_id__in=levels)
    )
    return copy
