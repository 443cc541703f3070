"""The `work` fixture's world (tests/work/conftest.py), as a plain function."""

from tests.work.factories import assignment_for, published_rubric, targets_for


def build_work(world):
    """`world` plus targets, a published rubric and an assignment in `klass`."""
    world.targets = targets_for(world.teacher, world.klass)
    world.rubric = published_rubric(world.teacher, world.klass, world.targets)
    world.assignment = assignment_for(world.teacher, world.klass, world.rubric)
    world.classmates = [
        e.user for e in world.klass.enrollments.filter(role="student").exclude(user=world.student)
    ]
    return world
