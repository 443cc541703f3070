"""One-off helper (kept for the record): wrap the plain text of Django templates in
{% translate %} / {% blocktranslate %} without touching the markup. Prints what it could not
wrap (text mixed with tags inside a run, quotes of both kinds) for a person to finish."""

import re
import sys
from pathlib import Path

INLINE = {"strong", "em", "b", "i", "code", "kbd", "abbr", "small", "br", "span", "q", "mark"}
ATTRS = ("aria-label", "title", "placeholder", "alt", "aria-roledescription", "data-announce", "hx-confirm")
LETTER = re.compile(r"[A-Za-z]")
SKIP_TEXT = {"Trellis"}

TOKEN = re.compile(
    r"(\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}"
    r"|\{#.*?#\}"
    r"|\{%\s*(?:blocktrans|blocktranslate)\b.*?\{%\s*(?:endblocktrans|endblocktranslate)\s*%\}"
    r"|<script\b.*?</script>|<style\b.*?</style>"
    r"|\{%.*?%\}|\{\{.*?\}\}"
    r"|<(?:[^<>{}\"']|\"[^\"]*\"|'[^']*'|\{%.*?%\}|\{\{.*?\}\})*>)",
    re.S,
)


def tag_name(tok):
    m = re.match(r"</?\s*([a-zA-Z0-9-]+)", tok)
    return m.group(1).lower() if m else None


def is_inline_html(tok):
    return (
        tok.startswith("<")
        and not tok.startswith("<!")
        and tag_name(tok) in INLINE
        and "{" not in tok
    )


def wrap_attrs(tok):
    def repl(m):
        name, val = m.group(1), m.group(2)
        if not LETTER.search(val) or "{" in val or '"' in val:
            return m.group(0)
        if "'" in val:
            return m.group(0)
        return f"{name}=\"{{% translate '{val}' %}}\""

    return re.sub(r"\b(" + "|".join(ATTRS) + r')="([^"]*)"', repl, tok)


def var_parts(tok):
    inner = tok[2:-2].strip()
    return inner


def safe_name(expr, used):
    base = re.split(r"\|", expr)[0].strip()
    base = base.split(".")[-1]
    base = re.sub(r"\W", "_", base) or "value"
    if base.isdigit() or base[0].isdigit():
        base = "n_" + base
    if "|" in expr:
        f = expr.split("|")[1].split(":")[0].strip()
        base = f"{base}_{f}" if f not in ("length",) else f"n_{base}"
    name = base
    i = 2
    while name in used and used[name] != expr:
        name = f"{base}{i}"
        i += 1
    used[name] = expr
    return name


class Untouched(Exception):
    pass


def build_run(tokens):
    """tokens: list of (kind, text) for one run; returns replacement string."""
    used = {}
    plural_exprs = set()
    for kind, t in tokens:
        if kind == "var":
            e = var_parts(t)
            m = re.match(r"^(.*)\|pluralize(?::\"([^\"]*)\")?$", e)
            if m:
                plural_exprs.add(m.group(1).strip())
    if len(plural_exprs) > 1:
        raise Untouched("several counts")
    count = next(iter(plural_exprs), None)

    def render(plural):
        out = []
        for kind, t in tokens:
            if kind == "text":
                out.append(t.replace("%", "%%") if False else t)
            elif kind == "html":
                out.append(t)
            else:
                e = var_parts(t)
                m = re.match(r"^(.*)\|pluralize(?::\"([^\"]*)\")?$", e)
                if m:
                    arg = m.group(2)
                    if arg is None:
                        sing, plu = "", "s"
                    elif "," in arg:
                        sing, plu = arg.split(",", 1)
                    else:
                        sing, plu = "", arg
                    out.append(plu if plural else sing)
                    continue
                if count is not None and e == count:
                    out.append("{{ counter }}")
                    continue
                if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", e):
                    out.append("{{ " + e + " }}")
                    used.setdefault(e, None)
                else:
                    out.append("{{ " + safe_name(e, used) + " }}")
        return "".join(out)

    singular = render(False)
    plural = render(True) if count else None
    withs = " ".join(f"{k}={v}" for k, v in used.items() if v is not None)
    head = "{% blocktranslate "
    if count:
        head += f"count counter={count} "
    if withs:
        head += f"with {withs} "
    multiline = "\n" in singular
    if multiline:
        head += "trimmed "
    head = head.rstrip() + " %}"
    simple = not count and not any(k == "var" for k, _ in tokens)
    if simple and not multiline:
        text = singular
        if '"' not in text:
            return '{% translate "' + text + '" %}'
        if "'" not in text:
            return "{% translate '" + text + "' %}"
    if count:
        return head + singular + "{% plural %}" + plural + "{% endblocktranslate %}"
    return head + singular + "{% endblocktranslate %}"


