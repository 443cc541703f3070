"""Check-in state for tests, built through the app's actions (never raw saves)."""

from datetime import timedelta

from django.utils import timezone

from trellis.checkins import actions
from trellis.checkins.actions import QuestionInput
from trellis.curriculum import actions as curriculum_actions


def single(prompt="What is 2 + 3?", target=None, **kw) -> QuestionInput:
    return QuestionInput(
        kind="single",
        prompt=prompt,
        target_id=target.pk if target else None,
        options=kw.pop(
            "options",
            [
                {"text": "5", "correct": True},
                {"text": "6", "misconception": "Multiplied instead of adding"},
                {"text": "23", "misconception": "Wrote the digits side by side"},
            ],
        ),
        **kw,
    )


def multiple(prompt="Which are even?", target=None) -> QuestionInput:
    return QuestionInput(
        kind="multiple",
        prompt=prompt,
        target_id=target.pk if target else None,
        options=[
            {"text": "2", "correct": True},
            {"text": "3", "misconception": "Odd numbers are not divisible by 2"},
            {"text": "4", "correct": True},
        ],
    )


def number(prompt="Half of 7?", answer="3.5", tolerance="0", target=None) -> QuestionInput:
    return QuestionInput(
        kind="number",
        prompt=prompt,
        number_answer=answer,
        tolerance=tolerance,
        target_id=target.pk if target else None,
    )


def short(prompt="Name the operation that undoes addition.", target=None) -> QuestionInput:
    return QuestionInput(
        kind="short",
        prompt=prompt,
        model_answer="Subtraction",
        target_id=target.pk if target else None,
    )


def target(teacher, classroom, statement="I can add whole numbers", **kw):
    return curriculum_actions.create_target(teacher, classroom, statement=statement, **kw)


def checkin_with(teacher, questions, title="Quick check", shared=False):
    checkin = actions.create_checkin(teacher, title=title, is_shared=shared)
    made = [actions.create_question(teacher, q, checkin=checkin) for q in questions]
    return checkin, made


def live_run(teacher, checkin, classroom, position=0):
    run = actions.start_run(teacher, checkin, classroom, mode="live")
    if position is not None:
        run = actions.go_to_question(teacher, run, position)
    return run


def exit_run(teacher, checkin, classroom, minutes=30):
    return actions.start_run(
        teacher,
        checkin,
        classroom,
        mode="exit",
        closes_at=timezone.now() + timedelta(minutes=minutes),
    )


def students_of(classroom):
    return [
        e.user
        for e in classroom.enrollments.filter(role="student", is_active=True)
        .select_related("user")
        .order_by("user_id")
    ]


def same_team(first, *others):
    """Put teachers in one teacher team: "shared with my team" means that team."""
    from trellis.collaboration import actions as collaboration_actions

    return collaboration_actions.create_team(
        first, name="Shared", member_ids=[o.pk for o in others]
    )
