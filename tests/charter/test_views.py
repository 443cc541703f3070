import re

import pytest
from django.urls import reverse

from tests.charter.factories import class_with_teams, extra_student, members, published_charter
from tests.factories import TeacherFactory
from trellis.charter import actions, indicators
from trellis.charter.indicators import Reading
from trellis.charter.models import Kickoff

pytestmark = pytest.mark.django_db


def test_board_entry_errors_keep_the_text_and_state_the_limit(client):
    classroom, teacher = class_with_teams()
    kickoff = actions.start_kickoff(teacher, classroom)
    team, people = members(classroom)
    client.force_login(people[0])
    url = reverse("charter:board", args=[classroom.pk, team.pk])
    page = client.get(url).content.decode()
    assert "Up to 500 characters." in page
    long = "a" * 501
    r = client.post(
        reverse("charter:board_entry", args=[classroom.pk, team.pk]),
        {"prompt": kickoff.prompts.first().pk, "text": long},
    )
    assert r.status_code == 400
    body = r.content.decode()
    assert "501 characters long; the limit is 500" in body
    assert long in body  # what they typed is still there
    r = client.post(
        reverse("charter:board_entry", args=[classroom.pk, team.pk]),
        {"prompt": kickoff.prompts.first().pk, "text": "  "},
    )
    assert r.status_code == 400 and "is empty" in r.content.decode()


def test_student_without_team_sees_a_clear_message_then_their_board(client):
    classroom, teacher = class_with_teams()
    actions.start_kickoff(teacher, classroom)
    newcomer = extra_student(classroom)
    client.force_login(newcomer)
    r = client.get(reverse("charter:kickoff", args=[classroom.pk]))
    assert r.status_code == 200
    assert "You are not in a team yet" in r.content.decode()
    team, _ = members(classroom)
    from trellis.rosters import actions as roster_actions

    roster_actions.move_student(teacher, classroom, newcomer.pk, team.pk)
    r = client.get(reverse("charter:kickoff", args=[classroom.pk]))
    assert r.status_code == 302
    assert r["Location"] == reverse("charter:board", args=[classroom.pk, team.pk])


def test_starting_a_kickoff_twice_offers_to_continue(client):
    classroom, teacher = class_with_teams()
    client.force_login(teacher)
    url = reverse("charter:kickoff_start", args=[classroom.pk])
    client.post(url)
    r = client.post(url, follow=True)
    assert "already has a kickoff" in r.content.decode()
    assert "Continue that one" in r.content.decode()
    assert Kickoff.objects.filter(classroom=classroom).count() == 1


def test_api_kickoff_twice_is_409_with_the_error_shape(client):
    classroom, teacher = class_with_teams()
    client.force_login(teacher)
    url = f"/api/v1/classes/{classroom.pk}/charter/kickoff"
    assert client.post(url).status_code == 201
    r = client.post(url)
    assert r.status_code == 409
    assert "already has a kickoff" in r.json()["detail"]


def test_api_over_long_entry_names_the_field(client):
    classroom, teacher = class_with_teams()
    kickoff = actions.start_kickoff(teacher, classroom)
    team, people = members(classroom)
    client.force_login(people[0])
    r = client.post(
        f"/api/v1/classes/{classroom.pk}/charter/boards/{team.pk}/entries",
        {"prompt_id": kickoff.prompts.first().pk, "text": "b" * 600},
        content_type="application/json",
    )
    assert r.status_code == 400
    assert r.json() == {
        "detail": "Your response is 600 characters long; the limit is 500. Shorten it and "
        "send it again (what you wrote is still in the box).",
        "field": "text",
    }
    r = client.post(
        f"/api/v1/classes/{classroom.pk}/charter/boards/{team.pk}/entries",
        {"text": "no prompt"},
        content_type="application/json",
    )
    assert r.status_code == 422


