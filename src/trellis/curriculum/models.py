"""What a class is learning and the tasks it learns through.

Nouns: a **LearningTarget** is an "I can …" statement for a class, with its success
criteria (how we will know) and what evidence of knowing looks like, optionally coded to a
standards framework (an admin imports a framework's items as targets from a CASE package:
``standards/``). A **Task** is a piece of work that serves one or more targets; its
ordered **TaskStep**s are the recipe the teacher models, each with optional notes and a worked
example. A task's **ReleasePlan** says what happens in each phase of the gradual release: the
think-aloud for modeling, the prompts for co-construction, the check questions for guided
practice, and the independent assignment with its next-day success check.

A target, a task (with its steps) and a release plan each carry a ``version``, one more with
every save: an edit form carries the version it was opened at, and a save from an older one
is refused with the newer content shown (``common.errors.StaleEdit``), so two teachers of a
class never silently overwrite each other.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy

from trellis.common.models import TimeStamped

STATEMENT_MAX = 300
TASK_TITLE_MAX = 200
STEP_TEXT_MAX = 500
SUCCESS_CHECK_MAX = 300
IMAGE_ALT_MAX = 300


class LearningTarget(TimeStamped):
    classroom = models.ForeignKey(
        "rosters.Classroom", on_delete=models.CASCADE, related_name="targets"
    )
    statement = models.CharField(
        max_length=STATEMENT_MAX, help_text=gettext_lazy("Begins with “I can …”.")
    )
    success_criteria = models.JSONField(default=list, blank=True)
    evidence_of_knowing = models.TextField(blank=True)
    code = models.CharField(
        max_length=64, blank=True, help_text=gettext_lazy("e.g. a CASE or state code")
    )
    # Imported from a CASE package: the CFItem's identifier (a UUID, lower case) and its parent
    # in the framework's hierarchy. A re-import finds the target by it (standards/actions.py).
    case_identifier = models.CharField(max_length=36, blank=True, default="")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    position = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # One more with every save (optimistic lock of the edit form).
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["classroom", "case_identifier"],
                condition=~models.Q(case_identifier=""),
                name="target_case_identifier_once_per_class",
            )
        ]

    def __str__(self):
        return self.statement


class Task(TimeStamped):
    classroom = models.ForeignKey(
        "rosters.Classroom", on_delete=models.CASCADE, related_name="tasks"
    )
    title = models.CharField(max_length=TASK_TITLE_MAX)
    targets = models.ManyToManyField(LearningTarget, related_name="tasks", blank=True)
    position = models.PositiveIntegerField(default=0)
    # Archived tasks leave every list and the release board; their evidence stays.
    is_active = models.BooleanField(default=True)
    # Read by the collaboration app: the task then shows in its teacher teams' shared space.
    shared_with_team = models.BooleanField(default=False)
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # One more with every save of the task or its steps (optimistic lock of the edit form).
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.title


class TaskStep(TimeStamped):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveIntegerField(default=0)
    text = models.CharField(max_length=STEP_TEXT_MAX)
    notes = models.TextField(blank=True)
    worked_example = models.TextField(blank=True)
    # An optional picture (a graph, a diagram) in default storage; alt text is required with it.
    image = models.CharField(max_length=255, blank=True)
    image_name = models.CharField(max_length=200, blank=True)
    image_alt = models.CharField(max_length=IMAGE_ALT_MAX, blank=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.text


class AssignmentKind(models.TextChoices):
    CLASSWORK = "classwork", gettext_lazy("Class work")
    HOMEWORK = "homework", gettext_lazy("Homework")


class ReleasePlan(TimeStamped):
    task = models.OneToOneField(Task, on_delete=models.CASCADE, related_name="plan")
    think_aloud = models.TextField(blank=True)
    co_construction_prompts = models.JSONField(default=list, blank=True)
    check_questions = models.JSONField(default=list, blank=True)
    independent_assignment = models.TextField(blank=True)
    assignment_kind = models.CharField(
        max_length=16, choices=AssignmentKind.choices, default=AssignmentKind.CLASSWORK
    )
    due_date = models.DateField(null=True, blank=True)
    success_check = models.CharField(max_length=SUCCESS_CHECK_MAX, blank=True)
    # One more with every save (optimistic lock of the plan form).
    version = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"Release plan for {self.task}"
