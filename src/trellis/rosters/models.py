"""Classes and who is in them.

Nouns: a **Classroom** (a course section in a term, with grade levels and a join code);
an **Enrollment** (a teacher or a student in a class); a **Team** of 4–6 students inside a
class and a student's **TeamMembership**; an **AvoidPair**, two students the teacher would
rather not put in the same team.

From the school's information system (OneRoster import, see ``trellis.rosters.oneroster``):
a **Course** (the catalogue entry a class is a section of) and an **AcademicSession** (a
school year, term or grading period); a **SourceStamp** remembers the `dateLastModified` the
system last sent for a record, so an older delta never overwrites a newer one.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy

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
    # From OneRoster: the course this class is a section of and its terms (space-separated).
    course_sourced_id = models.CharField(max_length=255, blank=True)
    term_sourced_ids = models.CharField(max_length=1000, blank=True)
    # When an import deactivated the class (missing from a bulk set, or "tobedeleted").
    deactivated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["course", "section"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return f"{self.course} · {self.section}" if self.section else self.course

    @property
    def grades_label(self) -> str:
        """ "Grade 9", "Grades 9, 10" or "Grade K" from OneRoster's "09,10" ("" when unset)."""
        parts = [g.strip() for g in self.grade_levels.split(",") if g.strip()]
        shown = [g.lstrip("0") or "0" if g.isdigit() else g for g in parts]
        if not shown:
            return ""
        return ("Grade " if len(shown) == 1 else "Grades ") + ", ".join(shown)


class EnrollmentRole(models.TextChoices):
    TEACHER = "teacher", gettext_lazy("Teacher")
    STUDENT = "student", gettext_lazy("Student")


class Enrollment(TimeStamped):
    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="enrollments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments"
    )
    role = models.CharField(max_length=16, choices=EnrollmentRole.choices)
    is_active = models.BooleanField(default=True)
    sourced_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    deactivated_at = models.DateTimeField(null=True, blank=True)

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


class Course(TimeStamped):
    """A course from the information system; classes are its sections. Never deleted."""

    sourced_id = models.CharField(max_length=255, unique=True)
    # Null for a course that belongs to a district rather than one school.
    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.PROTECT, related_name="courses"
    )
    title = models.CharField(max_length=200)
    course_code = models.CharField(max_length=100, blank=True)
    grades = models.CharField(max_length=100, blank=True)
    is_active = models.BooleanField(default=True)

    def __str__(self):
        return self.title


class AcademicSession(TimeStamped):
    """A school year, semester, term or grading period from the information system."""

    sourced_id = models.CharField(max_length=255, unique=True)
    title = models.CharField(max_length=200)
    type = models.CharField(max_length=40)
    start_date = models.DateField()
    end_date = models.DateField()
    school_year = models.CharField(max_length=4, blank=True)
    parent_sourced_id = models.CharField(max_length=255, blank=True)
    is_active = models.BooleanField(default=True)

    def __str__(self):
        return self.title


class SourceStamp(models.Model):
    """The newest `dateLastModified` seen for one record of one kind (org, user, class...)."""

    kind = models.CharField(max_length=20)
    sourced_id = models.CharField(max_length=255)
    modified_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "sourced_id"], name="one_stamp_per_record")
        ]

    def __str__(self):
        return f"{self.kind}:{self.sourced_id} @ {self.modified_at:%Y-%m-%d %H:%M}"


class RosterRun(models.Model):
    """One roster import that wrote (or was refused), kept with its report: the admin page
    shows the last ones (when, what changed, what went wrong). Dry runs are not kept; they
    write nothing, this table included. Written once, when the import ends."""

    class Trigger(models.TextChoices):
        UPLOAD = "upload", gettext_lazy("Uploaded by an admin")
        COMMAND = "command", gettext_lazy("trellis import-roster (nightly sync)")
        TASK = "task", gettext_lazy("Background job")

    # The school the import was for; empty when one run covered several schools.
    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    trigger = models.CharField(max_length=16, choices=Trigger.choices)
    source = models.CharField(max_length=500, blank=True)  # the file or folder read
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    ok = models.BooleanField()
    summary = models.CharField(max_length=300)
    # What changed: {"kinds": [...], "files": [...], "ignored": [[reason, n]...], "missing": {}}
    changes = models.JSONField(default=dict, blank=True)
    problem_count = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)  # the first ones, as text
    notes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["school", "-started_at"], name="roster_run_school_at")]

    def __str__(self):
        return f"{self.get_trigger_display()} {self.started_at:%Y-%m-%d %H:%M}: {self.summary}"
