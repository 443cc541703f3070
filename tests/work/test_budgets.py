"""Exact query budgets: the feedback queue, a student's work pages and the teacher's assignment
page cost the same number of queries for few and many rows."""

import pytest

from tests.budgets import assert_budget
from tests.factories import StudentFactory
from tests.work.factories import ESSAY, HELPFUL, assignment_for, criteria_of, hand_in
from trellis.rosters import actions as roster_actions
from trellis.work.actions import feedback as feedback_actions

pytestmark = pytest.mark.django_db


def _class_with_hand_ins(work, n):
    from tests.factories import class_with
    from tests.work.factories import published_rubric

    c = class_with(work.teacher, school=work.school)
    a = assignment_for(work.teacher, c, published_rubric(work.teacher, c))
    for _ in range(n):
        s = StudentFactory(school=work.school)
        roster_actions.enroll(c, s, "student")
        hand_in(s, a)
    return c


def test_feedback_queue_same_queries_for_5_and_150(client, work):
    small = _class_with_hand_ins(work, 5)
    large = _class_with_hand_ins(work, 150)
    client.force_login(work.teacher)
    client.get(f"/work/classes/{small.pk}/queue/")
    for c in (small, large):
        response = assert_budget(client, "work:queue", 4, c.pk)
    assert response.content.decode().count("Revision 1</a>") == 150


def _student_with_revisions(work, n):
    student = StudentFactory(school=work.school)
    roster_actions.enroll(work.klass, student, "student")
    crit = criteria_of(work.assignment)[0]
    revision = None
    for i in range(n):
        revision = hand_in(student, work.assignment, text=f"{ESSAY} {i}")
        item = feedback_actions.give_feedback(
            work.teacher, revision, criterion_id=crit["id"], body=HELPFUL
        )
        feedback_actions.reply_to_feedback(student, item, body="Thanks, will do")
    return student, revision


def test_student_work_pages_same_queries_for_5_and_150(client, work):
    few, few_rev = _student_with_revisions(work, 5)
    many, many_rev = _student_with_revisions(work, 150)
    for student, revision in ((few, few_rev), (many, many_rev)):
        client.force_login(student)
        client.get(f"/work/classes/{work.klass.pk}/")
        assert_budget(client, "work:assignment", 13, work.assignment.pk)
        assert_budget(client, "work:submit", 14, work.assignment.pk)
        assert_budget(client, "work:class", 6, work.klass.pk)
        assert_budget(client, "work:revision", 13, revision.pk)


def test_teacher_assignment_page_same_queries_for_5_and_40_students(client, work):
    from tests.factories import class_with
    from tests.work.factories import published_rubric

    for n in (5, 40):
        c = class_with(work.teacher, students=n, school=work.school)
        a = assignment_for(work.teacher, c, published_rubric(work.teacher, c))
        for e in c.enrollments.filter(role="student")[:3]:
            hand_in(e.user, a)
        client.force_login(work.teacher)
        client.get(f"/work/classes/{c.pk}/")
        assert_budget(client, "work:assignment", 6, a.pk)
        assert_budget(client, "work:class", 7, c.pk)
        assert_budget(client, "work:calibration", 7, c.pk)


def test_work_api_and_rubric_pages_have_fixed_budgets(client, work):
    for n in (5, 40):
        c = _class_with_hand_ins(work, n)
        assignment = c.work_assignments.first()
        revision = assignment.submissions.first().revisions.first()
        rubric = assignment.rubric
        client.force_login(work.teacher)
        client.get("/")
        assert_budget(client, "work:assignment_new", 6, c.pk)
        assert_budget(client, "work:rubric_new", 3, c.pk)
        assert_budget(client, "work:rubric", 14, rubric.pk)
        assert_budget(client, "work:rubric_edit", 14, rubric.pk)
        assert_budget(client, "work:rubric_version", 5, rubric.pk, 1)
        assert_budget(client, "work:peers", 7, assignment.pk)  # + which reviewers get used
        assert_budget(client, "api-v1:list_assignments", 5, c.pk)
        assert_budget(client, "api-v1:get_assignment", 4, assignment.pk)
        assert_budget(client, "api-v1:get_revision", 13, revision.pk)
        assert_budget(client, "api-v1:get_rubric", 14, rubric.pk)
        assert_budget(client, "api-v1:feedback_queue", 4, c.pk)
        assert_budget(client, "api-v1:calibration", 7, c.pk)
