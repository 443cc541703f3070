"""Charter state for tests, built through the charter's own actions."""

from tests.factories import StudentFactory, TeacherFactory, class_with
from trellis.charter import actions
from trellis.rosters import actions as roster_actions


def class_with_teams(teacher=None, students: int = 8, seed: int = 1, **kwargs):
    """A class with `students` students formed into teams; returns (classroom, teacher)."""
    teacher = teacher or TeacherFactory()
    classroom = class_with(teacher, students=students, **kwargs)
    if students:
        roster_actions.form_teams(teacher, classroom, seed=seed)
    return classroom, teacher


def members(classroom, team_index: int = 0):
    team = list(classroom.teams.all())[team_index]
    return team, [m.student for m in team.memberships.select_related("student")]


def published_charter(
    teacher,
    classroom,
    *,
    see=("We learn from mistakes",),
    act=("Frequent check-ins",),
    teacher_items=("Make the learning targets clear",),
    student_items=("Use feedback to improve our work",),
):
    """A kickoff whose summary became version 1 of a published charter."""
    actions.start_kickoff(teacher, classroom)
    team, people = members(classroom)
    author = people[0]
    for section, texts in (
        ("see", see),
        ("act", act),
        ("teacher", teacher_items),
        ("students", student_items),
    ):
        for t in texts:
            actions.send_contribution(author, team.pk, section, t)
    actions.draft_charter_from_summary(teacher, classroom)
    return actions.publish_charter(teacher, classroom)


def extra_student(classroom):
    student = StudentFactory(school=classroom.school)
    roster_actions.enroll(classroom, student, "student")
    return student
