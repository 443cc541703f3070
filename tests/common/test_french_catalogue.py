"""The French (Canada) catalogue is complete and current (docs/languages.md).

- every message has a French text: not empty, not fuzzy, every placeholder kept;
- the compiled .mo files say exactly what the .po files say (they are committed);
- every string marked in the code (templates, Python, static scripts) is in the catalogue, so a
  new page cannot slip through untranslated: run `make messages` and translate what it adds.

The extraction reads the sources with Django's own template reader and Babel's extractors, so
the test needs no GNU gettext.
"""

import gettext
import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract
from babel.messages.pofile import read_po
from django.utils.translation.template import templatize

SRC = Path(__file__).resolve().parents[2] / "src" / "trellis"
LOCALE = SRC / "locale" / "fr_CA" / "LC_MESSAGES"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
# Vendored, minified libraries carry no Trellis words.
SKIP_JS = ("htmx", "katex", ".min.js")
PLACEHOLDER = re.compile(r"%\([A-Za-z0-9_]+\)[sd]|%%|%[sd]")
# format_lazy's fields, e.g. {NOTE_MAX} or {mastery:.2f}.
BRACES = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(?::[^{}]*)?\}")


def catalogue(domain: str):
    with (LOCALE / f"{domain}.po").open("rb") as f:
        return read_po(f)


def _ids(message) -> tuple[str, ...]:
    return (message.id,) if isinstance(message.id, str) else tuple(message.id)


def _strings(message) -> tuple[str, ...]:
    return (message.string,) if isinstance(message.string, str) else tuple(message.string)


def _named(text: str) -> set[str]:
    return {p for p in PLACEHOLDER.findall(text) if p.startswith("%(")}


def _unnamed(text: str) -> list[str]:
    return sorted(p for p in PLACEHOLDER.findall(text) if not p.startswith("%("))


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_message_has_a_french_text_with_its_placeholders(domain):
    problems = []
    messages = [m for m in catalogue(domain) if m.id]
    assert messages, f"{domain}.po is empty"
    for m in messages:
        ids, strings = _ids(m), _strings(m)
        where = f"{ids[0][:70]!r}"
        if m.fuzzy:
            problems.append(f"fuzzy: {where}")
        if not all(s.strip() for s in strings) or len(strings) != len(ids):
            problems.append(f"untranslated: {where}")
            continue
        # Plural forms may leave the count out of the singular ("un élève"): compare the rest.
        for source, french in zip(ids, strings, strict=True):
            if _named(source) - {"%(counter)s"} != _named(french) - {"%(counter)s"}:
                problems.append(f"placeholders differ: {where} → {french[:70]!r}")
            if set(BRACES.findall(source)) != set(BRACES.findall(french)):
                problems.append(f"fields differ: {where} → {french[:70]!r}")
            if _unnamed(source) != _unnamed(french):
                problems.append(f"% signs differ: {where} → {french[:70]!r}")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:40])


def test_the_plural_rule_is_french():
    assert catalogue("django").plural_forms == "nplurals=2; plural=(n > 1);"


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_compiled_catalogue_matches_the_po(domain):
    with (LOCALE / f"{domain}.mo").open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    stale = []
    for m in catalogue(domain):
        if not m.id:
            continue
        # A message with a context (pgettext) is looked up with it.
        if isinstance(m.id, str):
            said = compiled.pgettext(m.context, m.id) if m.context else compiled.gettext(m.id)
            if said != m.string:
                stale.append(m.id[:70])
        else:
            singular, plural = m.id

            def said(n, singular=singular, plural=plural, context=m.context):
                if context:
                    return compiled.npgettext(context, singular, plural, n)
                return compiled.ngettext(singular, plural, n)

            if said(1) != m.string[0] or said(5) != m.string[1]:
                stale.append(singular[:70])
    assert not stale, (
        f"{len(stale)} messages differ between {domain}.po and {domain}.mo: run `make messages`"
        " (or `cd src/trellis && trellis compilemessages -l fr_CA`).\n" + "\n".join(stale[:20])
    )


def _marked_in_templates() -> set[tuple[str, ...]]:
    found = set()
    for path in SRC.rglob("templates/**/*.html"):
        code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        # Only calls matter; the indentation of the template's text does not.
        code = "\n".join(line.strip() for line in code.splitlines())
        for _, message, _, _ in extract(
            "python", io.BytesIO(code.encode("utf-8")), keywords=KEYWORDS
        ):
            found.add((message,) if isinstance(message, str) else tuple(message))
    return found


def _marked_in(pattern: str, method: str) -> set[tuple[str, ...]]:
    found = set()
    for path in SRC.rglob(pattern):
        parts = path.relative_to(SRC).parts
        if "migrations" in parts or "settings" in parts or "tests" in parts:
            continue
        if method == "javascript" and (
            "static" not in parts or any(s in path.name for s in SKIP_JS)
        ):
            continue
        with path.open("rb") as f:
            for _, message, _, _ in extract(method, f, keywords=KEYWORDS):
                if isinstance(message, str):
                    found.add((message,))
                elif message and all(isinstance(x, str) for x in message):
                    found.add(tuple(x for x in message if x))
    return found


def test_every_marked_string_is_in_the_catalogue():
    known = {_ids(m) for m in catalogue("django") if m.id}
    marked = _marked_in_templates() | _marked_in("*.py", "python")
    missing = sorted(m for m in marked if m not in known)
    assert not missing, (
        f"{len(missing)} marked strings are not in src/trellis/locale/fr_CA/LC_MESSAGES/django.po:"
        " run `make messages`, then translate them (docs/languages.md).\n"
        + "\n".join(repr(m[0][:80]) for m in missing[:30])
    )


def test_every_marked_script_string_is_in_the_catalogue():
    known = {_ids(m) for m in catalogue("djangojs") if m.id}
    marked = _marked_in("*.js", "javascript")
    assert marked, "the scripts mark no string: is the extraction broken?"
    missing = sorted(m for m in marked if m not in known)
    assert not missing, f"run `make messages`: {missing[:20]}"
