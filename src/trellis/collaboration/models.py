"""Teachers learning together: teams, inquiries, practices, moderation, observation, trust.

Nouns:
- a **TeacherTeam** (by grade, subject, or a network across schools) and its
  **TeamMember**s; one member at a time holds the *facilitator* role, and it rotates;
- a **Practice** in the school's library: what teachers do, the research behind it;
- an **Inquiry**: a team's question about student learning, tied to targets, measured before
  and after trying a practice (a common check-in, phase moves, revisions or class pulses),
  and what the team concluded;
- a **TeamRubric**: a rubric a member shared as the team's common rubric;
- a **ModerationRound**: anonymised **ModerationPiece**s of student work, each member's
  independent **ModerationScore** per criterion, and the agreed score (on the piece);
- an **Observation**: a lesson a teacher invites a colleague to, with a focus; the observer's
  notes belong to the observed teacher, who decides who sees them and may reply;
- a **Decision** in a team's log, with its review date and whether it worked;
- a **TrustPulse** for the staff: **TrustParticipation** says who answered, a **TrustAnswer**
  holds ratings with nothing that links it to a person (random key, no timestamps);
- the leader's **SchoolFocus** goals and **DelegatedRole**s (facilitator, data lead);
- a **SchoolNetwork** of schools in a district (**NetworkSchool**: each joined by its own
  leader) that shares practices and their evidence as aggregates only.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from trellis.common.models import TimeStamped

NAME_MAX = 120
TEXT_MAX = 2000


class TeamKind(models.TextChoices):
    GRADE = "grade", gettext_lazy("Grade team")
    SUBJECT = "subject", gettext_lazy("Subject team")
    NETWORK = "network", gettext_lazy("Network across schools")


class TeacherTeam(TimeStamped):
    school = models.ForeignKey("accounts.School", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=NAME_MAX)
    kind = models.CharField(max_length=16, choices=TeamKind.choices, default=TeamKind.SUBJECT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class TeamMember(TimeStamped):
    team = models.ForeignKey(TeacherTeam, on_delete=models.CASCADE, related_name="members")
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="teacher_teams"
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["team", "teacher"], name="one_membership_per_team")
        ]


class Practice(TimeStamped):
    school = models.ForeignKey("accounts.School", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=NAME_MAX)
    description = models.TextField()
    citation = models.CharField(max_length=500, blank=True)
    subject = models.CharField(max_length=NAME_MAX, blank=True)
    # Target statements or codes it is meant for, one a line (searchable).
    targets_text = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["title", "id"]

    def __str__(self):
        return self.title


class SchoolFocus(TimeStamped):
    school = models.ForeignKey("accounts.School", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=NAME_MAX)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-is_active", "title", "id"]

    def __str__(self):
        return self.title


class Outcome(models.TextChoices):
    WORKED = "worked", gettext_lazy("It worked")
    UNCLEAR = "unclear", gettext_lazy("No clear effect")
    DID_NOT_WORK = "did_not_work", gettext_lazy("It did not work")


class MeasureKind(models.TextChoices):
    CHECKIN = "checkin", gettext_lazy("A common check-in: share of right answers")
    PHASES = (
        "phases",
        gettext_lazy("Phase moves: share of students released to independent practice"),
    )
    REVISIONS = "revisions", gettext_lazy("Revisions: revisions per student who handed work in")
    PULSE = "pulse", gettext_lazy("Class pulses: share of students who agree with their charter")


class Inquiry(TimeStamped):
    team = models.ForeignKey(TeacherTeam, on_delete=models.CASCADE, related_name="inquiries")
    question = models.CharField(max_length=300)
    targets = models.ManyToManyField("curriculum.LearningTarget", related_name="+", blank=True)
    # What is compared before and after the period, across the team's classes.
    measure_kind = models.CharField(
        max_length=16, choices=MeasureKind.choices, default=MeasureKind.CHECKIN
    )
    # The common check-in whose results before and after the period are compared.
    measure = models.ForeignKey(
        "checkins.CheckIn", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    practice = models.ForeignKey(
        Practice, null=True, blank=True, on_delete=models.SET_NULL, related_name="inquiries"
    )
    action = models.TextField(blank=True)  # what the team tries, when no library practice
    focus = models.ForeignKey(
        SchoolFocus, null=True, blank=True, on_delete=models.SET_NULL, related_name="inquiries"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    conclusion = models.TextField(blank=True)
    # The before/after figures when the team concluded: {"before": [met, n], "after": [...]}.
    result = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="inquiry_ends_after_start"
            )
        ]

    def __str__(self):
        return self.question

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None


class TeamRubric(TimeStamped):
    """A rubric a member shares with the team as the team's common rubric: results are pooled
    across the classes that use it or a copy of it, and members copy it (alone) to a class."""

    team = models.ForeignKey(TeacherTeam, on_delete=models.CASCADE, related_name="rubrics")
    rubric = models.ForeignKey("work.Rubric", on_delete=models.CASCADE, related_name="+")
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["team", "rubric"], name="one_team_rubric_each")
        ]


class ModerationRound(TimeStamped):
    team = models.ForeignKey(TeacherTeam, on_delete=models.CASCADE, related_name="rounds")
    title = models.CharField(max_length=NAME_MAX)
    # The shared rubric's criteria, frozen for the round: [{"key": "c1", "name": ...}].
    criteria = models.JSONField(default=list)
    levels = models.PositiveSmallIntegerField(default=4)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title


class ModerationPiece(TimeStamped):
    """A piece of student work with every name taken out, shown as "Piece A"."""

    round = models.ForeignKey(ModerationRound, on_delete=models.CASCADE, related_name="pieces")
    label = models.CharField(max_length=20)
    text = models.TextField()
    # Criterion key -> the score the team agreed on, and why.
    agreed = models.JSONField(default=dict, blank=True)
    agreed_note = models.TextField(blank=True)
    is_exemplar = models.BooleanField(default=False)

    class Meta:
        ordering = ["label", "id"]


class ModerationScore(TimeStamped):
    piece = models.ForeignKey(ModerationPiece, on_delete=models.CASCADE, related_name="scores")
    scorer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    criterion = models.CharField(max_length=20)
    level = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["piece", "scorer", "criterion"], name="one_moderation_score"
            )
        ]


class Observation(TimeStamped):
    team = models.ForeignKey(
        TeacherTeam, null=True, blank=True, on_delete=models.SET_NULL, related_name="observations"
    )
    school = models.ForeignKey("accounts.School", on_delete=models.CASCADE, related_name="+")
    observed = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="observations_hosted"
    )
    observer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="observations_made"
    )
    focus = models.CharField(max_length=300)
    lesson_on = models.DateField()
    saw = models.TextField(blank=True)
    students_did = models.TextField(blank=True)
    wondered = models.TextField(blank=True)
    noted_at = models.DateTimeField(null=True, blank=True)
    reply = models.TextField(blank=True)
    # The observed teacher's choice: notes stay private unless shared with the team.
    shared_with_team = models.BooleanField(default=False)

    class Meta:
        ordering = ["-lesson_on", "-id"]


class Decision(TimeStamped):
    team = models.ForeignKey(TeacherTeam, on_delete=models.CASCADE, related_name="decisions")
    proposal = models.CharField(max_length=300)
    evidence = models.TextField(blank=True)
    options = models.TextField(blank=True)
    decision = models.TextField()
    review_on = models.DateField()
    inquiry = models.ForeignKey(
        Inquiry, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    review_note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["review_on", "id"]

    def is_due(self, today=None) -> bool:
        return self.reviewed_at is None and self.review_on <= (today or timezone.localdate())


class DecisionParticipant(models.Model):
    """Who took part in a decision (members of the team at the time)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="participants")
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["decision", "teacher"], name="one_participation_each")
        ]

    def __str__(self):
        return f"took part in decision {self.decision_id}"


