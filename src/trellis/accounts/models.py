"""People and places.

Nouns: a **School**; a **User**, who holds one **role** in it (admin, leader, teacher,
student); a personal **ApiToken** that lets a script act as its user.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from trellis.common.models import TimeStamped


class School(TimeStamped):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    # The identifier the school's information system uses (OneRoster org sourcedId).
    sourced_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    # Every time a person reads (pages, day names in the engine's reasons) is in this zone;
    # empty means the server's TIME_ZONE.
    time_zone = models.CharField(max_length=64, blank=True, default="")
    # The language pages use for people of this school who chose none themselves (one of
    # settings.LANGUAGES); empty means each browser's own (Accept-Language), else English.
    language = models.CharField(
        _("default language"), max_length=12, blank=True, default="", choices=settings.LANGUAGES
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    LEADER = "leader", _("School leader")
    TEACHER = "teacher", _("Teacher")
    STUDENT = "student", _("Student")
    # A parent or carer: sees only their own child's shared work (trellis.reflection).
    GUARDIAN = "guardian", _("Guardian")


class TextSize(models.TextChoices):
    NORMAL = "normal", _("Normal")
    LARGE = "large", _("Large (125 %)")
    LARGER = "larger", _("Larger (150 %)")


class User(AbstractUser):
    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.STUDENT)
    # What classmates and teachers see; falls back to first + last name.
    display_name = models.CharField(max_length=150, blank=True)
    sourced_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    # How pages look for this person (their own choice, on every device they sign in on).
    text_size = models.CharField(max_length=8, choices=TextSize.choices, default=TextSize.NORMAL)
    reduce_motion = models.BooleanField(default=False)
    high_contrast = models.BooleanField(default=False)
    # The language of every page for this person (one of settings.LANGUAGES); empty follows
    # the school's default, then the browser (trellis.accounts.middleware).
    language = models.CharField(
        _("language"), max_length=12, blank=True, default="", choices=settings.LANGUAGES
    )

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        indexes = [models.Index(fields=["school", "role"])]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    @property
    def display_classes(self) -> str:
        """The classes the base template puts on <html> for this person's display choices."""
        classes = []
        if self.text_size != TextSize.NORMAL:
            classes.append(f"text-{self.text_size}")
        if self.reduce_motion:
            classes.append("motion-reduced")
        if self.high_contrast:
            classes.append("contrast-high")
        return " ".join(classes)

    @property
    def is_student(self) -> bool:
        return self.role == Role.STUDENT

    @property
    def is_teacher(self) -> bool:
        return self.role == Role.TEACHER

    @property
    def is_leader(self) -> bool:
        return self.role == Role.LEADER

    @property
    def is_guardian(self) -> bool:
        return self.role == Role.GUARDIAN

    @property
    def is_school_admin(self) -> bool:
        return self.role == Role.ADMIN


class ApiToken(TimeStamped):
    """A personal token for scripts. Only a hash is stored; the secret is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    # The first characters of the secret, shown in lists so a person can tell tokens apart.
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Optional: a token past this moment is refused like a revoked one.
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    @property
    def is_expired(self) -> bool:
        from django.utils import timezone

        return self.expires_at is not None and self.expires_at <= timezone.now()
