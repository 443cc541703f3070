"""One poll interval for every live page (settings.TRELLIS_LIVE_POLL_SECONDS, docs/deploy.md)."""

import re

import pytest
from django.template import Context, Template
from django.utils import translation

from tests.checkins.factories import checkin_with, live_run, single
from tests.progression.factories import running_task

LIVE = re.compile(r'hx-trigger="(every [^"]+)"')


def render_tag() -> str:
    return Template("{% load live %}{% live_poll %}").render(Context())


def test_the_interval_is_written_in_whole_milliseconds_in_every_language(settings):
    settings.TRELLIS_LIVE_POLL_SECONDS = 0.5
    assert render_tag() == "every 500ms"
    with translation.override("fr-ca"):  # no decimal comma for htmx to misread
        assert render_tag() == "every 500ms"
    settings.TRELLIS_LIVE_POLL_SECONDS = 3
    assert render_tag() == "every 3000ms"


@pytest.mark.django_db
def test_every_live_page_polls_at_the_configured_interval(world, client, settings):
    settings.TRELLIS_LIVE_POLL_SECONDS = 2.5
    task = running_task(world.teacher, world.klass)
    checkin, _ = checkin_with(world.teacher, [single()])
    run = live_run(world.teacher, checkin, world.klass)
    c, t = world.klass.pk, task.pk
    pages = {
        world.teacher: [
            f"/classes/{c}/board/",
            f"/classes/{c}/tasks/{t}/run/",
            f"/classes/{c}/tasks/{t}/projector/",
            f"/checkins/runs/{run.pk}/",
        ],
        world.student: [f"/classes/{c}/tasks/{t}/learn/", f"/checkins/runs/{run.pk}/take/"],
    }
    for person, urls in pages.items():
        client.force_login(person)
        triggers = {url: set(LIVE.findall(client.get(url).content.decode())) for url in urls}
        assert triggers == {url: {"every 2500ms"} for url in urls}
