"""`{% lesson_now classroom %}`: on the class page, the lesson running now in one tap: a
student goes straight to the live task; a teacher opens the run page or the projector, or
starts a task."""

from django import template

from ..queries import class_tasks_now

register = template.Library()


@register.inclusion_tag("progression/_lesson_now.html", takes_context=True)
def lesson_now(context, classroom, teacher=False):
    user = context["request"].user
    running, startable = class_tasks_now(user, classroom)
    return {
        "classroom": classroom,
        "running": running,
        "startable": startable if teacher else [],
        "teacher": teacher,
        "csrf_token": context.get("csrf_token"),
    }
