"""The demo school's check-in history, written through the same actions a class uses.

Ms Rivera's Grade 9 Mathematics A has taken “Two-step equations: quick check” twice — an
exit ticket three days ago and a live run yesterday — and the shared check-in also ran as an
exit ticket in section B (one check-in, pooled results). The answers follow the release
board's equations story (see trellis.progression.demo): the students ready for independent
practice answer right and sure, the four who need re-teaching are sure but wrong, the class
still in co-construction is often right but unsure. A short “Like terms warm-up” feeds the
combining-like-terms target. Every answer and rating becomes `answered` and
`rated-confidence` evidence, so the board's recommendations rest on it.

Idempotent: a check-in that already exists (by owner and title) is left as it is.

`seed_second_school_checkins` runs after the teams' step: Cedar Park's Mr Bianchi, in
Rivera's network team, ran her shared equations check-in as an exit ticket in his
Mathematics 9 two days ago (once: a class that already has a run of it is left as it is).
"""

import random
from datetime import timedelta

from django.utils import timezone

from trellis.curriculum import actions as curriculum_actions
from trellis.curriculum.models import LearningTarget

from . import actions
from .actions import QuestionInput
from .models import CheckIn

EQUATIONS_TARGET = ("I can solve two-step equations", "MA.9.EE.1")
LIKE_TERMS_TARGET = ("I can simplify an expression by combining like terms", "MA.9.EE.2")
EQUATIONS_TITLE = "Two-step equations: quick check"
LIKE_TERMS_TITLE = "Like terms warm-up"


def _target(teacher, classroom, statement: str, code: str) -> LearningTarget:
    """The class's target with this statement, made if the curriculum seeder has not."""
    found = LearningTarget.objects.filter(classroom=classroom, statement=statement).first()
    return found or curriculum_actions.create_target(
        teacher, classroom, statement=statement, code=code
    )


def _equation_questions(target) -> list[QuestionInput]:
    t = target.pk
    return [
        QuestionInput(
            kind="single",
            prompt="To solve 3x + 5 = 20, what do you undo first?",
            target_id=t,
            options=[
                {"text": "Subtract 5 from both sides", "correct": True},
                {
                    "text": "Divide both sides by 3",
                    "misconception": "Undoes the operations in the order they were done, "
                    "not in reverse",
                },
                {
                    "text": "Subtract 5 from the left side only",
                    "misconception": "Changes one side only: the equation stops balancing",
                },
                {
                    "text": "Add 5 to both sides",
                    "misconception": "Repeats the operation instead of undoing it",
                },
            ],
            explanation="+5 was done last, so it is undone first: subtract 5 from both sides.",
        ),
        QuestionInput(
            kind="number",
            prompt="Solve 2x − 7 = 9. What is x?",
            target_id=t,
            number_answer="8",
            explanation="Add 7 to both sides (2x = 16), then divide by 2.",
        ),
        QuestionInput(
            kind="number",
            prompt="Solve 4x + 6 = 20. What is x?",
            target_id=t,
            number_answer="3.5",
            explanation="Subtract 6 (4x = 14), then divide by 4: x = 3.5 (or 3,5).",
        ),
        QuestionInput(
            kind="multiple",
            prompt="Which equations have x = 4 as their solution? Tick every one.",
            target_id=t,
            options=[
                {"text": "2x + 1 = 9", "correct": True},
                {"text": "3x − 2 = 10", "correct": True},
                {
                    "text": "x ÷ 2 + 1 = 4",
                    "misconception": "Checks only the first operation when substituting",
                },
            ],
        ),
        QuestionInput(
            kind="short",
            prompt="In your own words: how do you check your answer?",
            target_id=t,
            model_answer="Put the value back into the original equation; both sides must match.",
        ),
    ]


def _like_terms_questions(target) -> list[QuestionInput]:
    t = target.pk
    return [
        QuestionInput(
            kind="single",
            prompt="Simplify 4x + 3 + 2x − 1.",
            target_id=t,
            options=[
                {"text": "6x + 2", "correct": True},
                {"text": "8x", "misconception": "Adds unlike terms together"},
                {"text": "6x + 4", "misconception": "Drops the sign of −1"},
            ],
        ),
        QuestionInput(
            kind="number",
            prompt="What is the coefficient of x in 5x − 2x + x?",
            target_id=t,
            number_answer="4",
        ),
    ]


def _profile(index: int) -> tuple[float, tuple[int, int]]:
    """(chance of a right answer, confidence range) for the student at this place in the
    class list, following the release board's equations story."""
    if index < 11:  # ready for independent practice
        return 0.9, (3, 4)
    if index < 15:  # need the steps re-taught: sure, but not yet right
        return 0.2, (3, 4)
    if index < 20:  # already independent
        return 0.95, (3, 4)
    if index == 20:  # asked for help
        return 0.5, (1, 2)
    return 0.7, (1, 2)  # still in co-construction: often right, rarely sure


def _answer_for(version, right: bool, rng: random.Random):
    if version.is_choice:
        keys = version.correct_keys
        if right:
            return {"keys": keys}
        wrong = [o["key"] for o in version.options if not o["correct"]]
        return {"keys": [rng.choice(wrong)]}
    if version.kind == "number":
        value = version.number_answer
        if right:
            text = f"{value.normalize():f}"
            return text.replace(".", ",") if rng.random() < 0.3 else text
        return f"{(value + rng.choice([-2, -1, 1, 3])).normalize():f}"
    if right:
        return rng.choice(
            [
                "Substitute x back into the equation",
                "substitute x back into the equation!",
                "Put my answer back in and see if both sides are equal",
            ]
        )
    return rng.choice(["Do it again", "Ask a friend", "do it again."])


