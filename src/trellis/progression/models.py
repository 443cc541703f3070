"""Students' phases in class, and the acts of each phase.

Nouns: a **TaskRun** is a task being taught in class — started, with the step on the
projector and whether the class is watching (modeling) or directing (co-construction). A
**StudentPhase** is where one student stands on one task; it is a cache of the **PhaseMove**
log (who moved whom, when, from where to where, why, and what the engine recommended at that
moment), and the log is itself mirrored as `moved` evidence, from which
`trellis rebuild-readiness` rebuilds every StudentPhase. A **Suggestion** is a student's
"what comes next?" during co-construction; a **GuidedEntry** is a student's plan before a
step of guided practice and their reflection after it (one set per attempt: coming back to
guided practice from a later phase starts a fresh attempt); a **HelpRequest** is "I need help"
during independent practice; a **SuccessCheckAnswer** is the next-day check the teacher marks.
"I'm lost" signals and teacher observations live only in the evidence log.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy

from trellis.common.models import TimeStamped
from trellis.grr import Phase

SUGGESTION_MAX = 280
PLAN_MAX = 280
REFLECTION_MAX = 500
NOTE_MAX = 500
ANSWER_MAX = 500


class PhaseChoice(models.IntegerChoices):
    # Mirrors trellis.grr.Phase (values and order); the engine's labels are the display.
    MODELING = Phase.MODELING.value, Phase.MODELING.label
    CO_CONSTRUCTION = Phase.CO_CONSTRUCTION.value, Phase.CO_CONSTRUCTION.label
    GUIDED = Phase.GUIDED.value, Phase.GUIDED.label
    INDEPENDENT = Phase.INDEPENDENT.value, Phase.INDEPENDENT.label
    COMPLETE = Phase.COMPLETE.value, Phase.COMPLETE.label


class RunMode(models.TextChoices):
    MODELING = "modeling", gettext_lazy("Modeling: I show each step")
    CO_CONSTRUCTION = (
        "co_construction",
        gettext_lazy("Co-construction: students say what comes next"),
    )


class TaskRun(TimeStamped):
    task = models.OneToOneField("curriculum.Task", on_delete=models.CASCADE, related_name="run")
    classroom = models.ForeignKey("rosters.Classroom", on_delete=models.CASCADE, related_name="+")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    mode = models.CharField(max_length=20, choices=RunMode.choices, default=RunMode.MODELING)
    # Index into the task's ordered steps of the step on the projector.
    current_step = models.PositiveIntegerField(default=0)
    # When the step or mode last changed: "I'm lost" counts only since then.
    step_changed_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["classroom", "ended_at"])]


class StudentPhase(models.Model):
    task = models.ForeignKey("curriculum.Task", on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="task_phases"
    )
    phase = models.PositiveSmallIntegerField(
        choices=PhaseChoice.choices, default=PhaseChoice.MODELING
    )
    # One more for every move; a teacher's form carries the version it saw (optimistic lock).
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["task", "student"], name="one_phase_per_task")
        ]

    def __str__(self):
        return f"{self.student_id} on {self.task_id}: {self.get_phase_display()}"

    @property
    def grr_phase(self) -> Phase:
        return Phase(self.phase)


class PhaseMove(models.Model):
    task = models.ForeignKey("curriculum.Task", on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    kind = models.CharField(max_length=24)  # a trellis.grr.MoveKind value
    from_phase = models.PositiveSmallIntegerField(choices=PhaseChoice.choices)
    to_phase = models.PositiveSmallIntegerField(choices=PhaseChoice.choices)
    note = models.CharField(max_length=NOTE_MAX, blank=True)
    # What the engine recommended when the teacher decided (kind and its readable reason).
    recommendation = models.CharField(max_length=16, blank=True)
    recommendation_reason = models.TextField(blank=True)
    # The weakest target's estimated mastery behind that recommendation (None without
    # capability evidence): the "predicted" column of the recommendations page.
    recommendation_mastery = models.FloatField(null=True, blank=True)
    evidence = models.OneToOneField(
        "evidence.EvidenceEvent", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["task", "student", "created_at"])]

    def __str__(self):
        return f"{self.student_id} {self.kind} {self.from_phase}→{self.to_phase} on {self.task_id}"


class Suggestion(models.Model):
    task = models.ForeignKey("curriculum.Task", on_delete=models.CASCADE, related_name="+")
    # The step shown when the student answered "what comes next?".
    step = models.ForeignKey("curriculum.TaskStep", on_delete=models.PROTECT, related_name="+")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    text = models.CharField(max_length=SUGGESTION_MAX)
    created_at = models.DateTimeField()
    picked = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["task", "step"])]

    def __str__(self):
        return self.text


class GuidedEntry(models.Model):
    task = models.ForeignKey("curriculum.Task", on_delete=models.CASCADE, related_name="+")
    step = models.ForeignKey("curriculum.TaskStep", on_delete=models.PROTECT, related_name="+")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    plan = models.CharField(max_length=PLAN_MAX)
    planned_at = models.DateTimeField()
    reflection = models.CharField(max_length=REFLECTION_MAX, blank=True)
    confidence = models.PositiveSmallIntegerField(null=True, blank=True)
    reflected_at = models.DateTimeField(null=True, blank=True)
    # Guided practice can be tried again ("I need help", a step back from independent): each
    # return starts a fresh attempt and the earlier ones stay as history.
    attempt = models.PositiveSmallIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["task", "step", "student", "attempt"],
                name="one_guided_entry_per_step_and_attempt",
            )
        ]

    def __str__(self):
        return f"{self.student_id} on step {self.step_id}: {self.plan}"


class HelpRequest(models.Model):
    task = models.ForeignKey("curriculum.Task", on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    note = models.CharField(max_length=NOTE_MAX, blank=True)
    created_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["task", "resolved_at"])]

    def __str__(self):
        return f"Help for {self.student_id} on {self.task_id}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class Verdict(models.TextChoices):
    RIGHT = "right", gettext_lazy("Right")
    NOT_YET = "not_yet", gettext_lazy("Not yet")


class SuccessCheckAnswer(models.Model):
    task = models.ForeignKey("curriculum.Task", on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # The question as it was asked (the plan may change later).
    question = models.CharField(max_length=300)
    answer = models.CharField(max_length=ANSWER_MAX)
    created_at = models.DateTimeField()
    verdict = models.CharField(max_length=8, choices=Verdict.choices, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.student_id}: {self.answer}"


class ParamsFit(models.Model):
    """One refit of a school's engine numbers from its whole evidence history
    (`trellis readiness refit`). Versions count up per school; the board uses the latest."""

    school = models.ForeignKey("accounts.School", on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField()
    created_at = models.DateTimeField()
    n_students = models.PositiveIntegerField(default=0)
    n_opportunities = models.PositiveIntegerField(default=0)
    n_targets = models.PositiveIntegerField(default=0)
    # The school's population (typical values and their strength), as the engine reported it.
    population = models.JSONField(default=dict, blank=True)
    seconds = models.FloatField(default=0.0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["school", "version"], name="one_fit_per_version")
        ]
        ordering = ["school", "-version"]

    def __str__(self):
        return f"school {self.school_id} fit v{self.version}"


class TargetParams(models.Model):
    """The engine's numbers for one learning target from one fit, with how many students and
    opportunities stand behind them and where they come from (``source``, ``reason``)."""

    fit = models.ForeignKey(ParamsFit, on_delete=models.CASCADE, related_name="targets")
    target = models.ForeignKey(
        "curriculum.LearningTarget", on_delete=models.CASCADE, related_name="+"
    )
    prior = models.FloatField()
    learn = models.FloatField()
    guess = models.FloatField()
    slip = models.FloatField()
    forget = models.FloatField(default=0.0)
    source = models.CharField(max_length=20)
    reason = models.CharField(max_length=300)
    n_students = models.PositiveIntegerField(default=0)
    n_opportunities = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["fit", "target"], name="one_params_per_target_fit")
        ]

    def __str__(self):
        return f"target {self.target_id} in {self.fit_id}"


class ClassThresholds(models.Model):
    """A class's own release thresholds, tuned by its teacher on the "how well do the
    recommendations work here" page; the board's recommendations use them. Every save counts
    ``version`` up (a stale form is refused) and is written to the audit log."""

    classroom = models.OneToOneField(
        "rosters.Classroom", on_delete=models.CASCADE, related_name="+"
    )
    advance_mastery = models.FloatField()
    advance_confidence = models.FloatField()
    step_back_mastery = models.FloatField()
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self):
        return f"thresholds of class {self.classroom_id} v{self.version}"
