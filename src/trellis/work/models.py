"""Quality work: rubrics made with the class, submissions and their revisions, and feedback.

Nouns:
- a **Rubric** belongs to a class. Its working copy is a set of **RubricCriterion** rows (each
  tied to a learning target), **RubricLevel** columns (with points, or none), the
  **Descriptor** in each criterion × level cell, and **Exemplar** pieces of work that show a
  level. A **RubricVersion** is a frozen, hashed snapshot of the working copy; feedback and
  scores always point at the version they used. Versions are never edited.
- **Co-design**: while the teacher keeps the rubric open, students make a **Proposal** (a new
  criterion, or wording for a descriptor), **ProposalComment**s and **ProposalVote**s (one per
  student per proposal). The teacher accepts, merges or declines with a reason.
- An **Assignment** asks a class for work on some targets, judged with a rubric. Each student
  has one **Submission** per assignment, which is a list of numbered **Revision**s (text, a
  file or a link), immutable once made.
- A **Review** is one person's look at one revision: the student's own (self), a classmate's
  (peer) or the teacher's. It holds **CriterionScore**s (a level per criterion) and
  **FeedbackItem**s (a comment tied to a criterion, optionally a level and a quoted passage).
  The author answers an item (I'll use this / I used this / I have a question), may discuss
  it in **FeedbackReply**s, and a later revision records which items it **addresses**.
- A **PeerAssignment** says who reviews whom. A **SummativeMark** is the teacher's final
  judgement, made separately with a stated policy.
"""

import hashlib
import json

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy

from trellis.common.models import TimeStamped, WriteOnce

# ---------------------------------------------------------------- rubrics


class Rubric(TimeStamped):
    classroom = models.ForeignKey(
        "rosters.Classroom", on_delete=models.CASCADE, related_name="rubrics"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    # While open, students of the class may propose, comment and vote.
    codesign_open = models.BooleanField(default=False)
    codesign_prompt = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A copy made for another class remembers the version it started from, so the history
    # behind it (that rubric's versions) stays one click away.
    copied_from = models.ForeignKey(
        "RubricVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )

    class Meta:
        ordering = ["title", "id"]

    def __str__(self):
        return self.title


class RubricLevel(TimeStamped):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="levels")
    title = models.CharField(max_length=80)
    # None: the rubric describes quality without points.
    points = models.PositiveSmallIntegerField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    # Used levels are retired, never deleted, so old scores keep their meaning.
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.title


class RubricCriterion(TimeStamped):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    target = models.ForeignKey(
        "curriculum.LearningTarget",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rubric_criteria",
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    # The student whose proposal this criterion came from, shown on the rubric.
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.title


class Descriptor(TimeStamped):
    criterion = models.ForeignKey(
        RubricCriterion, on_delete=models.CASCADE, related_name="descriptors"
    )
    level = models.ForeignKey(RubricLevel, on_delete=models.CASCADE, related_name="descriptors")
    text = models.TextField()
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["criterion", "level"], name="one_descriptor_per_cell")
        ]


class Exemplar(TimeStamped):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="exemplars")
    criterion = models.ForeignKey(
        RubricCriterion, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    level = models.ForeignKey(RubricLevel, on_delete=models.CASCADE, related_name="exemplars")
    title = models.CharField(max_length=200)
    body = models.TextField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["level__position", "id"]


def content_hash(content: dict) -> str:
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class RubricVersion(WriteOnce):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    # The whole rubric as it stood: levels, criteria with descriptors, exemplars.
    content = models.JSONField()
    content_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["rubric", "number"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "number"], name="one_rubric_version_number")
        ]

    def __str__(self):
        return f"{self.rubric_id} v{self.number}"


class ProposalKind(models.TextChoices):
    CRITERION = "criterion", gettext_lazy("A new criterion")
    DESCRIPTOR = "descriptor", gettext_lazy("Wording for a level")


class ProposalStatus(models.TextChoices):
    OPEN = "open", gettext_lazy("Open")
    ACCEPTED = "accepted", gettext_lazy("Accepted")
    MERGED = "merged", gettext_lazy("Merged")
    DECLINED = "declined", gettext_lazy("Declined")


