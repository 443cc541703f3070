"""The teacher's charter pages (boards and their poll, summary, projector and its poll, pulses)
cost an exact number of queries, the same for a class of 5 and a class of 40."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.budgets import assert_budget
from tests.charter.factories import class_with_teams
from tests.factories import LeaderFactory
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


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("charter:boards", 11),
        ("charter:boards_live", 11),
        ("charter:summary", 7),
        ("charter:project", 7),
        ("charter:project_live", 7),
        ("charter:pulse_results", 10),
        ("charter:pulse_trends", 6),
        ("charter:home", 35),  # many small reads (one: the small-numbers rule's class sizes)
        ("charter:pulses", 7),
    ],
)
def test_exact_query_count_for_5_and_40_students(client, name, expected):
    for n in (5, 40):
        classroom, teacher, pulse = _class(n)
        client.force_login(teacher)
        args = [classroom.pk, pulse.pk] if name == "charter:pulse_results" else [classroom.pk]
        assert client.get(reverse(name, args=args)).status_code == 200  # warm the session
        assert_budget(client, name, expected, *args)


def test_exact_query_count_of_the_other_charter_pages_and_the_api(client):
    for n in (5, 40):
        classroom, teacher, pulse = _class(n)
        version = classroom.charter.versions.order_by("-number").first()
        key = version.items.first().key
        team = classroom.teams.first()
        student = team.memberships.first().student
        c = classroom.pk
        client.force_login(teacher)
        client.get("/")
        assert_budget(client, "charter:print", 6, c)  # + the endorsement count
        assert_budget(client, "charter:item", 5, c, key, status=302)
        assert_budget(client, "charter:version", 6, c, version.number)
        assert_budget(client, "charter:kickoff", 6, c)
        assert_budget(client, "charter:board", 13, c, team.pk)
        assert_budget(client, "charter:board_live", 10, c, team.pk)
        assert_budget(client, "api-v1:get_charter", 7, c)
        assert_budget(client, "api-v1:list_commitments", 5, c)
        assert_budget(client, "api-v1:get_team_board", 10, c, team.pk)
        assert_budget(client, "api-v1:get_summary", 7, c)
        assert_budget(client, "api-v1:list_pulses", 5, c)
        assert_budget(client, "api-v1:pulse_results", 9, c, pulse.pk)
        assert_budget(
            client, "api-v1:indicators", 27, c
        )  # +1: class sizes for the small-numbers rule
        client.force_login(student)
        client.get("/")
        assert_budget(client, "charter:pulse_answer", 7, c, pulse.pk)
        client.force_login(LeaderFactory(school=classroom.school))
        assert_budget(client, "charter:culture", 29)  # summary, count, teachers; class sizes
