"""The charter permission tests' world (the `cw` fixture), as a plain function."""

from django.utils import timezone

from tests.factories import StudentFactory
from trellis.charter import actions
from trellis.rosters import actions as roster_actions


def build_charter(w):
    """`world` with a running charter in `klass`: two teams, a published charter with a
    revision draft, an open shared pulse. `student` is in team A, `student_b` in team B."""
    for _ in range(4):
        roster_actions.enroll(w.klass, StudentFactory(school=w.school), "student")
    roster_actions.form_teams(w.teacher, w.klass, seed=3)
    teams = list(w.klass.teams.all())
    w.team_a = next(t for t in teams if t.memberships.filter(student=w.student).exists())
    w.team_b = next(t for t in teams if t.pk != w.team_a.pk)
    w.student_b = w.team_b.memberships.select_related("student").first().student
    w.kickoff = actions.start_kickoff(w.teacher, w.klass)
    w.prompt = w.kickoff.prompts.first()
    w.entry = actions.add_board_entry(w.student, w.team_a.pk, w.prompt.pk, "Learning to skate")
    for section, text in [
        ("see", "We learn from mistakes"),
        ("see", "Mistakes are ok"),
        ("act", "Frequent check-ins"),
        ("teacher", "Make the learning targets clear"),
        ("students", "Use feedback to improve our work"),
    ]:
        actions.send_contribution(w.student, w.team_a.pk, section, text)
    w.contribution = actions.send_contribution(w.student_b, w.team_b.pk, "see", "No judging")
    actions.send_contribution(w.student_b, w.team_b.pk, "see", "We don't judge each other")
    w.idea = w.contribution.item
    actions.draft_charter_from_summary(w.teacher, w.klass)
    w.version = actions.publish_charter(w.teacher, w.klass)
    w.commitments = list(w.version.items.filter(section__in=["teacher", "students"]))
    w.item = w.commitments[0]
    w.pulse = actions.schedule_pulse(w.teacher, w.klass, timezone.localdate())
    actions.answer_pulse(w.student, w.pulse.pk, {i.pk: 4 for i in w.commitments}, "Kind", "")
    actions.share_pulse(w.teacher, w.pulse.pk)
    w.draft = actions.start_revision(w.teacher, w.klass)
    w.draft_item = w.draft.items.first()
    return w
