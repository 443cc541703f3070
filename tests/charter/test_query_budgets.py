"""The teacher's boards overview, the class summary and pulse results cost the same number of
queries for a class of 5 and a class of 40."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.charter.factories import class_with_teams
from trellis.charter import actions

pytestmark = pytest.mark.django_db

TEXTS = [
    "We don't judge each other",
    "Clear learning targets",
    "Feedback helps us improve",
    "Mistakes are ok",
    "Retakes on quizzes",
]


def _class(n: int):
    classroom, teacher = class_with_teams(students=n)
    kickoff = actions.start_kickoff(teacher, classroom)
    prompt = kickoff.prompts.first()
    for team in classroom.teams.all():
        for i, m in enumerate(team.memberships.select_related("student")):
            actions.add_board_entry(m.student, team.pk, prompt.pk, f"Entry {i}")
            section = ["see", "act", "teacher", "students"][i % 4]
            actions.send_contribution(m.student, team.pk, section, TEXTS[i % len(TEXTS)])
    actions.nudge_team(teacher, classroom, classroom.teams.first().pk, "Keep going")
    actions.draft_charter_from_summary(teacher, classroom)
    version = actions.publish_charter(teacher, classroom)
    pulse = actions.schedule_pulse(teacher, classroom, timezone.localdate(), anonymous=False)
    items = version.items.filter(section__in=["teacher", "students"])
    for e in classroom.enrollments.filter(role="student").select_related("user"):
        actions.answer_pulse(e.user, pulse.pk, {i.pk: 3 for i in items}, "Kind words", "More time")
    return classroom, teacher, pulse


@pytest.mark.parametrize("page", ["boards", "boards_live", "summary", "project_live", "results"])
def test_same_query_count_for_5_and_40_students(client, count_queries, page):
    counts = []
    for n in (5, 40):
        classroom, teacher, pulse = _class(n)
        client.force_login(teacher)
        if page == "results":
            url = reverse("charter:pulse_results", args=[classroom.pk, pulse.pk])
        else:
            url = reverse(f"charter:{page}", args=[classroom.pk])
        assert client.get(url).status_code == 200  # warm the session
        counts.append(count_queries(lambda url=url: client.get(url)))
    assert counts[0] == counts[1], counts


def test_trends_cost_does_not_grow_with_students(client, count_queries):
    counts = []
    for n in (5, 40):
        classroom, teacher, _ = _class(n)
        client.force_login(teacher)
        url = reverse("charter:pulse_trends", args=[classroom.pk])
        client.get(url)
        counts.append(count_queries(lambda url=url: client.get(url)))
    assert counts[0] == counts[1], counts