class Proposal(TimeStamped):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="proposals")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=ProposalKind.choices)
    # Descriptor proposals name their cell; criterion proposals name their target.
    criterion = models.ForeignKey(
        RubricCriterion, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    level = models.ForeignKey(
        RubricLevel, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    target = models.ForeignKey(
        "curriculum.LearningTarget",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField()
    status = models.CharField(
        max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.OPEN
    )
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # Where an accepted or merged proposal landed.
    result_criterion = models.ForeignKey(
        RubricCriterion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]


class ProposalVote(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "voter"], name="one_vote_per_proposal")
        ]

    def __str__(self):
        return f"vote {self.voter_id} on {self.proposal_id}"


class ProposalComment(TimeStamped):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField()

    class Meta:
        ordering = ["created_at", "id"]


# ---------------------------------------------------------------- assignments and work


class SummativePolicy(models.TextChoices):
    MOST_RECENT = "most-recent", gettext_lazy("The most recent assessed revision counts")
    HIGHEST = "highest", gettext_lazy("The highest assessed revision counts")
    JUDGEMENT = "judgement", gettext_lazy("The teacher's overall judgement counts")


class PeerMode(models.TextChoices):
    WITHIN_TEAM = "within-team", gettext_lazy("Within each team")
    ACROSS_TEAMS = "across-teams", gettext_lazy("Across teams")
    RANDOM = "random", gettext_lazy("Random across the class")


class Assignment(TimeStamped):
    """Work a class is asked for, optionally as part of a curriculum Task."""

    classroom = models.ForeignKey(
        "rosters.Classroom", on_delete=models.CASCADE, related_name="work_assignments"
    )
    # One more with every edit (optimistic lock of the edit form: a stale save is refused).
    version = models.PositiveIntegerField(default=0)
    # Optional: the planned task this work belongs to. Archiving or deleting the task
    # leaves the students' work in place.
    task = models.ForeignKey(
        "curriculum.Task",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="work_assignments",
    )
    title = models.CharField(max_length=200)
    instructions = models.TextField(blank=True)
    targets = models.ManyToManyField(
        "curriculum.LearningTarget", related_name="work_assignments", blank=True
    )
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="assignments")
    accepts_text = models.BooleanField(default=True)
    accepts_file = models.BooleanField(default=False)
    accepts_link = models.BooleanField(default=False)
    self_assessment_required = models.BooleanField(default=True)
    due_at = models.DateTimeField(null=True, blank=True)
    summative_policy = models.CharField(
        max_length=16, choices=SummativePolicy.choices, default=SummativePolicy.HIGHEST
    )
    peer_anonymous = models.BooleanField(default=True)
    peer_review_closes_at = models.DateTimeField(null=True, blank=True)
    # The hand-in is complete only with a "then and now" revisit (trellis.reflection).
    revisit_required = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title

    @property
    def accepted_kinds(self) -> list[str]:
        return [
            k
            for k, on in (
                ("text", self.accepts_text),
                ("file", self.accepts_file),
                ("link", self.accepts_link),
            )
            if on
        ]


class Submission(TimeStamped):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="submissions")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="work_submissions"
    )
    # Caches of the revisions, rewritten by the action that adds one.
    latest_number = models.PositiveIntegerField(default=0)
    last_submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "student"], name="one_submission_each")
        ]
        indexes = [models.Index(fields=["assignment", "last_submitted_at"])]


class RevisionFile(models.Model):
    """One of the files handed in with a revision (a hand-in may hold text and several files).

    The revision's own file fields repeat the first file, for the pages written before a hand-in
    could hold more than one.
    """

    revision = models.ForeignKey("Revision", on_delete=models.CASCADE, related_name="files")
    position = models.PositiveSmallIntegerField(default=0)
    stored_name = models.CharField(max_length=255)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["revision", "position", "id"]

    def __str__(self):
        return self.original_name or self.stored_name


class RevisionKind(models.TextChoices):
    TEXT = "text", gettext_lazy("Text")
    FILE = "file", gettext_lazy("File")
    LINK = "link", gettext_lazy("Link")


