"""Exact query budgets of the charter's actions: the kickoff (prompts, nudges, team boards,
contributions, the summary's rewording, moving, merging and splitting), the draft and its
publishing, endorsements, revisions and pulses, through the pages and the API. Each is
measured for a class of 5 and a class of 40: everyone contributes and everyone answers, so
a cost that grew with the class would show."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.budgets import assert_budget
from tests.charter.factories import class_with_teams, published_charter
from trellis.charter import actions
from trellis.charter.models import Charter, CharterVersion, Kickoff, Pulse

pytestmark = pytest.mark.django_db

SIZES = (5, 40)
SECTIONS = ["see", "act", "teacher", "students"]
TEXTS = ["We don't judge", "Clear targets", "Feedback helps", "Mistakes are ok", "Retakes"]


def _login(client, user):
    client.force_login(user)
    client.get("/")


def _everyone_contributes(classroom):
    kickoff = Kickoff.objects.filter(classroom=classroom).first()
    prompt = kickoff.prompts.first() if kickoff else None
    for team in classroom.teams.all():
        for i, m in enumerate(team.memberships.select_related("student")):
            if prompt:
                actions.add_board_entry(m.student, team.pk, prompt.pk, f"Entry {i}")
            actions.send_contribution(m.student, team.pk, SECTIONS[i % 4], TEXTS[i % 5])


def _team_and_student(classroom):
    team = classroom.teams.first()
    return team, team.memberships.select_related("student").first().student


@pytest.mark.parametrize("n", SIZES)
def test_running_a_kickoff(client, n):
    classroom, teacher = class_with_teams(students=n)
    c = classroom.pk
    _login(client, teacher)
    assert_budget(client, "charter:kickoff_start", 14, c, method="post", status=302)
    kickoff = Kickoff.objects.get(classroom=classroom)
    before = kickoff.prompts.count()
    assert_budget(
        client,
        "charter:prompt_add",
        12,
        c,
        method="post",
        data={"text": "A new prompt"},
        status=302,
    )
    assert kickoff.prompts.count() == before + 1
    prompt = kickoff.prompts.order_by("position").first()
    assert_budget(
        client,
        "charter:prompt_edit",
        10,
        c,
        prompt.pk,
        method="post",
        data={"text": "Edited"},
        status=302,
    )
    assert_budget(
        client,
        "charter:prompt_move",
        11,
        c,
        prompt.pk,
        method="post",
        data={"direction": "down"},
        status=302,
    )
    last = kickoff.prompts.order_by("-position").first()
    assert_budget(client, "charter:prompt_remove", 12, c, last.pk, method="post", status=302)
    assert kickoff.prompts.count() == before
    team, student = _team_and_student(classroom)
    assert_budget(
        client,
        "charter:nudge",
        20,
        c,
        method="post",
        data={"team": team.pk, "message": "Keep going"},
        status=302,
    )
    _everyone_contributes(classroom)
    _login(client, student)
    prompt = kickoff.prompts.first()
    assert_budget(
        client,
        "charter:board_entry",
        19,
        c,
        team.pk,
        method="post",
        data={"prompt": prompt.pk, "text": "Practice"},
        status=302,
    )
    assert_budget(
        client,
        "charter:contribute",
        22,
        c,
        team.pk,
        method="post",
        data={"section": "act", "text": "Retakes on quizzes"},
        status=302,
    )
    assert_budget(
        client,
        "api-v1:add_entry",
        16,
        c,
        team.pk,
        method="post",
        json={"prompt_id": prompt.pk, "text": "Practising"},
        status=201,
    )
    response = assert_budget(
        client,
        "api-v1:contribute",
        19,
        c,
        team.pk,
        method="post",
        json={"section": "see", "text": "Mistakes are fine"},
        status=201,
    )
    contribution_id = response.json()["id"]
    _login(client, teacher)
    see = list(kickoff.summary_items.filter(section="see").order_by("position"))
    idea, other = see[0], see[1]
    assert_budget(
        client,
        "charter:item_reword",
        10,
        c,
        idea.pk,
        method="post",
        data={"text": "We never judge"},
        status=302,
    )
    assert_budget(
        client,
        "charter:item_move",
        12,
        c,
        other.pk,
        method="post",
        data={"direction": "up"},
        status=302,
    )
    assert_budget(
        client,
        "charter:item_merge",
        14,
        c,
        idea.pk,
        method="post",
        data={"other": other.pk},
        status=302,
    )
    assert not kickoff.summary_items.filter(pk=other.pk).exists()
    assert_budget(
        client, "charter:contribution_split", 11, c, contribution_id, method="post", status=302
    )


@pytest.mark.parametrize("n", SIZES)
def test_starting_a_kickoff_through_the_api(client, n):
    classroom, teacher = class_with_teams(students=n)
    _login(client, teacher)
    assert_budget(client, "api-v1:start_kickoff", 12, classroom.pk, method="post", status=201)


@pytest.mark.parametrize("n", SIZES)
def test_drafting_publishing_endorsing_and_revising(client, n):
    classroom, teacher = class_with_teams(students=n)
    actions.start_kickoff(teacher, classroom)
    _everyone_contributes(classroom)
    c = classroom.pk
    _login(client, teacher)
    assert_budget(client, "charter:draft_from_summary", 20, c, method="post", status=302)
    charter = Charter.objects.get(classroom=classroom)
    draft = CharterVersion.objects.get(charter=charter, published_at__isnull=True)
    assert_budget(
        client,
        "charter:draft_item_add",
        15,  # +1 since the draft counts its changes (draft_version, for stale publishes)
        c,
        method="post",
        data={"section": "students", "text": "Ask questions"},
        status=302,
    )
    item = draft.items.order_by("position").first()
    assert_budget(
        client,
        "charter:draft_item_edit",
        14,  # +1 since the draft carries a version (stale saves are refused)
        c,
        item.pk,
        method="post",
        data={"text": "Reworded", "version": item.text_version},
        status=302,
    )
    assert_budget(
        client,
        "charter:draft_item_move",
        15,  # +1 since the draft carries a version (stale saves are refused)
        c,
        item.pk,
        method="post",
        data={"direction": "down"},
        status=302,
    )
    last = draft.items.order_by("-position").first()
    assert_budget(client, "charter:draft_item_remove", 15, c, last.pk, method="post", status=302)
    draft.refresh_from_db()
    assert_budget(
        client,
        "charter:publish",
        14,  # +1 since the draft carries a version (stale saves are refused)
        c,
        method="post",
        data={"note": "First one", "version": draft.draft_version},
        status=302,
    )
    draft.refresh_from_db()
    assert draft.is_published
    _, student = _team_and_student(classroom)
    _login(client, student)
    assert_budget(
        client, "charter:endorse", 21, c, method="post", data={"would_change": ""}, status=302
    )
    another = classroom.enrollments.filter(role="student").exclude(user=student).first().user
    _login(client, another)
    response = assert_budget(
        client, "api-v1:endorse", 15, c, method="post", json={"would_change": "More time"}
    )
    assert response.json()["version"] == 1
    _login(client, teacher)
    assert_budget(client, "charter:revise", 16, c, method="post", status=302)


@pytest.mark.parametrize("n", SIZES)
def test_pulses(client, n):
    classroom, teacher = class_with_teams(students=n)
    version = published_charter(teacher, classroom)
    items = list(version.items.filter(section__in=["teacher", "students"]))
    c = classroom.pk
    _login(client, teacher)
    soon = (timezone.localdate() + timedelta(days=10)).isoformat()
    assert_budget(
        client,
        "charter:pulse_schedule",
        12,
        c,
        method="post",
        data={"opens_on": soon, "anonymous": "on"},
        status=302,
    )
    assert Pulse.objects.filter(classroom=classroom).count() == 1
    pulse = actions.schedule_pulse(teacher, classroom, timezone.localdate(), anonymous=False)
    students = [e.user for e in classroom.enrollments.filter(role="student").select_related("user")]
    for s in students[1:]:
        actions.answer_pulse(s, pulse.pk, {i.pk: 3 for i in items}, "Kind", "More time")
    _login(client, students[0])
    assert_budget(
        client,
        "api-v1:answer_pulse",
        24,
        c,
        pulse.pk,
        method="post",
        json={"ratings": {str(i.pk): 4 for i in items}, "doing_well": "Fair"},
    )
    _login(client, teacher)
    assert_budget(client, "charter:pulse_close", 10, c, pulse.pk, method="post", status=302)
    assert_budget(
        client,
        "charter:pulse_share",
        10,
        c,
        pulse.pk,
        method="post",
        data={"shared": "1"},
        status=302,
    )
