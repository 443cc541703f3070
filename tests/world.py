"""The `world` of the permission tests (tests/conftest.py's fixture), as a plain function so that
a module can build it once (tests/shared_rows.py)."""


def build_world():
    """Two schools and every kind of person a permission test needs.

    school: teacher teaches `klass` (with `student` and 3 classmates); `other_teacher` teaches
    `other_class` with `other_student`; a leader and an admin. `far_*` live in another school.
    """

    from tests.factories import (
        AdminFactory,
        LeaderFactory,
        SchoolFactory,
        StudentFactory,
        TeacherFactory,
        class_with,
    )

    class World:
        pass

    w = World()
    w.school = SchoolFactory(name="Maple Grove")
    w.teacher = TeacherFactory(school=w.school, username="teacher")
    w.other_teacher = TeacherFactory(school=w.school, username="other_teacher")
    w.leader = LeaderFactory(school=w.school, username="leader")
    w.admin = AdminFactory(school=w.school, username="admin")
    w.klass = class_with(w.teacher, students=0, school=w.school, course="Algebra")
    w.student = StudentFactory(school=w.school, username="student")
    from trellis.rosters import actions
    from trellis.rosters.models import EnrollmentRole

    actions.enroll(w.klass, w.student, EnrollmentRole.STUDENT)
    for _ in range(3):
        actions.enroll(w.klass, StudentFactory(school=w.school), EnrollmentRole.STUDENT)
    w.other_class = class_with(w.other_teacher, students=0, school=w.school, course="Biology")
    w.other_student = StudentFactory(school=w.school, username="other_student")
    actions.enroll(w.other_class, w.other_student, EnrollmentRole.STUDENT)
    w.far_school = SchoolFactory(name="Far Away")
    w.far_teacher = TeacherFactory(school=w.far_school, username="far_teacher")
    w.far_admin = AdminFactory(school=w.far_school, username="far_admin")
    w.far_class = class_with(w.far_teacher, students=2, school=w.far_school)
    return w