def test_class_page_shows_the_published_charter_with_stable_links(client):
    classroom, teacher = class_with_teams()
    version = published_charter(teacher, classroom)
    item = version.items.get(section="teacher")
    _, people = members(classroom)
    for user in (teacher, people[0]):
        client.force_login(user)
        page = client.get(reverse("rosters:detail", args=[classroom.pk])).content.decode()
        assert "Class charter" in page
        assert "Make the learning targets clear" in page
        assert reverse("charter:item", args=[classroom.pk, item.key]) in page
    r = client.get(reverse("charter:item", args=[classroom.pk, item.key]))
    assert r["Location"].endswith(f"/charter/{classroom.pk}/#item-{item.key}")
    home = client.get(r["Location"]).content.decode()
    assert f'id="item-{item.key}"' in home
    assert client.get(reverse("charter:item", args=[classroom.pk, "nope"])).status_code == 404


def test_indicator_panel_says_what_is_missing_instead_of_zero(client):
    classroom, teacher = class_with_teams(students=12)
    published_charter(teacher, classroom)
    client.force_login(teacher)
    page = client.get(reverse("charter:home", args=[classroom.pk])).content.decode()
    # Each sign's providers (curriculum, work, check-ins) say what is missing for this class.
    assert "No tasks planned yet in this class." in page
    assert "No learning targets written yet in this class." in page
    assert "No rubrics yet in this class." in page
    assert "No feedback given yet in this class." in page
    assert "No check-ins run yet in this class." in page
    assert "Students who endorsed the current charter: <strong>0 of 12</strong>" in page


def test_other_apps_plug_indicators_in_without_charter_changes(client):
    classroom, teacher = class_with_teams()

    class Targets:
        key = "test.targets"
        sign = "targets"
        label = "Tasks with a learning target"
        empty = "No tasks yet."
        from_students = False  # else hidden: this class has fewer than 10 students

        def read(self, classrooms):
            return {c.pk: Reading(value="3 of 4", number=0.75) for c in classrooms}

    indicators.register_provider(Targets())
    try:
        client.force_login(teacher)
        page = client.get(reverse("charter:home", args=[classroom.pk])).content.decode()
        assert "Tasks with a learning target: <strong>3 of 4</strong>" in page
        assert "No learning targets recorded yet" not in page
        r = client.get(f"/api/v1/classes/{classroom.pk}/charter/indicators").json()
        targets = next(s for s in r if s["key"] == "targets")
        plugged = [x for x in targets["readings"] if x["label"] == "Tasks with a learning target"]
        assert targets["available"] and plugged[0]["value"] == "3 of 4"
    finally:
        indicators.unregister_provider("test.targets")
    with pytest.raises(ValueError, match="Unknown sign"):

        class Bad(Targets):
            sign = "vibes"

        indicators.register_provider(Bad())


def test_leader_sees_numbers_per_class_and_never_a_name(client, world):
    classroom, teacher = class_with_teams(TeacherFactory(school=world.school), students=12)
    published_charter(teacher, classroom)
    _, people = members(classroom)
    actions.endorse_charter(people[0], classroom, "More group work")
    client.force_login(world.leader)
    page = client.get(reverse("charter:culture")).content.decode()
    assert classroom.name in page
    assert "1 of 12" in page
    for person in people:
        assert person.name not in page
        assert person.last_name not in page
    assert "More group work" not in page
    assert client.get(reverse("charter:home", args=[classroom.pk])).status_code == 404


def test_culture_page_hides_every_figure_of_a_two_student_class(client, world):
    small, teacher = class_with_teams(TeacherFactory(school=world.school), students=2)
    published_charter(teacher, small)
    student = small.enrollments.filter(role="student").first().user
    actions.endorse_charter(student, small, "")
    client.force_login(world.leader)
    page = client.get(reverse("charter:culture")).content.decode()
    assert small.name in page
    assert "1 of 2" not in page and "50%" not in page
    assert "fewer than 10 students" in page
    api = client.get(f"/api/v1/classes/{small.pk}/charter/indicators").json()
    values = [r["value"] for s in api for r in s["readings"] if r["value"] is not None]
    assert "fewer than 10 students" in values and "1 of 2" not in values


