"""The work assignment page shows that a then-and-now revisit is required, and whether it is
done, to the student and to the teacher (the flag lives on work.Assignment; the revisits in
trellis.reflection)."""

from tests.budgets import assert_budget
from tests.reflection.conftest import new_student, reflection_of
from tests.work.factories import hand_in
from trellis.reflection import actions


def _revisit(refl, student=None, revision=None):
    student = student or refl.student
    old = reflection_of(refl, student, moment="guided")
    return actions.make_revisit(
        student,
        refl.klass,
        then_kind="reflection",
        then_id=old.pk,
        now_kind="revision",
        now_id=(revision or refl.revision).pk,
        note="I used evidence this time.",
        assignment_id=refl.assignment.pk,
    )


def test_no_flag_when_not_required(client, refl):
    client.force_login(refl.student)
    page = client.get(f"/work/assignments/{refl.assignment.pk}/").content.decode()
    assert "Then-and-now revisit required" not in page
    client.force_login(refl.teacher)
    page = client.get(f"/work/assignments/{refl.assignment.pk}/").content.decode()
    assert "No then-and-now revisit is required." in page
    assert '<th scope="col">Revisit</th>' not in page


def test_student_sees_required_then_done(client, refl):
    actions.require_revisit(refl.teacher, refl.assignment.pk, True)
    client.force_login(refl.student)
    page = client.get(f"/work/assignments/{refl.assignment.pk}/").content.decode()
    assert "Then-and-now revisit required." in page
    assert f"revisits/new/?assignment={refl.assignment.pk}" in page
    _revisit(refl)
    page = client.get(f"/work/assignments/{refl.assignment.pk}/").content.decode()
    assert "your hand-in is complete." in page
    assert "Make the revisit" not in page


def test_teacher_sees_who_made_their_revisit(client, refl):
    actions.require_revisit(refl.teacher, refl.assignment.pk, True)
    _revisit(refl)
    client.force_login(refl.teacher)
    page = client.get(f"/work/assignments/{refl.assignment.pk}/").content.decode()
    assert "<strong>Then-and-now revisit required:</strong>" in page
    assert '<th scope="col">Revisit</th>' in page
    assert page.count("Done ") == 1
    # Every other student of the class is "Not yet".
    others = refl.klass.enrollments.filter(role="student", is_active=True).count() - 1
    assert page.count("<strong>Not yet</strong>") == others


def test_flag_budgets_same_for_few_and_many_revisits(client, refl):
    actions.require_revisit(refl.teacher, refl.assignment.pk, True)
    for n in (1, 12):
        for _ in range(n):
            s = new_student(refl)
            _revisit(refl, s, hand_in(s, refl.assignment))
        client.force_login(refl.teacher)
        assert_budget(client, "work:assignment", 7, refl.assignment.pk)
        client.force_login(refl.student)
        assert_budget(client, "work:assignment", 12, refl.assignment.pk)
