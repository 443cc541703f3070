"""Classes and who is in them.

Nouns: a **Classroom** (a course section in a term, with grade levels and a join code);
an **Enrollment** (a teacher or a student in a class); a **Team** of 4–6 students inside a
class and a student's **TeamMembership**; an **AvoidPair**, two students the teacher would
rather not put in the same team.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from trellis.accounts.models import School
from trellis.common.models import TimeStamped


class Classroom(TimeStamped):
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="classrooms")
    course = models.CharField(max_length=200)
    section = models.CharField(max_length=50, blank=True)
    term = models.CharField(max_length=100, blank=True)
    # Comma-separated grade levels as OneRoster writes them, e.g. "09,10".
    grade_levels = models.CharField(max_length=100, blank=True)
    join_code = models.CharField(max_length=12, unique=True, null=True, blank=True)
    join_code_expires_at = models.DateTimeField(null=True, blank=True)
    teams_locked = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    sourced_id = models.CharField(max_length=255, unique=True, null=True, blank=True)

    class Meta:
        ordering = ["course", "section"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return f"{self.course} · {self.section}" if self.section else self.course


class EnrollmentRole(models.TextChoices):
    TEACHER = "teacher", "Teacher"
    STUDENT = "student", "Student"


class Enrollment(TimeStamped):
    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="enrollments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments"
    )
    role = models.CharField(max_length=16, choices=EnrollmentRole.choices)
    is_active = models.BooleanField(default=True)
    sourced_id = models.CharField(max_length=255, unique=True, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["classroom", "user"], name="one_enrollment_per_class")
        ]
        indexes = [models.Index(fields=["user", "role", "is_active"])]

    def __str__(self):
        return f"{self.user} in {self.classroom} ({self.role})"


class Team(TimeStamped):
    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=60)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.name


class TeamMembership(TimeStamped):
    # The class is stored again so that "one team per student per class" is a constraint.
    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["classroom", "student"], name="one_team_per_class")
        ]


class AvoidPair(TimeStamped):
    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="avoid_pairs")
    # Stored with the smaller user id first so a pair has one spelling.
    student_a = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    student_b = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["classroom", "student_a", "student_b"], name="one_avoid_pair"
            ),
            models.CheckConstraint(
                condition=Q(student_a__lt=models.F("student_b")), name="avoid_pair_ordered"
            ),
        ]
