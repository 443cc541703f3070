"""Reflection, revisiting, the portfolio and families.

Nouns: a **Reflection** (a short piece of a student's or a teacher's thinking, tied to a
target, a task or a handed-in revision, written at a **Moment**, with optional audio and its
transcript); a **ClassPrompt** (a class's own wording of the prompt for a moment); a
**Revisit** ("then and now": an old piece beside a new one with a note on what changed); a
**Collection** of a student's pieces (**CollectionItem**) published to an **Audience** on
the ladder; a **ShareLink** (a secret, expiring, revocable address of a collection); a
**Response** (a comment or "this helped me think" from an audience, moderated when it comes
from outside the class); a **GuardianLink** between a guardian account and a student, made
from the roster or from a **FamilyInvite** code; a **StudentAge** (under 13 or not, from the
roster or the admin); a **Notification** for the bell.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy

from trellis.common.models import TimeStamped

REFLECTION_MAX = 2000
TRANSCRIPT_MAX = 4000
NOTE_MAX = 1000
COMMENT_MAX = 600
TITLE_MAX = 120


class Moment(models.TextChoices):
    GUIDED = "guided", gettext_lazy("After guided practice")
    REVISION = "revision", gettext_lazy("After a revision")
    SURE_WRONG = "sure_wrong", gettext_lazy("After a check-in I was sure about but got wrong")
    UNIT_END = "unit_end", gettext_lazy("At the end of a unit")
    FREE = "free", gettext_lazy("Any time")
    LESSON = "lesson", gettext_lazy("A teacher's own lesson")


# Our own default prompts; a teacher may reword them for a class (ClassPrompt).
DEFAULT_PROMPTS = {
    Moment.GUIDED: gettext_lazy(
        "What helped me most while I practised with support? Where did I get "
        "stuck, and what will I try first next time?"
    ),
    Moment.REVISION: gettext_lazy(
        "What did I change in this version, and why? Which piece of feedback "
        "moved my work the most?"
    ),
    Moment.SURE_WRONG: gettext_lazy(
        "I felt sure, and the answer was not right. What did I think was true? "
        "What will I check before I feel sure next time?"
    ),
    Moment.UNIT_END: gettext_lazy(
        "Looking back over this unit: what went well, where did I fall short, "
        "and what will I do differently in the next one?"
    ),
    Moment.FREE: gettext_lazy("What am I noticing about how I learn right now?"),
    Moment.LESSON: gettext_lazy(
        "How did this lesson go? What worked, what fell short, and what will I change next time?"
    ),
}


class Reflection(TimeStamped):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reflections"
    )
    classroom = models.ForeignKey("rosters.Classroom", on_delete=models.CASCADE, related_name="+")
    moment = models.CharField(max_length=16, choices=Moment.choices, default=Moment.FREE)
    prompt = models.CharField(max_length=500, blank=True)  # the wording the author answered
    target = models.ForeignKey(
        "curriculum.LearningTarget",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    task = models.ForeignKey(
        "curriculum.Task", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revision = models.ForeignKey(
        "work.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(blank=True)
    # Audio recorded in the browser, stored like hand-ins (generated name, kind from content).
    audio_name = models.CharField(max_length=255, blank=True)
    audio_type = models.CharField(max_length=60, blank=True)
    audio_size = models.PositiveIntegerField(null=True, blank=True)
    transcript = models.TextField(blank=True)
    # A teacher's modelled reflection, shown to the class when true.
    shown_to_class = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["author", "classroom", "created_at"])]


class ClassPrompt(TimeStamped):
    classroom = models.ForeignKey("rosters.Classroom", on_delete=models.CASCADE, related_name="+")
    moment = models.CharField(max_length=16, choices=Moment.choices)
    text = models.CharField(max_length=500)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["classroom", "moment"], name="one_prompt_per_moment")
        ]


class PieceKind(models.TextChoices):
    REVISION = "revision", gettext_lazy("A version of my work")
    REFLECTION = "reflection", gettext_lazy("A reflection")
    CHECKIN = "checkin", gettext_lazy("A check-in answer")
    REVISIT = "revisit", gettext_lazy("A then-and-now revisit")


class Revisit(TimeStamped):
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="revisits"
    )
    classroom = models.ForeignKey("rosters.Classroom", on_delete=models.CASCADE, related_name="+")
    target = models.ForeignKey(
        "curriculum.LearningTarget",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The assignment whose hand-in this revisit completes (a teacher may require one).
    assignment = models.ForeignKey(
        "work.Assignment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    then_kind = models.CharField(max_length=12, choices=PieceKind.choices)
    then_id = models.BigIntegerField()
    now_kind = models.CharField(max_length=12, choices=PieceKind.choices)
    now_id = models.BigIntegerField()
    # What the pieces said when the revisit was made (they are shown side by side).
    then_text = models.TextField(blank=True)
    now_text = models.TextField(blank=True)
    then_label = models.CharField(max_length=200)
    now_label = models.CharField(max_length=200)
    then_at = models.DateTimeField()
    note = models.TextField()

    class Meta:
        ordering = ["-created_at", "-id"]


class Audience(models.IntegerChoices):
    PRIVATE = 0, gettext_lazy("Only me and my teacher")
    TEAM = 1, gettext_lazy("My team")
    CLASS = 2, gettext_lazy("My class")
    FAMILY = 3, gettext_lazy("My family")
    LINKED = 4, gettext_lazy("A class or school my teacher linked")
    LINK = 5, gettext_lazy("Anyone with a secret link")


class Collection(TimeStamped):
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="collections"
    )
    classroom = models.ForeignKey("rosters.Classroom", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=TITLE_MAX)
    # The student's choice, and what is in force: `approved_audience` is the highest step the
    # teacher approved; `consented_audience` the highest a guardian consented to.
    audience = models.PositiveSmallIntegerField(choices=Audience.choices, default=Audience.PRIVATE)
    approved_audience = models.PositiveSmallIntegerField(default=Audience.CLASS)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Empty: no guardian has decided (under-13s then stop at the family).
    consented_audience = models.PositiveSmallIntegerField(null=True, blank=True)
    consented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What is in force, recomputed by every action that changes one of the three (a cache).
    effective_audience = models.PositiveSmallIntegerField(default=Audience.PRIVATE, db_index=True)
    # The other class the teacher linked (audience LINKED).
    linked_class = models.ForeignKey(
        "rosters.Classroom", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    family_may_comment = models.BooleanField(default=True)
    show_surname = models.BooleanField(default=False)
    is_conference = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-updated_at", "-id"]


def effective_audience(audience: int, approved: int, consented: int | None, under_13: bool) -> int:
    """The step in force: the student's choice, up to the class without approval and beyond it
    only as far as the teacher approved; for under-13s no further than the family unless a
    guardian consented; a guardian's withdrawn consent (PRIVATE) caps everyone."""
    cap = max(Audience.CLASS, approved)
    if consented is not None:
        cap = min(cap, consented)
    elif under_13:
        cap = min(cap, Audience.FAMILY)
    return min(audience, cap)