class Revision(WriteOnce):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=8, choices=RevisionKind.choices)
    text = models.TextField(blank=True)
    link = models.URLField(max_length=2000, blank=True)
    # A generated storage name under MEDIA_ROOT; the person's file name is kept for display.
    stored_name = models.CharField(max_length=255, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    # The student's own words about what changed since the last revision.
    note = models.TextField(blank=True)
    addresses = models.ManyToManyField("FeedbackItem", related_name="addressed_in", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The hand-in form's one-time key: a double submit (two clicks, a retried request) finds
    # the revision its key already made instead of storing a second, identical one.
    idempotency_key = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["submission", "number"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "number"], name="one_revision_number"),
            models.UniqueConstraint(
                fields=["submission", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="one_revision_per_hand_in_key",
            ),
        ]

    def __str__(self):
        return f"revision {self.number} of {self.submission_id}"


class ReviewKind(models.TextChoices):
    SELF = "self", gettext_lazy("Self-assessment")
    PEER = "peer", gettext_lazy("Peer review")
    TEACHER = "teacher", gettext_lazy("Teacher")


class Review(TimeStamped):
    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=8, choices=ReviewKind.choices)
    # PROTECT: a used version can never disappear from under its feedback.
    rubric_version = models.ForeignKey(
        RubricVersion, on_delete=models.PROTECT, related_name="reviews"
    )
    note = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "reviewer", "kind"], name="one_review_per_reviewer"
            )
        ]


class CriterionScore(WriteOnce):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(RubricCriterion, on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(RubricLevel, on_delete=models.PROTECT, related_name="+")
    # 0..1, fixed when given from the version's levels, so later edits cannot move it.
    scaled = models.FloatField()
    # A corrected score stays, pointing at its replacement, with the reason.
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"level {self.level_id} on criterion {self.criterion_id}"


class FeedbackResponse(models.TextChoices):
    NONE = "", gettext_lazy("Not answered yet")
    WILL_USE = "will-use", gettext_lazy("I'll use this")
    USED = "used", gettext_lazy("I used this")
    QUESTION = "question", gettext_lazy("I have a question")


class FeedbackItem(TimeStamped):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="items")
    criterion = models.ForeignKey(RubricCriterion, on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(
        RubricLevel, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    quote = models.TextField(blank=True)
    body = models.TextField()
    # What the coach flagged when it was sent (sent anyway), for the teacher and for tuning.
    coach_flags = models.JSONField(default=list, blank=True)
    response = models.CharField(
        max_length=16, choices=FeedbackResponse.choices, default="", blank=True
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    # The author's rating of a peer's comment, 1 (not helpful) to 3 (very helpful). Seen only by
    # the reviewer and the teacher.
    helpfulness = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]


class FeedbackReply(TimeStamped):
    item = models.ForeignKey(FeedbackItem, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField()

    class Meta:
        ordering = ["created_at", "id"]


class PeerAssignment(TimeStamped):
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="peer_assignments"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "reviewer", "author"], name="one_peer_pairing"
            ),
            models.CheckConstraint(condition=~Q(reviewer=F("author")), name="no_self_review"),
        ]


class SummativeMark(WriteOnce):
    """The latest row counts; earlier ones stay as the history of the judgement."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="marks")
    policy = models.CharField(max_length=16, choices=SummativePolicy.choices)
    scaled = models.FloatField()
    note = models.TextField(blank=True)
    # Why an earlier final mark was changed; required for every mark after the first.
    reason = models.TextField(blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.scaled:.2f} ({self.policy})"


class BankComment(TimeStamped):
    """A comment a teacher keeps for reuse while marking.

    ``owner_team_id``: the teacher team (``collaboration.TeacherTeam``) the owner shared it
    with, or empty (personal). Members of that team see and insert it while the owner is
    still in the team; only the owner edits it (``work.queries.marking.bank_for``).
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bank_comments"
    )
    owner_team_id = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    shortcut = models.CharField(max_length=20)
    body = models.TextField()

    class Meta:
        ordering = ["shortcut", "id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "shortcut"], name="one_bank_shortcut_each")
        ]

    def __str__(self):
        return self.shortcut
