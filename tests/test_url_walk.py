"""Every URL pattern of the product, walked with tampered ids: none may answer 500.

Generic on purpose: the patterns are read from the URL resolver, so a page another app adds
tomorrow is walked too. Each path argument gets a real id (so the view reaches its logic),
then a number past what the database holds; every request also carries non-numeric values in
the query string and the form body under the names the product's forms use for ids.
"""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from tests.checkins.factories import checkin_with, exit_run, single
from tests.progression.factories import running_task
from trellis.checkins import actions as checkin_actions
from trellis.grr import Phase
from trellis.progression import actions

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r"<(?:(?P<conv>[a-z]+):)?(?P<name>\w+)>")
# Names under which the product's forms and links send ids or choices.
FIELDS = [
    "question", "suggestion", "student", "students", "task", "step", "help", "answer", "group",
    "q", "id", "run", "target", "item", "position", "page", "to_phase", "from_phase", "kind",
    "version", "team", "board", "submission", "revision", "rubric", "criterion", "level",
    "comment", "user", "person", "prompt", "pair", "proposal", "contribution", "pulse",
    "checkin", "assignment", "token", "classroom", "class", "seen", "verdict", "mode", "go",
    "direction", "confidence", "mark", "s", "form", "state", "here", "names",
]  # fmt: skip
SKIP = ("logout", "django-admin", "static", "media")
BIG = str(2**70)


def patterns(resolvers=None, prefix=""):
    """(route, converters) for every route-style URL pattern (regex ones are Django's admin)."""
    for p in resolvers if resolvers is not None else get_resolver().url_patterns:
        if not isinstance(p.pattern, RoutePattern):
            continue
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            yield from patterns(p.url_patterns, route)
        elif isinstance(p, URLPattern):
            yield route


def fill(route: str, ids: dict, override: dict | None = None) -> str:
    def one(m):
        name, conv = m.group("name"), m.group("conv") or "str"
        if override and name in override:
            return override[name]
        if conv == "int":
            return str(ids.get(name, 1))
        if conv == "uuid":
            return "00000000-0000-0000-0000-000000000000"
        return "abc"

    return "/" + TOKEN.sub(one, route)


@pytest.fixture
def lesson(world):
    """A class mid-lesson: a running task with a suggestion, a help request, a check-in run."""
    task = running_task(world.teacher, world.klass)
    actions.set_mode(world.teacher, task, "co_construction")
    suggestion = actions.suggest_next(world.student, task, "subtract 5")
    actions.move_students(
        world.teacher, task, [world.student.pk], "advance", to_phase=Phase.INDEPENDENT,
        override=True,
    )  # fmt: skip
    help_request = actions.request_help(world.student, task, "stuck")
    checkin, (q,) = checkin_with(world.teacher, [single(target=task.targets.first())])
    run = exit_run(world.teacher, checkin, world.klass)
    checkin_actions.submit_answer(world.student, run, q.pk, {"keys": ["B"]})
    return {
        "class_id": world.klass.pk,
        "task_id": task.pk,
        "student_id": world.student.pk,
        "help_id": help_request.pk,
        "suggestion_id": suggestion.pk,
        "run_id": run.pk,
        "checkin_id": checkin.pk,
        "question_id": q.pk,
        "item_id": checkin.items.first().pk,
        "target_id": task.targets.first().pk,
    }


def test_no_url_answers_500_to_tampered_ids(world, lesson):
    routes = [r for r in patterns() if not any(s in r for s in SKIP)]
    assert len(routes) > 50  # the walk sees the whole product
    tampered = {name: "abc" for name in FIELDS}
    huge = {name: BIG for name in FIELDS}
    failures = []
    clients = {}
    for who in ("teacher", "student", "admin"):
        c = Client(raise_request_exception=False)
        c.force_login(getattr(world, who))
        clients[who] = c

    def hit(who, method, url, data):
        response = getattr(clients[who], method)(url, data)
        if response.status_code >= 500:
            failures.append(f"{who} {method.upper()} {url} {data and list(data)[:1]} → 500")

    for route in routes:
        url = fill(route, lesson)
        for who in clients:
            hit(who, "get", url, tampered)
            hit(who, "post", url, tampered)
        hit("teacher", "post", url, huge)
        for name in TOKEN.findall(route):
            if name[0] in ("int", ""):
                hit("teacher", "get", fill(route, lesson, {name[1]: str(2**63)}), {})
                hit("teacher", "get", fill(route, lesson, {name[1]: "0"}), {})
    assert not failures, "\n".join(failures)