class TrustPulse(TimeStamped):
    school = models.ForeignKey("accounts.School", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=NAME_MAX)
    statements = models.JSONField(default=list)
    opens_on = models.DateField()
    closes_on = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["opens_on", "id"]

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.closes_on


class TrustParticipation(models.Model):
    """That a teacher answered, nothing more: random key, no timestamps, no link to the answer."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    pulse = models.ForeignKey(TrustPulse, on_delete=models.CASCADE, related_name="participations")
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pulse", "teacher"], name="one_trust_answer_each")
        ]

    def __str__(self):
        return f"answered staff pulse {self.pulse_id}"


class TrustAnswer(models.Model):
    """One anonymous answer: ratings 1–5 per statement index; random key, no timestamps."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    pulse = models.ForeignKey(TrustPulse, on_delete=models.CASCADE, related_name="answers")
    ratings = models.JSONField(default=list)

    def __str__(self):
        return f"an anonymous answer to staff pulse {self.pulse_id}"


class DelegatedRoleKind(models.TextChoices):
    FACILITATOR = "facilitator", gettext_lazy("Facilitator")
    DATA_LEAD = "data_lead", gettext_lazy("Data lead")


class DelegatedRole(TimeStamped):
    school = models.ForeignKey("accounts.School", on_delete=models.CASCADE, related_name="+")
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(max_length=16, choices=DelegatedRoleKind.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["teacher", "role"], name="one_delegation_each")
        ]


class SchoolNetwork(TimeStamped):
    """Schools of one district that share practices and their evidence, as aggregates only.

    Membership is explicit: a leader creates the network (their school joins) and gives its
    join code to other schools' leaders, each of whom joins their own school. Nothing that
    names a teacher, a class or a student crosses from one school to another."""

    name = models.CharField(max_length=NAME_MAX)
    join_code = models.CharField(max_length=16, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class NetworkSchool(TimeStamped):
    network = models.ForeignKey(SchoolNetwork, on_delete=models.CASCADE, related_name="schools")
    school = models.ForeignKey("accounts.School", on_delete=models.CASCADE, related_name="+")
    joined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["network", "school"], name="one_membership_per_school")
        ]
