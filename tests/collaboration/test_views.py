"""What a person sees: the shared space, pooled results, errors that keep what was typed."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_team_member_sees_the_shared_checkin_and_its_pooled_results(client, world, team_scene):
    s = team_scene
    client.force_login(world.other_teacher)
    body = client.get(f"/teams/{s.team.pk}/").content.decode()
    assert "Adding" in body and f"Check-in by {world.teacher.name}" in body
    body = client.get(f"/teams/{s.team.pk}/pooled/{s.checkin.pk}/").content.decode()
    assert "fewer than 10 students" in body and "50% right (14 of 28)" in body
    assert "another is hidden too" in body
    for student in s.classes[2].enrollments.filter(role="student").select_related("user"):
        assert student.user.name not in body


def test_a_team_without_a_name_keeps_what_was_typed(client, world):
    client.force_login(world.teacher)
    r = client.post("/teams/", {"name": "  ", "kind": "grade", "members": [world.other_teacher.pk]})
    assert r.status_code == 400
    body = r.content.decode()
    assert "name is empty" in body or "This field is required" in body
    assert f'value="{world.other_teacher.pk}" selected' in body


def test_an_inquiry_ending_before_it_starts_says_so_beside_the_date(client, world, team_scene):
    client.force_login(world.teacher)
    r = client.post(
        f"/teams/{team_scene.team.pk}/inquiries/new/",
        {
            "question": "Why do they stall?",
            "starts_on": "2026-05-10",
            "ends_on": "2026-05-01",
            "action": "Fading worked examples",
        },
    )
    assert r.status_code == 400
    body = r.content.decode()
    assert "ends before it starts" in body and "Why do they stall?" in body
    assert "Fading worked examples" in body


def test_a_bad_date_is_explained(client, world, team_scene):
    client.force_login(world.teacher)
    r = client.post(
        f"/teams/{team_scene.team.pk}/decisions/",
        {"proposal": "Exit tickets", "decision": "Yes", "review_on": "next week"},
    )
    assert r.status_code == 400
    assert "not a date" in r.content.decode() and "Exit tickets" in r.content.decode()


def test_a_moderation_round_without_pieces_is_refused(client, world, team_scene):
    client.force_login(world.teacher)
    r = client.post(
        f"/teams/{team_scene.team.pk}/rounds/new/",
        {"title": "Lab", "criteria": "Reasoning", "levels": "9", "pieces": "Some work"},
    )
    assert r.status_code == 400 and "2 to 6 levels" in r.content.decode()


def test_the_staff_pulse_form_and_its_anonymity_note(client, world):
    client.force_login(world.leader)
    r = client.post(
        "/teams/trust/", {"title": "Autumn", "opens_on": "2026-01-02", "closes_on": "2026-01-01"}
    )
    assert r.status_code == 400 and "closes before it opens" in r.content.decode()
    client.force_login(world.teacher)
    assert "nothing that links the two" in client.get("/teams/trust/").content.decode()


def test_the_matrix_shows_trends_over_terms_with_small_classes_hidden(client, db):
    from tests.collaboration.scenes import build_school

    s = build_school("large")
    client.force_login(s.leader)
    body = client.get("/teams/school/").content.decode()
    assert "Trends over terms" in body and "the roster&#x27;s academic sessions" in body
    assert body.index('<th scope="col">Fall</th>') < body.index('<th scope="col">Winter</th>')
    assert "classes" in body.split("Trends over terms")[1]
