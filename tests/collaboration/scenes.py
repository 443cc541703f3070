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


def build_school(size: str = "small"):
    """A whole school of teachers learning together, small or large: the same pages must cost
    the same number of queries for both (tests/collaboration/test_budgets.py)."""
    from tests.factories import LeaderFactory, SchoolFactory
    from trellis.curriculum import actions as curriculum_actions

    large = size == "large"
    s = Scene()
    s.school = SchoolFactory()
    s.leader = LeaderFactory(school=s.school)
    s.teachers = [TeacherFactory(school=s.school) for _ in range(5 if large else 3)]
    s.extra = TeacherFactory(school=s.school)  # in no team: added by the tests
    lead, second = s.teachers[0], s.teachers[1]
    s.team = actions.create_team(
        lead, name="Maths", member_ids=[t.pk for t in s.teachers[1:]], kind="subject"
    )
    if large:
        actions.create_team(s.leader, name="Science", member_ids=[t.pk for t in s.teachers[2:]])
    s.checkin, (s.question,) = checkin_with(lead, [single()], title="Common", shared=True)
    n_students = 14 if large else 11
    s.classes = []
    for t in s.teachers:
        for k in range(2 if large else 1):
            c = class_with(t, students=n_students, school=s.school, course=f"Maths {t.pk}-{k}")
            s.classes.append(c)
            run = exit_run(t, s.checkin, c)
            answer_all(run, s.question, c, right=n_students // 2)
    s.task = curriculum_actions.create_task(
        lead, s.classes[0], title="Proportions", shared_with_team=True, steps=["Set up", "Solve"]
    )
    if large:
        curriculum_actions.create_task(lead, s.classes[0], title="Rates", shared_with_team=True)
    s.practice = None
    for i in range(3 if large else 1):
        p = actions.create_practice(
            lead,
            title=f"Practice {i}",
            description="Do it.",
            subject="Maths",
            targets_text="proportions",
        )
        s.practice = s.practice or p
    today = timezone.localdate()
    s.inquiry = actions.open_inquiry(
        lead,
        s.team,
        question="Open question?",
        starts_on=today,
        ends_on=today + timedelta(days=9),
        measure_id=s.checkin.pk,
        practice_id=s.practice.pk,
    )
    for i in range(2 if large else 1):
        done = actions.open_inquiry(
            lead,
            s.team,
            question=f"Done {i}?",
            starts_on=today,
            ends_on=today,
            measure_id=s.checkin.pk,
            practice_id=s.practice.pk,
        )
        actions.finish_inquiry(lead, done, outcome="unclear", conclusion="Hard to say.")
    s.focus = actions.set_focus(s.leader, title="Feedback")
    pieces = [f"Work {i}" for i in range(6 if large else 2)]
    s.round = actions.create_round(
        lead, s.team, title="Round", criteria=["Reasoning", "Clarity"], levels=4, pieces=pieces
    )
    s.pieces = list(s.round.pieces.order_by("label"))
    for t in (lead, second):
        for p in s.pieces:
            actions.score_piece(t, p.pk, {"c1": 2, "c2": 3})
    s.observations = []
    for _ in range(3 if large else 1):
        obs = actions.invite_observer(
            lead, observer_id=second.pk, focus="Release", lesson_on=today, team_id=s.team.pk
        )
        actions.record_notes(second, obs.pk, saw="Saw", students_did="Did", wondered="")
        s.observations.append(obs)
    s.decisions = [
        actions.log_decision(
            lead,
            s.team,
            proposal=f"P{i}",
            decision="D",
            review_on=today,
            participant_ids=[lead.pk, second.pk],
        )
        for i in range(3 if large else 1)
    ]
    s.pulse = actions.open_trust_pulse(s.leader, title="Autumn", opens_on=today, closes_on=today)
    voters = [TeacherFactory(school=s.school) for _ in range(5)] + (s.teachers[2:] if large else [])
    for v in voters:
        actions.answer_trust_pulse(v, s.pulse, [4] * 5)
    actions.delegate_role(s.leader, teacher_id=second.pk, role="data_lead")
    s.lead, s.second = lead, second
    _share_work(s, large)
    _network(s, large)
    if large:
        _terms(s)
    return s


def _terms(s):
    """Two terms from the roster (as an import would leave them), the first class in the
    earlier one and past (inactive), the others in the current one."""
    from datetime import date

    from trellis.rosters.models import AcademicSession, Classroom

    AcademicSession.objects.create(
        sourced_id="t-fall",
        title="Fall",
        type="term",
        start_date=date(2026, 9, 1),
        end_date=date(2026, 12, 20),
    )
    AcademicSession.objects.create(
        sourced_id="t-winter",
        title="Winter",
        type="term",
        start_date=date(2027, 1, 5),
        end_date=date(2027, 3, 30),
    )
    Classroom.objects.filter(pk__in=[c.pk for c in s.classes]).update(term_sourced_ids="t-winter")
    Classroom.objects.filter(pk=s.classes[-1].pk).update(term_sourced_ids="t-fall", is_active=False)


def _share_work(s, large: bool):
    """A common task (copied and run in a second class when large, some students moved) and a
    common rubric (copied, with scored hand-ins when large)."""
    from tests.work.factories import assignment_for, hand_in, published_rubric, targets_for
    from trellis.progression import actions as progression_actions
    from trellis.work.actions import feedback as feedback_actions

    s.rubric = published_rubric(s.lead, s.classes[0])
    s.team_rubric = actions.share_rubric(s.lead, s.team, s.rubric.pk)
    if not large:
        return
    second_class = s.classes[2]  # the second teacher's first class
    copy = actions.copy_task(s.second, s.task.pk, second_class.pk)
    progression_actions.start_task(s.second, copy)
    students = students_of(second_class)
    progression_actions.move_students(s.second, copy, [st.pk for st in students[:6]], "advance")
    targets_for(s.second, second_class)  # the copy's criteria find their targets by statement
    rubric_copy = actions.copy_team_rubric(s.second, s.team, s.team_rubric.pk, second_class.pk)
    from trellis.work.actions import rubrics as rubric_actions

    rubric_actions.publish_rubric(s.second, rubric_copy)
    assignment = assignment_for(s.second, second_class, rubric_copy)
    version = rubric_copy.versions.order_by("-number").first().content
    for student in students[:3]:
        revision = hand_in(student, assignment)
        feedback_actions.score_revision(
            s.second,
            revision,
            levels={c["id"]: version["levels"][1]["id"] for c in version["criteria"]},
        )


def _network(s, large: bool):
    """A network of the school and a second school with its own practices (more when large)."""
    from tests.factories import LeaderFactory, SchoolFactory

    s.network = actions.create_network(s.leader, name="District maths")
    other = SchoolFactory()
    other_leader = LeaderFactory(school=other)
    actions.join_network(other_leader, code=s.network.join_code)
    other_teacher = TeacherFactory(school=other)
    s.far_practices = [
        actions.create_practice(other_teacher, title=f"Far practice {i}", description="Elsewhere.")
        for i in range(3 if large else 1)
    ]
