"""Demo data: Grade 9 Mathematics A has built and published its charter and answered three
pulses over the past weeks; Grade 9 Mathematics B is in the middle of its kickoff.

Everything is written through the charter's actions. A class that already has a kickoff is
left alone, so running the demo again adds nothing.
"""

import random
from datetime import timedelta

from django.utils import timezone

from . import actions
from .models import COMMITMENT_SECTIONS, Kickoff

BOARD_LINES = [
    "I learned to ride a bike: my sister ran next to me until I did not need her.",
    "Skateboarding. I watched videos in slow motion and tried one trick at a time.",
    "Piano — my teacher had me play the hard bar ten times before the whole piece.",
    "Small goals helped: one more lap each week.",
    "My coach said exactly what to change in my swing, not just ‘good job’.",
    "Feedback that came right away so I could try again.",
    "In this class: knowing what the target is before we start.",
    "Seeing an example of a finished solution.",
    "Being allowed to fix mistakes on a quiz.",
    "When I'm stuck, a hint instead of the answer.",
]
CONTRIBUTIONS = [
    ("see", "We don't judge each other"),
    ("see", "No judging"),
    ("see", "Mistakes are OK — we learn from them"),
    ("see", "We all learn at different speeds"),
    ("see", "Everyone learns at their own pace"),
    ("act", "Frequent check-ins on our learning"),
    ("act", "Chances to revise our work"),
    ("act", "We can redo our work after feedback"),
    ("act", "Examples of quality work"),
    ("teacher", "Make the learning targets clear"),
    ("teacher", "Show us examples of good work"),
    ("teacher", "Use check-ins to help us, not to grade us"),
    ("students", "Use feedback to improve our work"),
    ("students", "Take part in every check-in"),
    ("students", "Ask for help when we are stuck"),
]
WELL = [
    "Check-ins help me see what I missed",
    "Nobody laughs at mistakes",
    "Feedback is kind and specific",
    "The targets are on the board every day",
    "We help each other in teams",
]
BETTER = [
    "More time to revise before the quiz",
    "Some people still talk over others",
    "More examples of good work",
    "Use the rubric more often",
    "",
]


def _class(ctx, section):
    return next(
        c for c in ctx.classes if c.course == "Grade 9 Mathematics" and c.section == section
    )


def _kickoff_with_boards(teacher, classroom, rng) -> None:
    actions.start_kickoff(teacher, classroom)
    prompts = list(Kickoff.objects.get(classroom=classroom).prompts.all())
    for team in classroom.teams.all():
        for m in team.memberships.select_related("student")[:3]:
            prompt = rng.choice(prompts)
            actions.add_board_entry(m.student, team.pk, prompt.pk, rng.choice(BOARD_LINES))


def seed_charter(ctx) -> None:
    teacher = ctx.staff["teacher.rivera"]
    rng = random.Random(9)
    published = _class(ctx, "A")
    if not Kickoff.objects.filter(classroom=published).exists():
        _kickoff_with_boards(teacher, published, rng)
        teams = list(published.teams.all())
        for i, (section, text) in enumerate(CONTRIBUTIONS):
            team = teams[i % len(teams)]
            author = team.memberships.select_related("student").first().student
            actions.send_contribution(author, team.pk, section, text)
        actions.draft_charter_from_summary(teacher, published)
        version = actions.publish_charter(teacher, published)
        students = ctx.students_by_class[published.pk]
        for i, s in enumerate(students[:-4]):
            actions.endorse_charter(s, published, "More group work" if i % 9 == 0 else "")
        items = [i for i in version.items.all() if i.section in COMMITMENT_SECTIONS]
        today = timezone.localdate()
        for n, weeks_ago in enumerate((5, 3, 1)):
            opens = today - timedelta(weeks=weeks_ago)
            pulse = actions.schedule_pulse(teacher, published, opens, today=opens)
            for s in students[: len(students) - 3 + n]:
                ratings = {
                    it.pk: max(1, min(5, round(rng.gauss(2.8 + 0.5 * n, 0.9)))) for it in items
                }
                actions.answer_pulse(
                    s,
                    pulse.pk,
                    ratings,
                    rng.choice(WELL),
                    rng.choice(BETTER),
                    today=opens + timedelta(days=1),
                )
            if n < 2:
                actions.share_pulse(teacher, pulse.pk)
    in_progress = _class(ctx, "B")
    if not Kickoff.objects.filter(classroom=in_progress).exists():
        _kickoff_with_boards(teacher, in_progress, rng)
