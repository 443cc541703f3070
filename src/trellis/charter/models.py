"""The learning partnership: a class charter built in teams and kept alive with pulses.

Nouns:
- a **Kickoff** (one per class) with its **KickoffPrompt**s, the questions teams talk about;
- a team's **board**: the **BoardEntry** rows its members write under each prompt, and the
  **Nudge**s the teacher sends to it;
- the **class summary**: **Contribution**s teams send to one of four **sections** (what we
  would see, actions that help, what the teacher will do, what students will do), gathered
  into **SummaryItem**s (groups of similar contributions the teacher can merge, split,
  reword and order);
- the **Charter** of a class and its **CharterVersion**s (a draft, then published versions
  that never change; a revision is a new version), each holding **CharterItem**s whose
  ``key`` stays the same from version to version so other parts of Trellis can point at them;
- an **Endorsement**: one student's agreement with a published version, with what they would
  change;
- a **Pulse**: a short reflection on the commitments, answered in a **PulseResponse** with a
  **PulseRating** (1–5) per commitment. A **PulseParticipation** says who has answered (one
  answer per student per pulse); for anonymous pulses nothing joins it to the answer.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from trellis.common.models import TimeStamped

TEXT_MAX = 500
PROMPT_MAX = 300
NUDGE_MAX = 200


class Section(models.TextChoices):
    SEE = "see", gettext_lazy("What we would see in our class if we had a culture of learning")
    ACT = "act", gettext_lazy("Actions that would help us learn at high levels")
    TEACHER = "teacher", gettext_lazy("The teacher will…")
    STUDENTS = "students", gettext_lazy("Students will…")


COMMITMENT_SECTIONS = (Section.TEACHER, Section.STUDENTS)
SECTION_ORDER = {s.value: i for i, s in enumerate(Section)}


def in_section_order(items):
    """Items in the charter's reading order: section by section, then by position."""
    return sorted(items, key=lambda i: (SECTION_ORDER[i.section], i.position, i.pk))


class Kickoff(TimeStamped):
    # One per class, enforced here: starting twice must offer the existing one.
    classroom = models.OneToOneField(
        "rosters.Classroom", on_delete=models.CASCADE, related_name="charter_kickoff"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self):
        return f"Kickoff for {self.classroom}"


class KickoffPrompt(TimeStamped):
    kickoff = models.ForeignKey(Kickoff, on_delete=models.CASCADE, related_name="prompts")
    text = models.CharField(max_length=PROMPT_MAX)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.text


class BoardEntry(TimeStamped):
    kickoff = models.ForeignKey(Kickoff, on_delete=models.CASCADE, related_name="entries")
    team = models.ForeignKey("rosters.Team", on_delete=models.CASCADE, related_name="+")
    prompt = models.ForeignKey(KickoffPrompt, on_delete=models.CASCADE, related_name="entries")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.CharField(max_length=TEXT_MAX)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["kickoff", "team"])]


class Nudge(TimeStamped):
    kickoff = models.ForeignKey(Kickoff, on_delete=models.CASCADE, related_name="nudges")
    team = models.ForeignKey("rosters.Team", on_delete=models.CASCADE, related_name="+")
    message = models.CharField(max_length=NUDGE_MAX)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]


class SummaryItem(TimeStamped):
    """One idea on the class summary: a group of similar contributions, in the teacher's words."""

    kickoff = models.ForeignKey(Kickoff, on_delete=models.CASCADE, related_name="summary_items")
    section = models.CharField(max_length=16, choices=Section.choices)
    text = models.CharField(max_length=TEXT_MAX)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["section", "position", "id"]


