"""The demo school's release in action, seeded through the same actions a class uses.

In Grade 9 Mathematics A (teacher.rivera) the board tells a story on “Solving two-step
equations”: eleven students ready for independent practice, four who need the steps
re-taught (step back), five already independent with their success checks marked, one who
asked for help and went back to guided practice, and five still in co-construction. Graphing
is being modeled with a few "I'm lost" signals; combining like terms is nearly done.
Idempotent: a task that is already running is left as it is.
"""

from trellis.curriculum.models import Task
from trellis.grr import MoveKind

from . import actions
from .models import TaskRun


def _walk_guided(task, student, confidence: int) -> None:
    for step in task.steps.all():
        actions.plan_step(student, task, step.pk, f"I will {step.text[0].lower()}{step.text[1:]}")
        actions.reflect_step(
            student,
            task,
            step.pk,
            "Went as planned." if confidence >= 3 else "I got mixed up with the signs.",
            confidence,
        )


def _release(teacher, task, students, note="") -> None:
    if students:
        actions.move_students(teacher, task, [s.pk for s in students], MoveKind.ADVANCE, note=note)


def _observe(teacher, task, students, seen: str, times: int = 3) -> None:
    for s in students:
        for _ in range(times):
            actions.observe(teacher, task, s.pk, seen)


def _equations(teacher, task, students) -> None:
    ready, reteach, independent = students[:11], students[11:15], students[15:20]
    helper = students[20:21]  # the rest (21:) stay in co-construction
    actions.show_step(teacher, task, index=1)
    actions.set_mode(teacher, task, "co_construction")
    _release(teacher, task, students, "Followed the model; ready to direct me.")
    for s, idea in zip(
        students,
        [
            "Subtract 5 from both sides",
            "subtract 5 from both sides!",
            "Take away 5 on both sides",
            "Divide by 3",
            "Subtract five from both sides",
        ]
        * 6,
        strict=False,
    ):
        actions.suggest_next(s, task, idea)
    actions.pick_suggestion(teacher, task, task_suggestion(task))
    movers = ready + reteach + independent + helper
    _release(teacher, task, movers, "Directed the steps well in co-construction.")
    for s in ready + independent + helper:
        _walk_guided(task, s, 4 if s in independent else 3)
    for s in reteach:
        _walk_guided(task, s, 2)
    _observe(teacher, task, ready + independent + helper, "explained")
    _observe(teacher, task, reteach, "off-track")
    _release(teacher, task, independent + helper, "Explained every step; try it alone.")
    for s in independent:
        row = actions.answer_success_check(s, task, "x = 8, because 2(8) − 7 = 9")
        actions.mark_success_check(teacher, task, row.pk, "right")
    actions.request_help(helper[0], task, "I forget which operation to undo first.")


def task_suggestion(task) -> int:
    from .models import Suggestion

    return Suggestion.objects.filter(task=task).order_by("id").values_list("pk", flat=True)[0]


def _graphing(teacher, task, students) -> None:
    actions.show_step(teacher, task, index=2)
    for s in students[:6]:
        actions.signal_lost(s, task)


def _like_terms(teacher, task, students) -> None:
    _release(teacher, task, students, "Quick review: the class knows this.")
    _release(teacher, task, students)
    for s in students:
        _walk_guided(task, s, 4)
    _observe(teacher, task, students, "explained")
    _release(teacher, task, students)
    done = students[: len(students) // 2]
    actions.move_students(teacher, task, [s.pk for s in done], MoveKind.COMPLETE, note="Done.")


STORY = {
    "Solving two-step equations": _equations,
    "Graphing linear relations": _graphing,
    "Combining like terms": _like_terms,
}


def seed_progression(ctx) -> None:
    owners = {
        "Grade 9 Mathematics": ctx.staff["teacher.rivera"],
        "Grade 10 Science": ctx.staff["teacher.chen"],
        "Grade 10 English": ctx.staff["teacher.haddad"],
    }
    for classroom in ctx.classes:
        teacher = owners[classroom.course]
        students = ctx.students_by_class[classroom.pk]
        is_story = classroom.course == "Grade 9 Mathematics" and classroom.section == "A"
        for task in Task.objects.filter(classroom=classroom).order_by("position", "id"):
            if TaskRun.objects.filter(task=task).exists():
                continue
            if is_story and task.title not in STORY:
                continue  # “Solving inequalities” stays a draft: not started yet
            actions.start_task(teacher, task)
            if is_story:
                STORY[task.title](teacher, task, students)
            elif students:
                # Elsewhere: modeling done, the first half of the class directing the steps.
                _release(teacher, task, students[: len(students) // 2], "Ready to direct.")
