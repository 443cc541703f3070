"""Query budgets: every named URL (page, poll, list, action, API operation) has a test that
asserts its exact number of queries, or a reason here why it has none.

Add a budget by calling the helper with the URL's name as a literal string:

    from tests.budgets import assert_budget

    assert_budget(client, "progression:board", 8, klass.pk)               # GET, expects 200
    assert_budget(client, "api-v1:move", 12, klass.pk, task.pk, method="post",
                  json={...}, status=200)

`tests/test_budget_coverage.py` reads the test files (it does not run them) and fails for any
named URL pattern without an `assert_budget(client, "<name>", ...)` call and without an entry
in `EXEMPT` below. The name may also come from a `pytest.mark.parametrize` list on the test
function (a literal in that list). Say the same number for small and large data by calling
the helper after building each (see tests/progression/test_budgets.py).

To learn the numbers of a new test, run it once with BUDGETS_REPORT=1: each call then prints
`BUDGET <name> <count>` instead of failing on another count (never set it in CI).
"""

import os

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

# URL names (or whole namespaces, ending in ":") that have no budget, with the reason.
# Keep this list short: a POST action a class of students sends at once (answers, signals,
# pulses) is a burst and gets a budget; an occasional teacher action may be listed here.
EXEMPT: dict[str, str] = {
    "admin:": "Django's own admin site, for operators; not a product page",
    "api-v1:openapi-json": "the OpenAPI document is built from code, no database",
    "api-v1:openapi-view": "the API's documentation page, no database",
    "api-v1:api-root": "the API's index, no database",
    "logout": "Django's own LogoutView: ends the session and redirects",
    "google_login": "third-party redirect to the identity provider",
    "google_callback": "allauth's own view, after the identity provider answers",
    "google_login_by_token": "allauth's own view (Google One Tap); not configured here",
    "microsoft_login": "third-party redirect to the identity provider",
    "microsoft_callback": "allauth's own view, after the identity provider answers",
}


def assert_budget(
    client,
    name: str,
    expected: int,
    *args,
    method: str = "get",
    status: int = 200,
    data=None,
    json=None,
    query: dict | None = None,
    headers: dict | None = None,
    **kwargs,
):
    """Request the URL named `name` (reversed with `args`/`kwargs`) and assert it made exactly
    `expected` queries (and answered `status`). Returns the response.

    `data` is sent as form fields, `json` as a JSON body, `query` as the query string. A
    streamed response is read inside the count; its body is then in `response.streamed`.
    """
    url = reverse(name, args=args or None, kwargs=kwargs or None)
    route = resolve(url).route
    call = getattr(client, method.lower())
    extra = {"headers": headers} if headers else {}
    with CaptureQueriesContext(connection) as ctx:
        if json is not None:
            response = call(url, json, content_type="application/json", **extra)
        elif method.lower() == "get":
            response = call(url, query or {}, **extra)
        else:
            target = url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
            response = call(target, data or {}, **extra)
        if getattr(response, "streaming", False):
            # A streamed answer (CSV export, file download) reads as it is sent.
            response.streamed = b"".join(response.streaming_content)
    where = f"{method.upper()} {url} ({name})"
    assert response.status_code == status, (
        f"{where} answered {response.status_code}, expected {status}: {response.content[:300]!r}"
    )
    match = response.resolver_match
    assert match is not None and match.route == route, f"{where} did not reach {name}"
    if not name.startswith("api-"):
        assert match.view_name == name, f"{where} reached {match.view_name}, not {name}"
    n = len(ctx.captured_queries)
    if os.environ.get("BUDGETS_REPORT") == "1":
        print(f"BUDGET {name} {n} (budget {expected})")
        return response
    if n != expected:
        listing = "\n".join(
            f"  {i}. {q['sql'][:240]}" for i, q in enumerate(ctx.captured_queries, 1)
        )
        raise AssertionError(f"{where} made {n} queries, its budget is {expected}:\n{listing}")
    return response


# Named URLs that still have no budget: the debt left by issue 11, mostly POST actions. The
# coverage test lets these through, fails for every other URL without a budget (so a new page
# can never join this list), and fails when one listed here gains a budget: then remove it.
NOT_YET: set[str] = {
    # accounts
    "accounts:revoke_token",
    # api-v1
    "api-v1:add_entry",
    "api-v1:add_new_question",
    "api-v1:answer_pulse",
    "api-v1:contribute",
    "api-v1:create_checkin",
    "api-v1:create_class",
    "api-v1:create_token",
    "api-v1:edit_question",
    "api-v1:endorse",
    "api-v1:form_teams",
    "api-v1:give_feedback",
    "api-v1:join_class",
    "api-v1:move",
    "api-v1:move_student",
    "api-v1:respond",
    "api-v1:revoke_token",
    "api-v1:rotate_join_code",
    "api-v1:start_kickoff",
    "api-v1:start_run",
    "api-v1:vote",
    # charter
    "charter:board_entry",
    "charter:contribute",
    "charter:contribution_split",
    "charter:draft_from_summary",
    "charter:draft_item_add",
    "charter:draft_item_edit",
    "charter:draft_item_move",
    "charter:draft_item_remove",
    "charter:endorse",
    "charter:item_merge",
    "charter:item_move",
    "charter:item_reword",
    "charter:kickoff_start",
    "charter:nudge",
    "charter:prompt_add",
    "charter:prompt_edit",
    "charter:prompt_move",
    "charter:prompt_remove",
    "charter:publish",
    "charter:pulse_close",
    "charter:pulse_schedule",
    "charter:pulse_share",
    "charter:revise",
    # checkins
    "checkins:add_item",
    "checkins:close",
    "checkins:copy",
    "checkins:edit",
    "checkins:go",
    "checkins:mark",
    "checkins:move_item",
    "checkins:question_copy",
    "checkins:remove_item",
    "checkins:reveal",
    "checkins:start_run",
    # curriculum
    "curriculum:task_archive",
    "curriculum:task_copy",
    # progression
    "progression:board_move",
    "progression:learn_check",
    "progression:learn_help",
    "progression:learn_plan",
    "progression:learn_reflect",
    "progression:learn_suggest",
    "progression:mark_check",
    "progression:observe",
    "progression:pick",
    "progression:projector_mode",
    "progression:projector_step",
    "progression:resolve_help",
    "progression:run_end",
    "progression:run_start",
    # rosters
    "rosters:avoid_add",
    "rosters:avoid_remove",
    "rosters:rotate_code",
    "rosters:teams_form",
    "rosters:teams_lock",
    "rosters:teams_move",
    # work
    "work:download",
    "work:feedback",
    "work:proposal_comment",
    "work:proposal_decide",
    "work:proposal_vote",
    "work:reply",
    "work:respond",
    "work:rubric_codesign",
    "work:rubric_criterion",
    "work:rubric_exemplar",
    "work:rubric_propose",
    "work:rubric_publish",
    "work:score",
}
