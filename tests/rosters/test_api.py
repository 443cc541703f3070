import pytest
from django.test import Client

from trellis.rosters.models import Classroom

pytestmark = pytest.mark.django_db


def test_malformed_body_is_a_422_naming_the_field(client, world):
    client.force_login(world.teacher)
    response = client.post("/api/v1/classes", {"section": "B"}, content_type="application/json")
    assert response.status_code == 422
    locs = [e["loc"] for e in response.json()["detail"]]
    assert ["body", "payload", "course"] in locs
    response = client.post(
        f"/api/v1/classes/{world.klass.pk}/teams/move",
        {"student_id": "not-a-number", "team_id": 1},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "student_id" in str(response.json()["detail"])


def test_user_errors_come_back_with_message_and_field(client, world):
    client.force_login(world.teacher)
    response = client.post("/api/v1/classes", {"course": "  "}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["field"] == "course"
    assert "course name" in response.json()["detail"]


def test_session_writes_need_the_csrf_token(world):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.teacher)
    response = browser.post(
        "/api/v1/classes", {"course": "Chemistry"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert not Classroom.objects.filter(course="Chemistry").exists()
    browser.get("/")  # sets the csrftoken cookie
    token = browser.cookies["csrftoken"].value
    response = browser.post(
        "/api/v1/classes",
        {"course": "Chemistry"},
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 201


def test_join_and_team_flow_over_the_api(client, world):
    client.force_login(world.other_student)
    joined = client.post(
        "/api/v1/classes/join", {"code": world.klass.join_code}, content_type="application/json"
    )
    assert joined.status_code == 200 and joined.json()["id"] == world.klass.pk
    again = client.post(
        "/api/v1/classes/join", {"code": world.klass.join_code}, content_type="application/json"
    )
    assert again.status_code == 400 and "already in" in again.json()["detail"]
    client.force_login(world.teacher)
    formed = client.post(f"/api/v1/classes/{world.klass.pk}/teams/form").json()
    assert sum(len(t["members"]) for t in formed["teams"]) == 5
    team = formed["teams"][0]
    mover = formed["teams"][0]["members"][0]["id"]
    assert formed["teams"] and len(formed["teams"]) == 1
    moved = client.post(
        f"/api/v1/classes/{world.klass.pk}/teams/move",
        {"student_id": mover, "team_id": team["id"]},
        content_type="application/json",
    )
    assert moved.status_code == 400 and moved.json()["field"] == "team"


def test_openapi_document_lists_the_endpoints():
    doc = Client().get("/api/v1/openapi.json").json()
    paths = doc["paths"]
    for p in (
        "/api/v1/me",
        "/api/v1/classes",
        "/api/v1/classes/{class_id}/teams",
        "/api/v1/tokens",
    ):
        assert p in paths