def _take(run, questions, students, rng, start, *, live_teacher=None, offset=0, profile=None):
    """Each student answers every question (a few skip the last), then rates confidence."""
    profile = profile or _profile
    versions = [q.versions.order_by("-number").first() for q in questions]
    for position, version in enumerate(versions):
        when = start + timedelta(minutes=2 * position)
        if live_teacher is not None:
            actions.go_to_question(live_teacher, run, position, now=when)
        for i, student in enumerate(students):
            chance, (low, high) = profile(i + offset)
            if position == len(versions) - 1 and i % 7 == 6:
                continue  # ran out of time
            right = rng.random() < chance
            at = when + timedelta(seconds=10 + i)
            actions.submit_answer(
                student, run, version.question_id, _answer_for(version, right, rng), now=at
            )
            actions.rate_confidence(
                student,
                run,
                version.question_id,
                rng.randint(low, high),
                now=at + timedelta(seconds=5),
            )
        if live_teacher is not None:
            actions.reveal(live_teacher, run, [version.question_id])


def _mark_short(teacher, run, question) -> None:
    from .queries import marking_page

    page = marking_page(run, question.pk)
    for group in page.groups if page else []:
        text = group.normalised
        mark = "right" if "substitute" in text or "both sides" in text else "not_yet"
        actions.mark_answers(teacher, run, question.pk, mark, normalised=text)


def seed_checkins(ctx) -> None:
    teacher = ctx.staff["teacher.rivera"]
    math = [c for c in ctx.classes if c.course == "Grade 9 Mathematics"]
    math_a = next(c for c in math if c.section == "A")
    math_b = [c for c in math if c.section != "A"]
    now = timezone.now()
    rng = random.Random(509)

    if not CheckIn.objects.filter(owner=teacher, title=EQUATIONS_TITLE).exists():
        equations = _target(teacher, math_a, *EQUATIONS_TARGET)
        checkin = actions.create_checkin(teacher, title=EQUATIONS_TITLE, is_shared=True)
        questions = [
            actions.create_question(teacher, q, checkin=checkin)
            for q in _equation_questions(equations)
        ]
        students = ctx.students_by_class[math_a.pk]

        start = now - timedelta(days=3, hours=1)
        exit_ticket = actions.start_run(
            teacher,
            checkin,
            math_a,
            mode="exit",
            closes_at=start + timedelta(minutes=30),
            now=start,
        )
        _take(exit_ticket, questions, students, rng, start)
        actions.close_run(teacher, exit_ticket, now=start + timedelta(minutes=30))
        _mark_short(teacher, exit_ticket, questions[-1])
        actions.reveal(teacher, exit_ticket, [q.pk for q in questions])

        # Yesterday, live: the teacher paced it and revealed each answer.
        start = now - timedelta(days=1, hours=2)
        live = actions.start_run(teacher, checkin, math_a, mode="live", now=start)
        _take(live, questions, students, rng, start, live_teacher=teacher)
        actions.close_run(teacher, live, now=start + timedelta(minutes=25))
        _mark_short(teacher, live, questions[-1])

        # The same check-in in section B: one identity, pooled results.
        for classroom in math_b:
            _target(teacher, classroom, *EQUATIONS_TARGET)
            start = now - timedelta(days=2, hours=1)
            run = actions.start_run(
                teacher,
                checkin,
                classroom,
                mode="exit",
                closes_at=start + timedelta(minutes=30),
                now=start,
            )
            _take(run, questions[:4], ctx.students_by_class[classroom.pk], rng, start, offset=21)
            actions.close_run(teacher, run, now=start + timedelta(minutes=30))

    if not CheckIn.objects.filter(owner=teacher, title=LIKE_TERMS_TITLE).exists():
        like_terms = _target(teacher, math_a, *LIKE_TERMS_TARGET)
        checkin = actions.create_checkin(teacher, title=LIKE_TERMS_TITLE)
        questions = [
            actions.create_question(teacher, q, checkin=checkin)
            for q in _like_terms_questions(like_terms)
        ]
        start = now - timedelta(days=5)
        run = actions.start_run(
            teacher,
            checkin,
            math_a,
            mode="exit",
            closes_at=start + timedelta(minutes=20),
            now=start,
        )
        # Like terms is nearly done on the board: most of the class is right and sure.
        _take(
            run,
            questions,
            ctx.students_by_class[math_a.pk],
            rng,
            start,
            profile=lambda i: (0.85, (3, 4)),
        )
        actions.close_run(teacher, run, now=start + timedelta(minutes=20))
        actions.reveal(teacher, run, [q.pk for q in questions])


def seed_second_school_checkins(ctx) -> None:
    classroom = getattr(ctx, "second_class", None)
    checkin = CheckIn.objects.filter(
        owner=ctx.staff["teacher.rivera"], title=EQUATIONS_TITLE
    ).first()
    if classroom is None or checkin is None or checkin.runs.filter(classroom=classroom).exists():
        return
    teacher = ctx.second_teacher
    questions = [i.question for i in checkin.items.select_related("question").order_by("position")]
    start = timezone.now() - timedelta(days=2, hours=3)
    run = actions.start_run(
        teacher, checkin, classroom, mode="exit", closes_at=start + timedelta(minutes=30), now=start
    )
    # About two in three right, mostly fairly sure: a class a little behind Maple Grove's A.
    _take(
        run,
        questions[:4],
        ctx.second_students,
        random.Random(611),
        start,
        profile=lambda i: (0.65, (2, 4)),
    )
    actions.close_run(teacher, run, now=start + timedelta(minutes=30))
