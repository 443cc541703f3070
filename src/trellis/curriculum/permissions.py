"""Targets follow their class: whoever may view the class sees its targets; whoever manages
the class writes them."""

from django.db.models import QuerySet

from trellis.rosters.permissions import classes_managed_by, classes_visible_to

from .models import LearningTarget


def targets_visible_to(user) -> QuerySet[LearningTarget]:
    return LearningTarget.objects.filter(classroom__in=classes_visible_to(user))


def targets_managed_by(user) -> QuerySet[LearningTarget]:
    return LearningTarget.objects.filter(classroom__in=classes_managed_by(user))
