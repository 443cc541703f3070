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
    assert report.created["classes"] == 2 and report.created["enrollments"] == 3
    assert report.created["people"] == 0  # a teacher's report counts places, not accounts
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
    assert report.ok and report.created["enrollments"] == 3
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


def test_role_mismatches_are_named_to_an_admin_and_in_a_teachers_own_classes(world):
    colleague = TeacherFactory(school=world.school, email="col@maple.example")
    world.student.email = "student@maple.example"
    world.student.save()
    text = "name,email,role,class\nCol,col@maple.example,student,Poetry\n"
    report = import_simple_csv(world.admin, upload(text))
    assert "is a teacher, not a student" in report.problems[0].message
    mine = "name,email,role,class\nS,student@maple.example,teacher,Algebra\n"
    report = import_simple_csv(world.teacher, upload(mine))
    assert "is a student, not a teacher" in report.problems[0].message
    assert colleague.role == Role.TEACHER


def _dry_run_says(user, email, role):
    text = f"name,email,role,class\nSomeone,{email},{role},Poetry\n"
    report = import_simple_csv(user, upload(text), dry_run=True)
    return (
        report.summary(),
        # where each problem is (its value is the email itself, so it is left out)
        [(p.message, p.line, p.column) for p in report.problems],
        report.rows(),
        report.notes,
    )


@pytest.mark.parametrize("role", ["student", "teacher"])
def test_a_teachers_dry_run_reveals_nothing_about_people_outside_their_classes(world, role):
    """Another school's person, a student of the same school in someone else's class and an
    unknown email read exactly alike (the issue's leak: the dry run told them apart)."""
    far = StudentFactory(school=world.far_school, email="far@away.example")
    far_teacher = world.far_teacher
    far_teacher.email = "ft@away.example"
    far_teacher.save()
    world.other_student.email = "os@maple.example"
    world.other_student.save()
    unknown = _dry_run_says(world.teacher, "nobody@maple.example", role)
    for email in (far.email, far_teacher.email, world.other_student.email):
        said = _dry_run_says(world.teacher, email, role)
        assert said == unknown


def test_another_schools_email_becomes_a_new_person_here(world):
    far = StudentFactory(
        school=world.far_school, email="far@away.example", username="far@away.example"
    )
    report = import_simple_csv(
        world.teacher, upload(f"name,email,role,class\nF N,{far.email},student,Poetry\n")
    )
    assert report.ok, report.problems
    mine = User.objects.get(email=far.email, school=world.school)
    assert mine.pk != far.pk and mine.username != far.username
    far.refresh_from_db()
    assert far.school == world.far_school


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
