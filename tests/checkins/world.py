"""The `scene` fixture of the check-in tests (tests/checkins/conftest.py), as a plain function."""

from tests.checkins.factories import checkin_with, live_run, short, single, target


def build_scene(world):
    """The teacher's check-in (single choice + short text) running live in `klass` on question
    2, with the student's answer to question 1 and a classmate's short answer to question 2."""
    from trellis.checkins import actions

    class Scene:
        pass

    s = Scene()
    s.target = target(world.teacher, world.klass)
    s.checkin, s.questions = checkin_with(
        world.teacher, [single(target=s.target), short(target=s.target)], title="Adding up"
    )
    s.run = live_run(world.teacher, s.checkin, world.klass, position=1)
    s.answer = actions.submit_answer(
        world.student, s.run, s.questions[0].pk, {"keys": ["B"]}, idempotency_key="first"
    ).answer
    s.classmate = (
        world.klass.enrollments.filter(role="student").exclude(user=world.student).first().user
    )
    actions.submit_answer(s.classmate, s.run, s.questions[1].pk, "Subtraction.")
    return s
