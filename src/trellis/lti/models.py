"""What Trellis keeps about the LMSs that launch it, beside django-lti's own tables.

django-lti (``lti_tool``) holds the protocol's nouns: the tool's signing **Key**s, each
platform's **LtiRegistration** (issuer, client id, endpoints) with its **LtiDeployment**s, and
what launches told it (**LtiUser**, **LtiContext**, **LtiMembership**, **LtiLineItem**).
Trellis adds:

- a **Connection**: which school a registration belongs to (people it creates join it);
- a **CourseLink**: the Trellis class an LMS course (context) is tied to;
- a **Placement**: a Trellis task, check-in or assignment a teacher placed in the course by
  deep linking; only an assignment (summative) carries a line item and ever sends a score;
- a **SpentNonce**: every launch's nonce, once used, so a replayed launch is refused;
- a **ScoreSent**: the last score sent to the LMS for one student on one placement.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trellis.common.models import TimeStamped


class Connection(TimeStamped):
    registration = models.OneToOneField(
        "lti_tool.LtiRegistration", on_delete=models.CASCADE, related_name="trellis_connection"
    )
    school = models.ForeignKey(
        "accounts.School", on_delete=models.PROTECT, related_name="lti_connections"
    )

    def __str__(self):
        return f"{self.registration} ({self.school})"


class CourseLink(TimeStamped):
    context = models.OneToOneField(
        "lti_tool.LtiContext", on_delete=models.CASCADE, related_name="trellis_link"
    )
    classroom = models.ForeignKey(
        "rosters.Classroom", on_delete=models.CASCADE, related_name="lti_links"
    )
    last_synced_at = models.DateTimeField(null=True, blank=True)
    # What the last roster sync found: {"total", "matched", "new", "left"} (counts).
    last_sync_counts = models.JSONField(default=dict, blank=True)

    def __str__(self):
        return f"{self.context} -> {self.classroom}"


class PlacementKind(models.TextChoices):
    TASK = "task", _("Task")
    CHECKIN = "checkin", _("Check-in")
    ASSIGNMENT = "assignment", _("Assignment")


# Only summative work is ever graded in the LMS (docs/lti.md, "Why formative work never sends
# a grade"): check-ins and tasks (guided practice) are formative.
SUMMATIVE_KINDS = frozenset({PlacementKind.ASSIGNMENT})


class Placement(TimeStamped):
    course = models.ForeignKey(CourseLink, on_delete=models.CASCADE, related_name="placements")
    kind = models.CharField(max_length=16, choices=PlacementKind.choices)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=200)
    # The LMS's resource link id, learned at the first launch of the placed link.
    resource_link_id = models.CharField(max_length=255, blank=True)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["course", "kind", "object_id"], name="one_placement_per_item"
            )
        ]
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.title

    @property
    def is_summative(self) -> bool:
        return self.kind in SUMMATIVE_KINDS

    @property
    def resource_id(self) -> str:
        """The line item's resourceId: how Trellis finds its column in the LMS gradebook."""
        return f"trellis-{self.kind}-{self.object_id}"


class SpentNonce(models.Model):
    issuer = models.CharField(max_length=255)
    nonce = models.CharField(max_length=255)
    used_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer", "nonce"], name="nonce_used_once")]

    def __str__(self):
        return f"{self.issuer} {self.nonce}"


class ScoreSent(TimeStamped):
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="scores")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lti_scores"
    )
    scaled = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["placement", "student"], name="one_score_row")
        ]
