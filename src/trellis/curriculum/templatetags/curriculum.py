"""`{% current_targets classroom %}`: the class's current targets, for any class page."""

from django import template

from trellis.curriculum.queries import current_targets_for

register = template.Library()


@register.inclusion_tag("curriculum/_current_targets.html", takes_context=True)
def current_targets(context, classroom):
    user = context["request"].user
    return {"classroom": classroom, "targets": current_targets_for(user, classroom)}
