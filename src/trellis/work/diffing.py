"""A readable word-level comparison of two revisions' text.

The result is a list of changes, each with a kind a screen reader can announce ("Added",
"Removed", "Changed") and a few words of context, so meaning never rests on colour.
"""

import difflib
import re
from dataclasses import dataclass

_TOKEN = re.compile(r"\S+")
CONTEXT_WORDS = 4


@dataclass(frozen=True)
class Change:
    kind: str  # "added" | "removed" | "changed"
    before: str  # the words that were there ("" when added)
    after: str  # the words that are there now ("" when removed)
    context: str  # a few unchanged words just before the change

    @property
    def label(self) -> str:
        return {"added": "Added", "removed": "Removed", "changed": "Changed"}[self.kind]


def compare(old: str, new: str) -> list[Change]:
    a = _TOKEN.findall(old or "")
    b = _TOKEN.findall(new or "")
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    changes = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        context = " ".join(a[max(0, i1 - CONTEXT_WORDS) : i1])
        before = " ".join(a[i1:i2])
        after = " ".join(b[j1:j2])
        kind = {"insert": "added", "delete": "removed", "replace": "changed"}[tag]
        changes.append(Change(kind=kind, before=before, after=after, context=context))
    return changes


def summary(changes: list[Change]) -> str:
    counts = {k: sum(1 for c in changes if c.kind == k) for k in ("added", "removed", "changed")}
    if not changes:
        return "No changes to the text."
    parts = [f"{n} {k}" for k, n in counts.items() if n]
    return "Changes: " + ", ".join(parts) + "."