def process(src: str, report: list) -> str:
    parts = []
    pos = 0
    for m in TOKEN.finditer(src):
        if m.start() > pos:
            parts.append(("text", src[pos : m.start()]))
        t = m.group(0)
        if t.startswith("{{"):
            parts.append(("var", t))
        elif t.startswith("{%") or t.startswith("{#"):
            parts.append(("tag", t))
        elif t.startswith("<script") or t.startswith("<style"):
            parts.append(("tag", t))
        else:
            parts.append(("html", t))
        pos = m.end()
    if pos < len(src):
        parts.append(("text", src[pos:]))

    # attributes and tag-argument strings
    fixed = []
    for kind, t in parts:
        if kind == "html":
            t = wrap_attrs(t)
        elif kind == "tag":
            if re.match(r"\{%\s*include\b", t):
                t = re.sub(
                    r'(\w+)="([^"]*[A-Za-z][^"]* [^"]*)"',
                    lambda m: f'{m.group(1)}=_("{m.group(2)}")',
                    t,
                )
        elif kind == "var":
            t = re.sub(r'\|default:"([^"]*[A-Za-z][^"]*)"', r'|default:_("\1")', t)
        fixed.append((kind, t))
    parts = fixed

    out = []
    run = []

    def flush():
        nonlocal run
        if not run:
            return
        # trim leading/trailing non-text (html, vars) and whitespace
        i, j = 0, len(run)
        while i < j and (run[i][0] == "html" or (run[i][0] == "text" and not run[i][1].strip())):
            i += 1
        while j > i and (
            run[j - 1][0] == "html" or (run[j - 1][0] == "text" and not run[j - 1][1].strip())
        ):
            j -= 1
        core = run[i:j]
        has_letters = any(k == "text" and LETTER.search(t) for k, t in core)
        lead = "".join(t for _, t in run[:i])
        trail = "".join(t for _, t in run[j:])
        if not core or not has_letters:
            out.append("".join(t for _, t in run))
            run = []
            return
        # keep surrounding whitespace of the first/last text outside the msgid
        first_k, first_t = core[0]
        last_k, last_t = core[-1]
        pre = post = ""
        if first_k == "text":
            stripped = first_t.lstrip()
            pre = first_t[: len(first_t) - len(stripped)]
            core[0] = ("text", stripped)
        if core[-1][0] == "text":
            s = core[-1][1]
            stripped = s.rstrip()
            post = s[len(stripped) :]
            core[-1] = ("text", stripped)
        # inline html inside must balance, else split the run at the tags
        stack = []
        ok = True
        for k, t in core:
            if k == "html":
                n = tag_name(t)
                if n == "br" or t.endswith("/>"):
                    continue
                if t.startswith("</"):
                    if not stack or stack[-1] != n:
                        ok = False
                        break
                    stack.pop()
                else:
                    stack.append(n)
        if stack:
            ok = False
        joined = "".join(t for _, t in core)
        if joined.strip() in SKIP_TEXT:
            out.append("".join(t for _, t in run))
            run = []
            return
        if not ok:
            # Split at the inline tags: each piece of text is its own message.
            whole = run
            run = []
            for k, t in whole:
                if k == "html":
                    flush()
                    out.append(t)
                else:
                    run.append((k, t))
            flush()
            return
        try:
            rep = build_run(core)
        except Untouched as e:
            report.append(f"{e}: {joined[:100]}")
            out.append("".join(t for _, t in run))
            run = []
            return
        out.append(lead + pre + rep + post + trail)
        run = []

    for kind, t in parts:
        if kind == "text" or kind == "var" or (kind == "html" and is_inline_html(t)):
            run.append((kind, t))
        else:
            flush()
            out.append(t)
    flush()
    result = "".join(out)
    if result != src and "{% load i18n" not in result and "i18n" not in result.split("\n", 2)[0]:
        if result.startswith("{% extends"):
            nl = result.index("%}") + 2
            result = result[:nl] + "{% load i18n %}" + result[nl:]
        else:
            result = "{% load i18n %}" + result
    return result


def main(paths):
    for p in paths:
        path = Path(p)
        src = path.read_text(encoding="utf-8")
        report = []
        new = process(src, report)
        if new != src:
            path.write_text(new, encoding="utf-8")
        for r in report:
            print(f"{p}: {r}")


if __name__ == "__main__":
    main(sys.argv[1:])
