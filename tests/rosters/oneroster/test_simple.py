"""The simple class list: name, email, role, class."""

import io

import pytest

from tests.factories import StudentFactory, TeacherFactory
from trellis.accounts.models import Role, User
from trellis.rosters.models import Classroom, Enrollment
from trellis.rosters.oneroster.simple import import_simple_csv

pytestmark = pytest.mark.django_db


def upload(text: str, name: str = "class.csv", encoding: str = "utf-8") -> io.BytesIO:
    f = io.BytesIO(text.encode(encoding))
    f.name = name
    return f


GOOD = (
    "name,email,role,class\n"
    "Amara Okafor,amara@maple.example,student,Poetry\n"
    "Ben Castillo,ben@maple.example,student,Poetry\n"
    "Ben Castillo,ben@maple.example,student,Drama\n"
)


def test_teacher_imports_a_list_and_teaches_the_new_classes(world):
    report = import_simple_csv(world.teacher, upload(GOOD))
    assert report.ok, report.problems
    assert report.created["classes"] == 2 and report.created["people"] == 2
    assert report.created["enrollments"] == 3
    poetry = Classroom.objects.get(course="Poetry", school=world.school)
    assert Enrollment.objects.get(classroom=poetry, user=world.teacher).role == "teacher"
    amara = User.objects.get(email="amara@maple.example")
    assert (amara.first_name, amara.last_name, amara.role) == ("Amara", "Okafor", Role.STUDENT)
    assert amara.school == world.school and not amara.has_usable_password()
    again = import_simple_csv(world.teacher, upload(GOOD))
    assert again.ok and not again.changed
    assert again.summary() == "0 created, 0 updated, 0 deactivated — nothing changed"


def test_existing_class_and_people_are_reused(world):
    world.student.email = "student@maple.example"
    world.student.save()
    text = "Name,Email,Role,Class\nS,STUDENT@maple.example,Student,Algebra\n"
    report = import_simple_csv(world.teacher, upload(text))
    assert report.ok and report.unchanged["enrollments"] == 1
    assert not report.changed


def test_dry_run_writes_nothing(world):
    before = (User.objects.count(), Classroom.objects.count(), Enrollment.objects.count())
    report = import_simple_csv(world.teacher, upload(GOOD), dry_run=True)
    assert report.ok and report.created["people"] == 2
    assert (User.objects.count(), Classroom.objects.count(), Enrollment.objects.count()) == before


def test_every_bad_row_is_reported_and_nothing_written(world):
    text = (
        "name,email,role,class\n"
        "A,not-an-email,student,Poetry\n"
        "B,b@maple.example,parent,Poetry\n"
        ",c@maple.example,student,Poetry\n"
        "D,new.teacher@maple.example,teacher,Poetry\n"
    )
    before = User.objects.count()
    report = import_simple_csv(world.teacher, upload(text))
    assert [(p.line, p.column) for p in report.problems] == [
        (2, "email"),
        (3, "role"),
        (4, "name"),
        (5, "email"),
    ]
    assert "Only school admins create teacher accounts" in report.problems[3].message
    assert User.objects.count() == before
    assert not Classroom.objects.filter(course="Poetry").exists()


def test_an_admin_may_create_teachers(world):
    text = "name,email,role,class\nNew Teacher,nt@maple.example,teacher,Poetry\n"
    report = import_simple_csv(world.admin, upload(text))
    assert report.ok, report.problems
    assert User.objects.get(email="nt@maple.example").role == Role.TEACHER


def test_people_of_another_school_and_role_mismatches_are_problems(world):
    far = StudentFactory(school=world.far_school, email="far@away.example")
    colleague = TeacherFactory(school=world.school, email="col@maple.example")
    text = (
        "name,email,role,class\n"
        f"Far,{far.email},student,Poetry\n"
        f"Col,{colleague.email},student,Poetry\n"
    )
    report = import_simple_csv(world.teacher, upload(text))
    assert "another school" in report.problems[0].message
    assert "is a teacher, not a student" in report.problems[1].message


def test_header_encoding_and_empty_file(world):
    assert (
        "missing: class"
        in import_simple_csv(world.teacher, upload("name,email,role\n")).problems[0].message
    )
    assert (
        "UTF-8"
        in import_simple_csv(
            world.teacher,
            upload("name,email,role,class\nÉlodie,e@x.example,student,A\n", encoding="latin-1"),
        )
        .problems[0]
        .message
    )
    assert "0 bytes" in import_simple_csv(world.teacher, upload("")).problems[0].message
    bom = "\ufeff" + GOOD
    assert import_simple_csv(world.teacher, upload(bom)).ok


def test_students_and_leaders_cannot_import(world):
    for user in (world.student, world.leader):
        report = import_simple_csv(user, upload(GOOD))
        assert not report.ok
    assert not Classroom.objects.filter(course="Poetry").exists()


def test_formula_cells_are_kept_as_text(world):
    text = "name,email,role,class\n=cmd|' /C calc'!A0,f@maple.example,student,+Poetry\n"
    assert import_simple_csv(world.teacher, upload(text)).ok
    user = User.objects.get(email="f@maple.example")
    assert f"{user.first_name} {user.last_name}" == "=cmd|' /C calc'!A0"
    assert Classroom.objects.filter(course="+Poetry").exists()
