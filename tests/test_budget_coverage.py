"""Every named URL pattern of the project (Django views and the API's operations) has an
exact query budget somewhere in tests/, or a reason in `tests.budgets.EXEMPT`.

The tests are read, not run: an `assert_budget(client, "<url name>", ...)` call with the name
as a literal (or taken from a `pytest.mark.parametrize` list on the same test) counts.
"""

import ast
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

from tests.budgets import EXEMPT, NOT_YET

TESTS = Path(__file__).resolve().parent


def named_patterns(resolver=None, namespace="", prefix=""):
    """(full name, route) of every named URL pattern, walking included resolvers."""
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = namespace + (f"{p.namespace}:" if p.namespace else "")
            yield from named_patterns(p, ns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern) and p.name:
            yield namespace + p.name, prefix + str(p.pattern)


def _literals(node) -> list[str]:
    return [
        n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]


def _parametrized(func: ast.AST, argname: str) -> list[str] | None:
    """String literals parametrize gives to `argname` on this function, or None."""
    for deco in getattr(func, "decorator_list", []):
        if not (isinstance(deco, ast.Call) and ast.unparse(deco.func).endswith("parametrize")):
            continue
        names, values = deco.args[0], deco.args[1] if len(deco.args) > 1 else None
        names = (
            ast.literal_eval(names)
            if isinstance(names, ast.Constant | ast.Tuple | ast.List)
            else ()
        )
        if isinstance(names, str):
            names = [n.strip() for n in names.split(",")]
        if argname in names and values is not None:
            return _literals(values)
    return None


def budgeted_names() -> tuple[set[str], list[str]]:
    """URL names with an assert_budget call, and calls whose name could not be read."""
    found: set[str] = set()
    unreadable: list[str] = []
    for path in sorted(TESTS.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
        for func in functions:
            for call in ast.walk(func):
                if not (
                    isinstance(call, ast.Call)
                    and ast.unparse(call.func).split(".")[-1] == "assert_budget"
                ):
                    continue
                if len(call.args) < 2:
                    continue  # the helper's own definition or a call by keyword only
                arg = call.args[1]
                where = f"{path.relative_to(TESTS.parent)}:{call.lineno}"
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.add(arg.value)
                elif isinstance(arg, ast.Name) and (values := _parametrized(func, arg.id)):
                    found.update(values)
                else:
                    unreadable.append(where)
    return found, unreadable


def _exempt(name: str) -> bool:
    return name in EXEMPT or any(k.endswith(":") and name.startswith(k) for k in EXEMPT)


def test_every_named_url_has_an_exact_query_budget():
    patterns = list(named_patterns())
    budgeted, unreadable = budgeted_names()
    assert not unreadable, (
        "assert_budget needs the URL name as a literal string (or a parametrize list on the "
        f"test) so this test can read it: {unreadable}"
    )
    missing = [
        f"{name}  (/{route})"
        for name, route in patterns
        if name not in budgeted and not _exempt(name) and name not in NOT_YET
    ]
    assert not missing, (
        f"{len(missing)} named URL pattern(s) have no exact query budget. Add a test calling "
        "tests.budgets.assert_budget(client, '<name>', <exact count>, ...) for each, or a "
        "reason in tests/budgets.py EXEMPT:\n  " + "\n  ".join(missing)
    )


def test_the_list_of_urls_still_without_a_budget_only_shrinks():
    budgeted, _ = budgeted_names()
    done = sorted(NOT_YET & budgeted)
    assert not done, (
        f"these have a budget now; remove them from NOT_YET in tests/budgets.py: {done}"
    )


def test_url_names_are_unique():
    """reverse() and the budgets address a pattern by its name: two patterns with one name
    (an API operation in two routers, say) leave one of them unreachable by name."""
    seen: dict[str, str] = {}
    clashes = []
    for name, route in named_patterns():
        if name in seen and seen[name] != route:
            clashes.append(f"{name}: /{seen[name]} and /{route}")
        seen.setdefault(name, route)
    assert not clashes, "URL names used twice (give one a url_name=...): " + "; ".join(clashes)


def test_budgets_and_exemptions_name_real_urls():
    names = {name for name, _ in named_patterns()}
    budgeted, _ = budgeted_names()
    stale = sorted(n for n in budgeted if n not in names)
    stale += sorted(k for k in EXEMPT if not k.endswith(":") and k not in names)
    stale += sorted(k for k in NOT_YET if k not in names)
    assert not stale, f"budgets or exemptions for URL names that no longer exist: {stale}"
