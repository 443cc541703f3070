"""The API keeps its OpenAPI contract: schemathesis drives every operation of
`/api/v1/openapi.json` with a teacher's and a student's token, and no answer may be a server
error, a status the document does not list, or a body that does not match its schema.

Deterministic and bounded so it can run in every `make test`: Hypothesis is derandomized (a
fixed seed), keeps no example database, and each operation gets a few examples with real ids
of the demo world (so the handlers run, not only their 404) and a few with generated ones. No
network: requests go straight to Trellis' WSGI application in this process.
"""

import logging
import re

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from trellis.accounts import actions as accounts
from trellis.api import api

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Examples per operation: with the world's real ids, for each token; with generated ids
# (mostly "not found"), for the teacher's token only.
EXAMPLES = 3
GENERATED_EXAMPLES = 2
NAMES = re.compile(r"\{(\w+)\}")


def test_schema_names_are_unique_across_apps():
    """Two apps' schemas with one name would share one component: one of them documented
    wrong. Every Schema class the API uses must have a name of its own."""
    from ninja import Schema

    def every(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from every(sub)

    ours = [c for c in every(Schema) if c.__module__.startswith("trellis.")]
    names: dict[str, list[str]] = {}
    for cls in ours:
        names.setdefault(cls.__name__, []).append(cls.__module__)
    assert len(ours) > 40
    assert {n: m for n, m in names.items() if len(m) > 1} == {}


def test_every_operation_documents_its_error_statuses():
    schema = api.get_openapi_schema()
    for path, item in schema["paths"].items():
        for method, op in item.items():
            statuses = {int(s) for s in op["responses"]}
            assert {400, 404, 422} <= statuses, (method, path)
            if op.get("security"):
                assert 401 in statuses, (method, path)
            if method != "get":
                assert {403, 409} <= statuses, (method, path)
    assert schema["components"]["schemas"]["Error"]["required"] == ["detail"]


@pytest.fixture
def in_process():
    """Requests answered in this test's transaction: like Django's test client, keep the
    request signals from closing the connection mid-test."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    log = logging.getLogger("django.request")
    level = log.level
    log.setLevel(logging.ERROR)  # hundreds of expected 4xx answers, not worth a line each
    yield get_wsgi_application()
    log.setLevel(level)
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _real_ids(world, tokens) -> dict[str, int]:
    from tests.progression.factories import running_task
    from tests.work.factories import assignment_for, hand_in, published_rubric, targets_for

    task = running_task(world.teacher, world.klass)
    targets = targets_for(world.teacher, world.klass)
    rubric = published_rubric(world.teacher, world.klass, targets)
    assignment = assignment_for(world.teacher, world.klass, rubric)
    revision = hand_in(world.student, assignment)
    team = world.klass.teams.first()
    return {
        "class_id": world.klass.pk,
        "school_id": world.school.pk,
        "task_id": task.pk,
        "rubric_id": rubric.pk,
        "assignment_id": assignment.pk,
        "revision_id": revision.pk,
        # A spare token of the teacher's: revoking it must not end the run's own token.
        "token_id": accounts.create_api_token(world.teacher, "spare")[0].pk,
        "team_id": team.pk if team else 1,
    }


def _fuzz(strategy, headers, statuses, examples) -> str | None:
    """Run one operation's bounded, seeded examples; the first failure's text, or None."""

    @hypothesis_settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case):
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

    try:
        run()
    except Exception as exc:
        return str(exc)[:3000]
    return None


def test_no_server_error_and_no_schema_violation(world, in_process, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    tokens = {
        who: accounts.create_api_token(getattr(world, who), "contract")
        for who in ("teacher", "student")
    }
    ids = _real_ids(world, tokens)
    schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
    schema.app = in_process
    failures: list[str] = []
    statuses: dict[int, int] = {}
    operations = [r.ok() for r in schema.get_all_operations()]
    assert len(operations) > 40

    for operation in operations:
        wanted = NAMES.findall(operation.path)
        known = {n: ids[n] for n in wanted if n in ids}
        for who, (_, secret) in tokens.items():
            runs = [(known, EXAMPLES)]
            if known and who == "teacher":
                runs.append(({}, GENERATED_EXAMPLES))
            for path_parameters, examples in runs:
                strategy = operation.as_strategy(path_parameters=path_parameters or None)
                auth = {"Authorization": f"Bearer {secret}"}
                problem = _fuzz(strategy, auth, statuses, examples)
                if problem:
                    failures.append(f"{who} {operation.method.upper()} {operation.path}: {problem}")
    assert not failures, "\n\n".join(failures[:10])
    # The handlers ran, not only the refusals: most operations answered a success.
    assert sum(n for s, n in statuses.items() if s < 300) > len(operations)
