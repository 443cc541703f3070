"""No sentence for people is built without gettext (docs/languages.md, "Adding or changing
words"): the guard that keeps the f-string sentences from coming back.

It reads the sources (ast, no import) and looks only where a sentence certainly reaches a
person: the message of ``messages.success/error/...``, of ``UserError`` and its kinds
(``Conflict``, ``ValidationError``, ``PairingError``, the sign-in ``Refused``), of
``form.add_error``, the ``what`` and ``empty`` of ``clean_text``, and of a roster
``Problem`` (whose sentence is marked with ``gettext_noop``: it is translated when shown).
A message there may be a variable or a call
(``gettext(...) % {...}``); it may not be an f-string, a string literal, or a string joined
or %-formatted without gettext. Developer-only places stay English and are not read: the
release engine (``trellis.grr``, its sentences are another piece of work), the API (its error
texts are for developers), management commands, migrations and settings.
"""

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "trellis"
SKIP_PARTS = {"grr", "migrations", "settings", "commands", "tests"}
# Callables whose first argument is a sentence a person reads.
MESSAGE_FIRST = {"UserError", "Conflict", "StaleEdit", "ValidationError", "PairingError"}
# Callables whose first two arguments are (title, sentence).
BOTH = {"Refused"}
# messages.<level>(request, sentence)
LEVELS = {"success", "error", "info", "warning", "debug"}
# Problem(msgid, ...) / self.problem(msgid, ...) / problem(msgid, ...): a gettext_noop.
PROBLEM = {"Problem", "problem"}


def _skipped(path: Path) -> bool:
    parts = set(path.relative_to(SRC).parts)
    return bool(parts & SKIP_PARTS) or path.name == "api.py" or "api" in parts


def _name(func) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _bare(node) -> bool:
    """Text a person would read that did not go through gettext."""
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return " " in node.value.strip()  # a sentence, not a code like "page"
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
        return _bare(node.left) or (isinstance(node.op, ast.Add) and _bare(node.right))
    if isinstance(node, ast.IfExp):
        return _bare(node.body) or _bare(node.orelse)
    return False


def _unmarked_problem(node) -> bool:
    """A Problem's sentence must be marked (gettext_noop) or come from a variable."""
    if isinstance(node, ast.IfExp):
        return _unmarked_problem(node.body) or _unmarked_problem(node.orelse)
    return _bare(node)


def _second_is_the_message(call: ast.Call) -> bool:
    """messages.success(request, sentence), form.add_error(field, sentence)."""
    if len(call.args) < 2 or not isinstance(call.func, ast.Attribute):
        return False
    if call.func.attr == "add_error":
        return True
    return call.func.attr in LEVELS and _name(call.func.value) == "messages"


def _findings(path: Path, root: Path = SRC) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        args = node.args
        suspects = []
        if name in MESSAGE_FIRST and args:
            suspects = [args[0]]
            suspects += [k.value for k in node.keywords if k.arg == "message"]
        elif name in BOTH:
            suspects = args[:2]
        elif _second_is_the_message(node):
            suspects = [args[1]]
        elif name == "clean_text":  # what the text is called, and the message when missing
            suspects = [k.value for k in node.keywords if k.arg in ("what", "empty")]
        elif name in PROBLEM and args:
            if _unmarked_problem(args[0]):
                out.append(
                    f"{path.relative_to(root)}:{node.lineno}: {name}(…) without gettext_noop"
                )
            continue
        for arg in suspects:
            if _bare(arg):
                out.append(f"{path.relative_to(root)}:{node.lineno}: {name}(…) without gettext")
    return out


def test_sentences_for_people_go_through_gettext():
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if not _skipped(path):
            found += _findings(path)
    assert not found, (
        f"{len(found)} sentences for people are not translatable: write them as "
        "gettext('… %(name)s …') % {'name': …} (gettext_noop for a roster Problem), then "
        "`make messages` (docs/languages.md).\n" + "\n".join(found)
    )


def test_the_guard_sees_what_it_should(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "messages.success(request, f'Idea moved {direction}.')\n"
        "raise UserError('Choose a phase from the list.', field='kind')\n"
        "problem(f'{column} is required here.', column)\n"
        "form.add_error('file', 'Too big: ' + size)\n"
        "raise Refused(gettext('Title'), f'Ask {contact}')\n"
        "messages.success(request, gettext('Saved.'))\n"
        "raise UserError(gettext('%(n)s left') % {'n': n}, field='n')\n"
        "problem(gettext_noop('%(name)s is required.'), column, name=column)\n"
        "raise NotFound('page')\n"
        "raise UserError(e.message)\n",
        encoding="utf-8",
    )
    lines = [int(f.split(":")[1]) for f in _findings(sample, root=tmp_path)]
    assert lines == [1, 2, 3, 4, 5]