class CollectionItem(models.Model):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=12, choices=PieceKind.choices)
    # One of these holds the piece; the piece keeps its own history (revisions stay).
    revision = models.ForeignKey(
        "work.Revision", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    reflection = models.ForeignKey(
        Reflection, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    revisit = models.ForeignKey(
        Revisit, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    note = models.CharField(max_length=NOTE_MAX, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return f"{self.kind} in collection {self.collection_id}"


class ShareLink(TimeStamped):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="links")
    token = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)


class ResponseStatus(models.TextChoices):
    WAITING = "waiting", gettext_lazy("Waiting for the teacher")
    SHOWN = "shown", gettext_lazy("Shown to the student")
    HIDDEN = "hidden", gettext_lazy("Not shown")


class Response(TimeStamped):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="responses")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A visitor through a secret link gives only a first name (or nothing).
    visitor_name = models.CharField(max_length=60, blank=True)
    helped = models.BooleanField(default=False)  # "this helped me think"
    body = models.CharField(max_length=COMMENT_MAX, blank=True)
    outside = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=ResponseStatus.choices)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]


class GuardianLink(TimeStamped):
    guardian = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="children_links"
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guardian_links"
    )
    source = models.CharField(max_length=10)  # "roster" or "code"
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["guardian", "student"], name="one_link_per_pair")
        ]


class FamilyInvite(TimeStamped):
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    classroom = models.ForeignKey("rosters.Classroom", on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=16, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField()
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    used_at = models.DateTimeField(null=True, blank=True)


class StudentAge(TimeStamped):
    student = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="age_record"
    )
    under_13 = models.BooleanField()
    source = models.CharField(max_length=10, default="admin")  # "roster" or "admin"


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    # The student a notice is about (their collection, their revisit), when it is not the
    # recipient: erasing that student removes the notices that name them or their work.
    about = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=24)
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="unread_notes"
            )
        ]

    def __str__(self):
        return self.text


class DigestChoice(TimeStamped):
    """A person asked for the weekly email of their unread notices."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_choice"
    )
    weekly = models.BooleanField(default=False)
