from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import SchoolFactory, StudentFactory, TeacherFactory, class_with
from trellis.common.errors import NotFound, UserError
from trellis.rosters import actions
from trellis.rosters.models import Classroom, Enrollment, TeamMembership

pytestmark = pytest.mark.django_db


def test_teacher_creates_class_and_teaches_it():
    teacher = TeacherFactory()
    c = actions.create_class(teacher, course="Grade 9 Math", section="B", term="2026")
    assert c.school == teacher.school
    assert Enrollment.objects.filter(classroom=c, user=teacher, role="teacher").exists()
    assert len(c.join_code) == actions.JOIN_CODE_LENGTH


def test_create_class_without_course_names_the_field():
    with pytest.raises(UserError) as e:
        actions.create_class(TeacherFactory(), course="   ")
    assert e.value.field == "course"


def test_student_joins_with_code_in_any_case_and_spacing():
    teacher = TeacherFactory()
    c = actions.create_class(teacher, course="Art")
    student = StudentFactory(school=teacher.school)
    code = c.join_code.lower()
    joined = actions.join_class_with_code(student, f" {code[:3]} {code[3:]} ")
    assert joined == c
    assert Enrollment.objects.get(classroom=c, user=student).role == "student"


def test_joining_twice_says_already_in():
    teacher = TeacherFactory()
    c = actions.create_class(teacher, course="Art")
    student = StudentFactory(school=teacher.school)
    actions.join_class_with_code(student, c.join_code)
    with pytest.raises(UserError, match="already in"):
        actions.join_class_with_code(student, c.join_code)
    assert Enrollment.objects.filter(classroom=c, user=student).count() == 1


def test_unknown_and_expired_codes_say_what_to_do():
    teacher = TeacherFactory()
    c = actions.create_class(teacher, course="Art")
    student = StudentFactory(school=teacher.school)
    with pytest.raises(UserError, match="No class has the code") as e:
        actions.join_class_with_code(student, "ZZZZZZZ")
    assert e.value.field == "code"
    Classroom.objects.filter(pk=c.pk).update(join_code_expires_at=timezone.now() - timedelta(1))
    with pytest.raises(UserError, match=r"expired.*Ask your teacher"):
        actions.join_class_with_code(student, c.join_code)


def test_code_of_another_school_looks_unknown():
    c = actions.create_class(TeacherFactory(), course="Art")
    with pytest.raises(UserError, match="No class has the code"):
        actions.join_class_with_code(StudentFactory(school=SchoolFactory()), c.join_code)


def test_rotating_the_code_retires_the_old_one():
    teacher = TeacherFactory()
    c = actions.create_class(teacher, course="Art")
    old = c.join_code
    new = actions.rotate_join_code(teacher, c).join_code
    assert new != old
    with pytest.raises(UserError):
        actions.join_class_with_code(StudentFactory(school=teacher.school), old)


def test_other_teacher_cannot_rotate():
    teacher = TeacherFactory()
    c = actions.create_class(teacher, course="Art")
    with pytest.raises(NotFound):
        actions.rotate_join_code(TeacherFactory(school=teacher.school), c)


def test_form_teams_for_23_students():
    teacher = TeacherFactory()
    c = class_with(teacher, students=23)
    plan = actions.form_teams(teacher, c, seed=1)
    assert sorted(len(t) for t in plan.teams) == [4, 4, 5, 5, 5]
    assert TeamMembership.objects.filter(classroom=c).count() == 23
    # Re-shuffling replaces the teams instead of adding more.
    actions.form_teams(teacher, c, seed=2)
    assert c.teams.count() == 5
    assert TeamMembership.objects.filter(classroom=c).count() == 23


def test_form_teams_honours_avoid_pairs():
    teacher = TeacherFactory()
    c = class_with(teacher, students=12)
    ids = list(c.enrollments.filter(role="student").values_list("user_id", flat=True))
    actions.add_avoid_pair(teacher, c, ids[0], ids[1])
    for seed in range(5):
        actions.form_teams(teacher, c, seed=seed)
        team_of = dict(
            TeamMembership.objects.filter(classroom=c).values_list("student_id", "team_id")
        )
        assert team_of[ids[0]] != team_of[ids[1]]


