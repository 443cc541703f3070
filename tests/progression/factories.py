"""Building tasks and running them, through the curriculum and progression actions."""

from trellis.curriculum import actions as curriculum
from trellis.progression import actions


def make_task(teacher, classroom, *, title="Solve two-step equations", steps=3, targets=1):
    target_ids = [
        curriculum.create_target(
            teacher, classroom, statement=f"I can solve equation type {i + 1}"
        ).pk
        for i in range(targets)
    ]
    return curriculum.create_task(
        teacher,
        classroom,
        title=title,
        target_ids=target_ids,
        steps=[f"Step {i + 1}: do part {i + 1}" for i in range(steps)],
    )


def running_task(teacher, classroom, **kwargs):
    task = make_task(teacher, classroom, **kwargs)
    actions.start_task(teacher, task)
    return task


def students_of(classroom):
    from trellis.rosters.models import EnrollmentRole

    return [
        e.user
        for e in classroom.enrollments.filter(role=EnrollmentRole.STUDENT, is_active=True)
        .select_related("user")
        .order_by("user_id")
    ]
