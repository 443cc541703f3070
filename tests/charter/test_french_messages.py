"""The charter's messages after an action, in French (docs/languages.md): the sentences once
built with f-strings ("Pulse scheduled for …", "Prompt moved up.") and their dates."""

import datetime
from html import unescape

import pytest
from django.urls import reverse

from tests.charter.factories import class_with_teams, published_charter
from trellis.charter.models import Kickoff

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


def _french(teacher):
    teacher.language = "fr-ca"
    teacher.save(update_fields=["language"])


def test_a_scheduled_pulse_is_announced_in_french_with_a_french_date(client):
    classroom, teacher = class_with_teams(students=4)
    published_charter(teacher, classroom)
    _french(teacher)
    client.force_login(teacher)
    day = datetime.date(2099, 9, 5)
    response = client.post(
        reverse("charter:pulse_schedule", args=[classroom.pk]),
        {"opens_on": day.isoformat(), "anonymous": "on"},
        follow=True,
    )
    html = unescape(response.content.decode())
    assert "Prise de pouls prévue le 5 septembre 2099." in html
    assert "Pulse scheduled" not in html and "September" not in html
    # A second one on the same day: refused, in French, with the same date.
    again = client.post(
        reverse("charter:pulse_schedule", args=[classroom.pk]),
        {"opens_on": day.isoformat(), "anonymous": "on"},
    )
    assert "Une prise de pouls s'ouvre déjà le 5 septembre 2099." in unescape(
        again.content.decode()
    )


def test_moving_a_prompt_says_so_in_french(client):
    classroom, teacher = class_with_teams(students=4)
    _french(teacher)
    client.force_login(teacher)
    client.post(reverse("charter:kickoff_start", args=[classroom.pk]))
    prompt = Kickoff.objects.get(classroom=classroom).prompts.order_by("position").first()
    response = client.post(
        reverse("charter:prompt_move", args=[classroom.pk, prompt.pk]),
        {"direction": "down"},
        follow=True,
    )
    html = unescape(response.content.decode())
    assert "Amorce descendue." in html and "Prompt moved" not in html