def test_avoid_pair_needs_two_different_enrolled_students():
    teacher = TeacherFactory()
    c = class_with(teacher, students=3)
    sid = c.enrollments.filter(role="student").first().user_id
    with pytest.raises(UserError, match="two different"):
        actions.add_avoid_pair(teacher, c, sid, sid)
    stranger = StudentFactory(school=teacher.school)
    with pytest.raises(UserError, match="enrolled"):
        actions.add_avoid_pair(teacher, c, sid, stranger.pk)


def _teams(teacher, n):
    c = class_with(teacher, students=n)
    actions.form_teams(teacher, c, seed=0)
    return c, list(c.teams.prefetch_related("memberships"))


def test_move_student_between_teams():
    teacher = TeacherFactory()
    c, teams = _teams(teacher, 10)
    student_id = teams[0].memberships.first().student_id
    target, warnings = actions.move_student(teacher, c, student_id, teams[1].pk)
    assert target == teams[1]
    assert TeamMembership.objects.get(classroom=c, student_id=student_id).team == teams[1]
    assert warnings == []  # 5 + 5 became 4 + 6: still within 4–6
    second = teams[0].memberships.exclude(student_id=student_id).first().student_id
    _, warnings = actions.move_student(teacher, c, second, teams[1].pk)
    assert any("now has 3 students" in w for w in warnings)
    assert any("now has 7 students" in w for w in warnings)


def test_move_that_would_leave_a_team_of_one_is_refused_and_changes_nothing():
    teacher = TeacherFactory()
    c, teams = _teams(teacher, 8)  # two teams of 4
    members = [m.student_id for m in teams[0].memberships.all()]
    actions.move_student(teacher, c, members[0], teams[1].pk)
    actions.move_student(teacher, c, members[1], teams[1].pk)
    with pytest.raises(UserError, match="would leave Team 1 with only") as e:
        actions.move_student(teacher, c, members[2], teams[1].pk)
    assert e.value.field == "team"
    assert TeamMembership.objects.get(classroom=c, student_id=members[2]).team == teams[0]


def test_moves_refused_while_locked():
    teacher = TeacherFactory()
    c, teams = _teams(teacher, 10)
    actions.set_teams_locked(teacher, c, True)
    sid = teams[0].memberships.first().student_id
    with pytest.raises(UserError, match="locked"):
        actions.move_student(teacher, c, sid, teams[1].pk)
    with pytest.raises(UserError, match="locked"):
        actions.form_teams(teacher, c)


def test_move_of_unenrolled_student_is_refused():
    teacher = TeacherFactory()
    c, teams = _teams(teacher, 10)
    sid = teams[0].memberships.first().student_id
    actions.withdraw_student(teacher, c, sid)
    with pytest.raises(UserError, match="not enrolled"):
        actions.move_student(teacher, c, sid, teams[1].pk)


def test_move_to_team_of_another_class_is_refused():
    teacher = TeacherFactory()
    c, teams = _teams(teacher, 10)
    _, other_teams = _teams(teacher, 10)
    sid = teams[0].memberships.first().student_id
    with pytest.raises(UserError, match="this class's teams"):
        actions.move_student(teacher, c, sid, other_teams[0].pk)


def test_reenrolling_keeps_one_row():
    teacher = TeacherFactory()
    c = class_with(teacher)
    s = StudentFactory(school=teacher.school)
    actions.enroll(c, s, "student")
    actions.withdraw_student(teacher, c, s.pk)
    actions.enroll(c, s, "student")
    assert Enrollment.objects.get(classroom=c, user=s).is_active


def test_withdraw_student_leaves_every_roster_read_and_keeps_the_row():
    from trellis.rosters import queries

    teacher = TeacherFactory()
    c = class_with(teacher)
    s = StudentFactory(school=teacher.school)
    actions.enroll(c, s, "student")
    assert queries.active_student_ids(c) == [s.pk]
    with pytest.raises(NotFound):
        actions.withdraw_student(TeacherFactory(school=teacher.school), c, s.pk)
    actions.withdraw_student(teacher, c, s.pk)
    assert queries.active_students(c) == [] and queries.enrolled_student(c, s.pk) is None
    assert not queries.is_active_student(s, c)
    assert Enrollment.objects.filter(classroom=c, user=s, is_active=False).exists()
    with pytest.raises(UserError, match="not enrolled") as err:
        actions.withdraw_student(teacher, c, s.pk)
    assert err.value.field == "student"
