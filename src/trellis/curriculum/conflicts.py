"""A target, a task or a release plan as an edit conflict shows it beside the person's own
version: (label, value) pairs, labels as on the edit forms, in the page's language."""

from django.utils.formats import date_format
from django.utils.translation import gettext

from .models import LearningTarget, ReleasePlan, Task


def target_content(target: LearningTarget) -> list[tuple[str, str]]:
    """A target as a conflict shows it (labels as on the edit form)."""
    return [
        (gettext("“I can …” statement"), target.statement),
        (gettext("Success criteria"), "\n".join(target.success_criteria)),
        (gettext("Evidence of knowing"), target.evidence_of_knowing),
        (gettext("Standards code"), target.code),
        (
            gettext("Current target"),
            gettext("yes") if target.is_active else gettext("no (retired)"),
        ),
    ]


def task_content(task: Task) -> list[tuple[str, str]]:
    """A task with its steps as a conflict shows it."""
    out = [
        (gettext("Title"), task.title),
        (gettext("Targets it serves"), "\n".join(t.statement for t in task.targets.all())),
        (
            gettext("Shared with my teacher team"),
            gettext("yes") if task.shared_with_team else gettext("no"),
        ),
    ]
    for i, step in enumerate(task.steps.order_by("position", "id"), 1):
        text = step.text
        if step.notes:
            text += "\n" + gettext("Notes: %(notes)s") % {"notes": step.notes}
        if step.worked_example:
            text += "\n" + gettext("Worked example: %(example)s") % {"example": step.worked_example}
        out.append((gettext("Step %(number)s") % {"number": i}, text))
    return out


def plan_content(plan: ReleasePlan) -> list[tuple[str, str]]:
    """A release plan as a conflict shows it."""
    return [
        (gettext("Modeling: think-aloud script"), plan.think_aloud),
        (gettext("Co-construction: prompts"), "\n".join(plan.co_construction_prompts)),
        (gettext("Guided practice: check questions"), "\n".join(plan.check_questions)),
        (gettext("Independent practice: the assignment"), plan.independent_assignment),
        (gettext("Done as"), plan.get_assignment_kind_display()),
        (gettext("Due date"), date_format(plan.due_date) if plan.due_date else ""),
        (gettext("Next-day success check"), plan.success_check),
    ]