class Contribution(TimeStamped):
    kickoff = models.ForeignKey(Kickoff, on_delete=models.CASCADE, related_name="contributions")
    team = models.ForeignKey("rosters.Team", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    section = models.CharField(max_length=16, choices=Section.choices)
    text = models.CharField(max_length=TEXT_MAX)
    item = models.ForeignKey(SummaryItem, on_delete=models.CASCADE, related_name="contributions")

    class Meta:
        ordering = ["created_at", "id"]


class Charter(TimeStamped):
    classroom = models.OneToOneField(
        "rosters.Classroom", on_delete=models.CASCADE, related_name="charter"
    )

    def __str__(self):
        return f"Charter of {self.classroom}"


class CharterVersion(TimeStamped):
    """A draft (``published_at`` empty) or a published version, which never changes again."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The teacher's own words on why the charter changed (for revisions).
    note = models.CharField(max_length=300, blank=True)
    # A draft's edit count: one more with every change to its items. Publishing carries the
    # count it was shown at, so nobody publishes a draft someone changed since.
    draft_version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["charter", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["charter", "number"], name="charter_version_number"),
            models.UniqueConstraint(
                fields=["charter"],
                condition=Q(published_at__isnull=True),
                name="one_draft_per_charter",
            ),
        ]

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def __str__(self):
        return f"Version {self.number}"


class CharterItem(TimeStamped):
    version = models.ForeignKey(CharterVersion, on_delete=models.CASCADE, related_name="items")
    # Stable across versions: a reworded item keeps its key, so links to it keep working.
    key = models.CharField(max_length=16)
    section = models.CharField(max_length=16, choices=Section.choices)
    text = models.CharField(max_length=TEXT_MAX)
    position = models.PositiveIntegerField(default=0)
    # One more with every rewording: the draft's item form carries it (no lost rewording).
    text_version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["section", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="charter_item_key_per_version")
        ]

    @property
    def anchor(self) -> str:
        return f"item-{self.key}"

    def __str__(self):
        return self.text


class Endorsement(TimeStamped):
    version = models.ForeignKey(
        CharterVersion, on_delete=models.CASCADE, related_name="endorsements"
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    would_change = models.CharField(max_length=TEXT_MAX, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "student"], name="one_endorsement_each")
        ]


class Pulse(TimeStamped):
    classroom = models.ForeignKey(
        "rosters.Classroom", on_delete=models.CASCADE, related_name="charter_pulses"
    )
    # The published version whose commitments this pulse asks about.
    version = models.ForeignKey(CharterVersion, on_delete=models.PROTECT, related_name="pulses")
    opens_on = models.DateField()
    closes_on = models.DateField()
    closed_at = models.DateTimeField(null=True, blank=True)
    anonymous = models.BooleanField(default=True)
    shared_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["opens_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="pulse_closes_after_open"
            )
        ]

    def status(self, today=None) -> str:
        """ "scheduled", "open" or "closed", from the dates (a stored status would go stale)."""
        today = today or timezone.localdate()
        if self.closed_at or today > self.closes_on:
            return "closed"
        if today < self.opens_on:
            return "scheduled"
        return "open"


class PulseParticipation(models.Model):
    """That a student answered a pulse, and nothing else: it keeps one answer per student.

    It has no link to the answer and nothing that orders it against the answers: a random
    primary key instead of a counter, and no timestamps. Otherwise the n-th participant could be
    matched to the n-th anonymous answer.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    pulse = models.ForeignKey(Pulse, on_delete=models.CASCADE, related_name="participations")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pulse", "student"], name="one_answer_per_student")
        ]

    def __str__(self):
        return f"answered pulse {self.pulse_id}"


class PulseResponse(TimeStamped):
    """One student's answer to a pulse.

    For a named pulse ``respondent`` is the student, and answering again replaces the answer.
    For an anonymous pulse ``respondent`` stays empty and no column, key or hash links the
    answer to anyone, not even with the server's secret: the answer is sealed once sent (to
    replace it Trellis would have to know which one is hers). The student's
    ``PulseParticipation`` keeps it to one answer.
    """

    pulse = models.ForeignKey(Pulse, on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    doing_well = models.CharField(max_length=TEXT_MAX, blank=True)
    do_better = models.CharField(max_length=TEXT_MAX, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["pulse", "respondent"],
                condition=Q(respondent__isnull=False),
                name="one_named_answer_each",
            )
        ]


class PulseRating(models.Model):
    response = models.ForeignKey(PulseResponse, on_delete=models.CASCADE, related_name="ratings")
    item = models.ForeignKey(CharterItem, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="one_rating_per_item"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="score_1_to_5"),
        ]

    def __str__(self):
        return f"{self.score}/5"
