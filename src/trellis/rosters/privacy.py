"""What rosters holds about a person (see trellis.privacy.declarations)."""

from trellis.privacy.declarations import Declaration, Erase, register


def _end_enrollments(person, stand_in):
    from .models import Enrollment

    # The stand-in keeps the class's history counted but never appears as a current member.
    Enrollment.objects.filter(user=person).update(is_active=False, sourced_id=None)


register(
    Declaration(
        "rosters.Enrollment",
        "The classes you are or were in, and your role in each.",
        {"user": Erase.KEEP_AGGREGATE},
        erase_with=_end_enrollments,
    ),
    Declaration(
        "rosters.TeamMembership",
        "The teams you were placed in.",
        {"student": Erase.DELETE},
    ),
    Declaration(
        "rosters.AvoidPair",
        "Pairs of students a teacher chose not to put in the same team, where you are one.",
        {"student_a": Erase.DELETE, "student_b": Erase.DELETE},
    ),
    Declaration(
        "rosters.RosterRun",
        "Roster imports you started.",
        {"started_by": Erase.DEIDENTIFY},
    ),
)
