"""Factories for tests. State is built through these and through actions, never raw saves."""

import factory
from django.contrib.auth.hashers import make_password

from trellis.accounts.models import Role, School, User
from trellis.rosters import actions as roster_actions
from trellis.rosters.models import Classroom, EnrollmentRole

PASSWORD = "correct horse battery"
_HASH = None


def _password_hash():
    global _HASH
    if _HASH is None:
        _HASH = make_password(PASSWORD)
    return _HASH


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"School {n}")
    slug = factory.Sequence(lambda n: f"school-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    # Unique, unmistakable names: tests that prove a name never leaks search pages for them,
    # and a random "Joseph" could also be the leader's own name in the header.
    first_name = factory.Sequence(lambda n: f"Given{n:05d}q")
    last_name = factory.Sequence(lambda n: f"Family{n:05d}q")
    school = factory.SubFactory(SchoolFactory)
    role = Role.STUDENT
    password = factory.LazyFunction(_password_hash)


class StudentFactory(UserFactory):
    role = Role.STUDENT


class TeacherFactory(UserFactory):
    role = Role.TEACHER


class LeaderFactory(UserFactory):
    role = Role.LEADER


class AdminFactory(UserFactory):
    role = Role.ADMIN


class ClassroomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Classroom

    school = factory.SubFactory(SchoolFactory)
    course = factory.Sequence(lambda n: f"Course {n}")
    section = "A"
    term = "2026–27"
    join_code = factory.Sequence(lambda n: f"JC{n:05d}")


def class_with(teacher=None, students: int = 0, school=None, **kwargs):
    """A class in `school` taught by `teacher` with `students` new students enrolled."""
    school = school or (teacher.school if teacher else SchoolFactory())
    classroom = ClassroomFactory(school=school, **kwargs)
    if teacher:
        roster_actions.enroll(classroom, teacher, EnrollmentRole.TEACHER)
    for _ in range(students):
        roster_actions.enroll(classroom, StudentFactory(school=school), EnrollmentRole.STUDENT)
    return classroom