def test_anonymous_pulse_results_show_no_names_to_the_teacher(client):
    from django.utils import timezone

    classroom, teacher = class_with_teams()
    version = published_charter(teacher, classroom)
    pulse = actions.schedule_pulse(teacher, classroom, timezone.localdate(), anonymous=True)
    _, people = members(classroom)
    ratings = {i.pk: 5 for i in version.items.filter(section__in=["teacher", "students"])}
    actions.answer_pulse(people[0], pulse.pk, ratings, "Kind feedback", "More examples")
    client.force_login(teacher)
    url = reverse("charter:pulse_results", args=[classroom.pk, pulse.pk])
    body = client.get(url).content.decode()
    # One answer of an anonymous pulse: nothing shown but why (the minimum is 5).
    assert "Kind feedback" not in body and "at least 5 students have answered" in body
    others = [e.user for e in classroom.enrollments.filter(role="student") if e.user != people[0]]
    for person in others[:4]:
        actions.answer_pulse(person, pulse.pk, ratings, "", "")
    body = client.get(url).content.decode()
    assert "Kind feedback" in body and "More examples" in body
    assert people[0].name not in body


def test_pulse_answer_page_keeps_answers_after_an_error(client):
    from django.utils import timezone

    classroom, teacher = class_with_teams()
    version = published_charter(teacher, classroom)
    pulse = actions.schedule_pulse(teacher, classroom, timezone.localdate())
    _, people = members(classroom)
    client.force_login(people[0])
    url = reverse("charter:pulse_answer", args=[classroom.pk, pulse.pk])
    r = client.post(url, {"doing_well": "Great check-ins"})
    assert r.status_code == 400
    body = r.content.decode()
    assert "Rate “Make the learning targets clear” from 1" in body
    assert "Great check-ins" in body
    items = version.items.filter(section__in=["teacher", "students"])
    data = {f"item_{i.pk}": "4" for i in items} | {"doing_well": "Great check-ins"}
    assert client.post(url, data).status_code == 302
    # The pulse is anonymous: the answer is sealed, and a second one is refused with a reason.
    data["doing_well"] = "Even better"
    r = client.post(url, data)
    assert r.status_code == 409
    assert "Anonymous answers are sealed when sent" in r.content.decode()
    actions.close_pulse(teacher, pulse.pk)
    named = actions.schedule_pulse(teacher, classroom, timezone.localdate(), anonymous=False)
    url = reverse("charter:pulse_answer", args=[classroom.pk, named.pk])
    assert client.post(url, data).status_code == 302
    r = client.post(url, data, follow=True)
    assert "replaces your earlier one" in r.content.decode()


def test_print_view_has_page_rules_for_both_papers(client):
    classroom, teacher = class_with_teams()
    published_charter(teacher, classroom)
    client.force_login(teacher)
    a4 = client.get(reverse("charter:print", args=[classroom.pk])).content.decode()
    letter = client.get(reverse("charter:print", args=[classroom.pk]) + "?paper=letter")
    # The paper's page rules are a static stylesheet (no inline style: see test_csp).
    assert "charter/print-a4.css" in a4 and "print-letter" not in a4
    assert "charter/print-letter.css" in letter.content.decode()
    assert "<style" not in a4
    assert re.search(r"Use feedback to improve our work", a4)


def test_class_summary_link_before_any_kickoff_leads_to_starting_one(client):
    # The charter's menu offers "Class summary" for every class a teacher manages; a class
    # without a kickoff answered 404 there. Now it says why and opens the kickoff page.
    classroom, teacher = class_with_teams()
    client.force_login(teacher)
    home = client.get(reverse("charter:home", args=[classroom.pk])).content.decode()
    summary_url = reverse("charter:summary", args=[classroom.pk])
    assert f'href="{summary_url}"' in home
    r = client.get(summary_url, follow=True)
    assert r.status_code == 200
    assert r.redirect_chain == [(reverse("charter:kickoff", args=[classroom.pk]), 302)]
    assert "start the kickoff first" in r.content.decode()
    actions.start_kickoff(teacher, classroom)
    assert client.get(summary_url).status_code == 200
