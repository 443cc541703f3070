"""A class roster as CSV, for the teachers and admins who manage the class.

The columns start with the simple import's (name, email, role, class), so a teacher can move
a list from one class to another. A cell that a spreadsheet would run as a formula (starting
with = + - @, a tab or a carriage return) is written with a leading single quote: names come
from information systems and students, and a roster must never execute when opened.
"""

import csv
import io

from trellis.common.csvsafe import escape_cell
from trellis.rosters import queries
from trellis.rosters.models import Classroom

COLUMNS = ("name", "email", "role", "class", "username", "team")


def roster_csv(classroom: Classroom) -> str:
    """Teachers first, then students with their team: three queries whatever the size."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for teacher in queries.teachers_of(classroom):
        writer.writerow(
            escape_cell(v)
            for v in (teacher.name, teacher.email, "teacher", classroom.name, teacher.username, "")
        )
    for row in queries.roster(classroom):
        student = row.enrollment.user
        writer.writerow(
            escape_cell(v)
            for v in (
                student.name,
                student.email,
                "student",
                classroom.name,
                student.username,
                row.team.name if row.team else "",
            )
        )
    return out.getvalue()
