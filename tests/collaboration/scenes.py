"""Collaboration state for tests, built through the apps' actions."""

from datetime import timedelta

from django.utils import timezone

from tests.checkins.factories import checkin_with, exit_run, single, students_of
from tests.factories import TeacherFactory, class_with
from trellis.checkins import actions as checkin_actions
from trellis.collaboration import actions


class Scene:
    pass


def answer_all(run, question, classroom, right: int):
    """The class's students answer: the first `right` of them correctly."""
    for i, student in enumerate(students_of(classroom)):
        checkin_actions.submit_answer(
            student, run, question.pk, {"keys": ["A" if i < right else "B"]}
        )


def build_team_scene(world, sizes=(12, 12, 4)):
    s = Scene()
    s.third = TeacherFactory(school=world.school, username="third_teacher")
    s.team = actions.create_team(
        world.teacher,
        name="Grade 9 maths",
        kind="grade",
        member_ids=[world.other_teacher.pk, s.third.pk],
    )
    s.checkin, (s.question,) = checkin_with(world.teacher, [single()], title="Adding", shared=True)
    teachers = [world.teacher, world.other_teacher, s.third]
    s.classes = [
        class_with(t, students=n, school=world.school, course=f"Maths {i}")
        for i, (t, n) in enumerate(zip(teachers, sizes, strict=True))
    ]
    s.runs = []
    for t, c, n in zip(teachers, s.classes, sizes, strict=True):
        run = exit_run(t, s.checkin, c)
        answer_all(run, s.question, c, right=n // 2)
        s.runs.append(run)
    s.later = timezone.localdate() + timedelta(days=1)
    return s
