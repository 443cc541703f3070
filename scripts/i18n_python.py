"""One-off helper (kept for the record): mark the user-facing strings of Python modules for
translation. Messages, UserError texts and ValidationErrors become gettext(...) (f-strings
become "%(name)s" formats); form and model labels, help texts and choice labels become
gettext_lazy(...). Prints what it left alone."""

import ast
import re
import sys
from pathlib import Path

RUNTIME_CALLS = {"UserError", "ValidationError", "StaleEdit"}
MESSAGE_FUNCS = {"success", "error", "info", "warning"}
LAZY_KEYWORDS = {"label", "help_text", "verbose_name", "verbose_name_plural", "empty_label"}
# Keyword arguments that carry a sentence for a person (act_and_redirect's success=, the
# announcements' said=, ...): translated when the call runs.
RUNTIME_KEYWORDS = {"success", "said", "error", "notice", "announce"}
LETTER = re.compile(r"[A-Za-z]{2}")


def name_for(expr: ast.AST, used: dict) -> str:
    src = ast.unparse(expr)
    for k, v in used.items():
        if v == src:
            return k
    if isinstance(expr, ast.Name):
        base = expr.id
    elif isinstance(expr, ast.Attribute):
        base = expr.attr
    elif isinstance(expr, ast.Call):
        f = expr.func
        base = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "value")
        if base in ("len",):
            base = "count"
        if base in ("str", "int", "round", "abs"):
            inner = expr.args[0] if expr.args else None
            base = name_for(inner, {}) if inner is not None else "value"
    elif isinstance(expr, ast.Subscript):
        base = name_for(expr.value, {})
    else:
        base = "value"
    base = base.lstrip("_") or "value"
    name, i = base, 2
    while name in used and used[name] != src:
        name, i = f"{base}{i}", i + 1
    used[name] = src
    return name


def literal(s: str) -> str:
    """A Python literal for s, split in pieces (implicit concatenation) when long."""
    if len(s) <= 70:
        return repr_dq(s)
    words = re.findall(r"\S+\s*", s)
    pieces, cur = [], ""
    for w in words:
        if len(cur) + len(w) > 70 and cur:
            pieces.append(cur)
            cur = ""
        cur += w
    if cur:
        pieces.append(cur)
    return "(" + " ".join(repr_dq(p) for p in pieces) + ")"


def repr_dq(s: str) -> str:
    r = repr(s)
    if r.startswith("'") and '"' not in s:
        r = '"' + r[1:-1].replace("\\'", "'") + '"'
    return r


