"""Formative check-ins with confidence.

Nouns: a **Question** lives in a teacher's bank; what it asks is held in immutable
**QuestionVersion** rows (an edit makes a new version, so an answer always points at the exact
wording, options and key the student saw). A **CheckIn** is a definition — a title and an
ordered list of questions (**CheckInItem**) — that a teacher may share with colleagues. A
**Run** is one use of a check-in in one class, either *live* (the teacher paces it question by
question and reveals answers) or as an *exit ticket* open until a time; the same check-in run
in several classes keeps one identity, so results can be pooled. An **Answer** is one
student's response to one question in one run, with the confidence rating (1–4) that follows
it, whether it came in late, and — for short text — the teacher's mark.

Check-ins are formative: nothing here is a grade, and nothing is passed back as one.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from trellis.common.models import TimeStamped, WriteOnce


class QuestionKind(models.TextChoices):
    SINGLE = "single", gettext_lazy("Single choice")
    MULTIPLE = "multiple", gettext_lazy("Multiple choice")
    SHORT = "short", gettext_lazy("Short text")
    NUMBER = "number", gettext_lazy("Number")


class Question(TimeStamped):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkin_questions"
    )
    # The question this one was copied from (a copy starts its own version history).
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    # Number of the newest version; cached here so a bank list needs no aggregate.
    current_number = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self):
        return f"Question {self.pk} (v{self.current_number})"


class QuestionVersion(WriteOnce):
    """What a question asks, frozen. Never updated: an edit appends version n + 1."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=16, choices=QuestionKind.choices)
    prompt = models.TextField()
    target = models.ForeignKey(
        "curriculum.LearningTarget",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Choice questions: [{"key": "A", "text": ..., "correct": bool, "misconception": str}].
    options = models.JSONField(default=list, blank=True)
    # Number questions: the answer and how far from it still counts as right.
    number_answer = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    tolerance = models.DecimalField(max_digits=20, decimal_places=6, default=0)
    # Short text: what a good answer looks like, shown on reveal and beside the marking list.
    model_answer = models.TextField(blank=True)
    # Shown to students once the answer is revealed.
    explanation = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["question_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["question", "number"], name="one_version_number")
        ]

    def __str__(self):
        return f"Q{self.question_id} v{self.number}"

    @property
    def correct_keys(self) -> list[str]:
        return [o["key"] for o in self.options if o.get("correct")]

    @property
    def is_choice(self) -> bool:
        return self.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)


class CheckIn(TimeStamped):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkins"
    )
    # Denormalised from the owner: colleagues of another school never see it.
    school = models.ForeignKey("accounts.School", on_delete=models.CASCADE, related_name="checkins")
    title = models.CharField(max_length=200)
    # Shared check-ins are visible to the owner's teammates, who may run and copy them.
    is_shared = models.BooleanField(default=False)
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self):
        return self.title


class CheckInItem(models.Model):
    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="items")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="items")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["checkin", "question"], name="question_once_per_checkin"
            )
        ]

    def __str__(self):
        return f"{self.checkin_id}#{self.position}: question {self.question_id}"


class RunMode(models.TextChoices):
    LIVE = "live", gettext_lazy("Live (I set the pace)")
    EXIT = "exit", gettext_lazy("Exit ticket (open until a time)")


class Run(TimeStamped):
    checkin = models.ForeignKey(CheckIn, on_delete=models.PROTECT, related_name="runs")
    classroom = models.ForeignKey(
        "rosters.Classroom", on_delete=models.CASCADE, related_name="checkin_runs"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    mode = models.CharField(max_length=8, choices=RunMode.choices)
    started_at = models.DateTimeField(default=timezone.now)
    # Exit tickets close by themselves at closes_at; either mode closes when the teacher says.
    closes_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Live runs: the index (in item order) of the question on screen; None before it starts.
    position = models.PositiveIntegerField(null=True, blank=True)
    # Question ids whose right answer (and class distribution) students may now see.
    revealed = models.JSONField(default=list, blank=True)
    # The question's target id -> the matching target of this class (same code or statement),
    # resolved when the run starts so a colleague's check-in feeds this class's release board.
    target_map = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["classroom", "started_at"])]

    def __str__(self):
        return f"{self.checkin} in {self.classroom}"

    def is_open_at(self, now) -> bool:
        if self.closed_at is not None and self.closed_at <= now:
            return False
        return not (self.closes_at is not None and self.closes_at <= now)

    def closed_time(self):
        """When the run stopped taking on-time answers (None while it is open)."""
        times = [t for t in (self.closed_at, self.closes_at) if t is not None]
        return min(times) if times else None

    def target_for(self, target_id):
        if target_id is None:
            return None
        return self.target_map.get(str(target_id), target_id)


class Mark(models.TextChoices):
    RIGHT = "right", gettext_lazy("Right")
    PARTLY = "partly", gettext_lazy("Partly")
    NOT_YET = "not_yet", gettext_lazy("Not yet")


MARK_SCORES = {Mark.RIGHT: 1.0, Mark.PARTLY: 0.5, Mark.NOT_YET: 0.0}


class Answer(models.Model):
    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="answers")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkin_answers"
    )
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    version = models.ForeignKey(QuestionVersion, on_delete=models.PROTECT, related_name="answers")
    # Choice: {"keys": [...]}; number: {"text": as typed, "value": "3.5"}; short: {"text": ...}.
    response = models.JSONField(default=dict)
    # Short text after normalising case, whitespace and punctuation; identical ones group.
    normalised = models.CharField(max_length=500, blank=True, db_index=True)
    # None until known (short text waits for the teacher's mark).
    correct = models.BooleanField(null=True)
    score = models.FloatField(null=True)
    mark = models.CharField(max_length=8, choices=Mark.choices, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confidence = models.PositiveSmallIntegerField(null=True, blank=True)
    is_late = models.BooleanField(default=False)
    # The form's one-time key: a double click sends it twice and gets the first answer back.
    idempotency_key = models.CharField(max_length=64)
    submitted_at = models.DateTimeField()
    confidence_at = models.DateTimeField(null=True, blank=True)
    # The `answered` evidence event that currently counts for this answer (voided on re-mark).
    answered_event = models.ForeignKey(
        "evidence.EvidenceEvent", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "student", "question"], name="one_answer_per_question"
            ),
            models.UniqueConstraint(
                fields=["student", "idempotency_key"], name="answer_idempotency_key"
            ),
            models.CheckConstraint(
                condition=Q(confidence__isnull=True) | Q(confidence__gte=1, confidence__lte=4),
                name="confidence_1_to_4",
            ),
        ]
        indexes = [models.Index(fields=["student", "submitted_at"])]

    def __str__(self):
        return f"{self.student_id} on question {self.question_id} (run {self.run_id})"


CONFIDENCE_SCALE = [
    # value, what a student reads (our own words)
    (1, gettext_lazy("I'm guessing")),
    (2, gettext_lazy("I'm not sure yet")),
    (3, gettext_lazy("I think I've got it")),
    (4, gettext_lazy("I could teach this")),
]
CONFIDENCE_LABELS = dict(CONFIDENCE_SCALE)