def convert(node: ast.AST, func: str, report: list, where: str):
    """Replacement source for a str/f-string node, or None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        if not LETTER.search(node.value):
            return None
        return f"{func}({literal(node.value)})"
    if isinstance(node, ast.JoinedStr):
        used: dict = {}
        parts = []
        for v in node.values:
            if isinstance(v, ast.Constant):
                parts.append(v.value.replace("%", "%%"))
            elif isinstance(v, ast.FormattedValue):
                if v.format_spec is not None:
                    report.append(f"{where}: format spec left alone: {ast.unparse(node)[:80]}")
                    return None
                expr = v.value
                if v.conversion == ord("r"):
                    expr = ast.Call(ast.Name("repr"), [expr], [])
                parts.append(f"%({name_for(expr, used)})s")
        text = "".join(parts)
        if not LETTER.search(re.sub(r"%\(\w+\)s", "", text)):
            return None
        mapping = ", ".join(f'"{k}": {v}' for k, v in used.items())
        return f"{func}({literal(text)}) % {{{mapping}}}"
    return None


def process(path: Path, report: list) -> bool:
    src = path.read_text(encoding="utf-8")
    tree = ast.parse(src)
    lines = src.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))

    def pos(lineno, col):
        # col is a UTF-8 byte offset
        line = lines[lineno - 1]
        return offsets[lineno - 1] + len(line.encode("utf-8")[:col].decode("utf-8"))

    edits = []  # (start, end, text)
    need = set()

    def edit(node, func):
        where = f"{path}:{node.lineno}"
        new = convert(node, func, report, where)
        if new is None:
            return
        edits.append((pos(node.lineno, node.col_offset), pos(node.end_lineno, node.end_col_offset), new))
        need.add(func)

    def edit_lazy_format(node):
        """An f-string label or help text, evaluated at import: format_lazy keeps it lazy."""
        used: dict = {}
        parts = []
        for v in node.values:
            if isinstance(v, ast.Constant):
                parts.append(v.value.replace("{", "{{").replace("}", "}}"))
            elif isinstance(v, ast.FormattedValue):
                spec = ""
                if v.format_spec is not None:
                    spec = ":" + "".join(
                        x.value for x in v.format_spec.values if isinstance(x, ast.Constant)
                    )
                parts.append("{" + name_for(v.value, used) + spec + "}")
        text = "".join(parts)
        args = ", ".join(f"{k}={v}" for k, v in used.items())
        new = f"format_lazy(gettext_lazy({literal(text)}), {args})"
        edits.append(
            (pos(node.lineno, node.col_offset), pos(node.end_lineno, node.end_col_offset), new)
        )
        need.add("gettext_lazy")
        need.add("format_lazy")

    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            fname = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", None)
            if (
                isinstance(f, ast.Attribute)
                and getattr(f.value, "id", None) == "messages"
                and fname in MESSAGE_FUNCS
                and len(node.args) >= 2
            ):
                edit(node.args[1], "gettext")
            elif fname in RUNTIME_CALLS and node.args:
                edit(node.args[0], "gettext")
            for kw in node.keywords:
                if kw.arg in RUNTIME_KEYWORDS:
                    edit(kw.value, "gettext")
                elif kw.arg in LAZY_KEYWORDS:
                    if isinstance(kw.value, ast.Constant):
                        edit(kw.value, "gettext_lazy")
                    elif isinstance(kw.value, ast.JoinedStr):
                        edit_lazy_format(kw.value)
        elif isinstance(node, ast.ClassDef):
            bases = {ast.unparse(b) for b in node.bases}
            if any(b.endswith(("TextChoices", "IntegerChoices", "Choices")) for b in bases):
                for stmt in node.body:
                    if (
                        isinstance(stmt, ast.Assign)
                        and isinstance(stmt.value, ast.Tuple)
                        and stmt.value.elts
                        and isinstance(stmt.value.elts[-1], ast.Constant)
                        and isinstance(stmt.value.elts[-1].value, str)
                        and len(stmt.value.elts) >= 2
                    ):
                        edit(stmt.value.elts[-1], "gettext_lazy")
    if not edits:
        return False
    # no nested edits: keep outermost
    edits.sort()
    kept = []
    for e in edits:
        if kept and e[0] < kept[-1][1]:
            continue
        kept.append(e)
    out = src
    for start, end, text in reversed(kept):
        out = out[:start] + text + out[end:]
    if "format_lazy" in need:
        need.discard("format_lazy")
        if "from django.utils.text import format_lazy" not in out:
            out = "from django.utils.text import format_lazy\n" + out if False else out.replace(
                "\nfrom django", "\nfrom django.utils.text import format_lazy\nfrom django", 1
            )
    names = sorted(need)
    have = re.search(r"^from django\.utils\.translation import (.+)$", out, re.M)
    if have:
        current = {n.strip() for n in have.group(1).split(",")}
        missing = [n for n in names if n not in current]
        if missing:
            out = out.replace(
                have.group(0),
                "from django.utils.translation import " + ", ".join(sorted(current | set(missing))),
                1,
            )
    else:
        imp = "from django.utils.translation import " + ", ".join(names) + "\n"
        # after the module docstring and __future__ imports
        t = ast.parse(out)
        idx = 0
        for i, stmt in enumerate(t.body):
            if i == 0 and isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
                idx = stmt.end_lineno
                continue
            if isinstance(stmt, ast.ImportFrom) and stmt.module == "__future__":
                idx = stmt.end_lineno
                continue
            break
        ls = out.splitlines(keepends=True)
        ls.insert(idx, ("\n" if idx else "") + imp)
        out = "".join(ls)
    path.write_text(out, encoding="utf-8")
    return True


def main(paths):
    report = []
    changed = 0
    for p in paths:
        if process(Path(p), report):
            changed += 1
    for r in report:
        print(r)
    print(f"{changed} modules changed", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
