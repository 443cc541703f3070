"""Grouping students' "what comes next?" suggestions so a teacher sees ideas, not a wall.

Two suggestions are the same when they match after normalising (case, punctuation,
whitespace), and near-duplicates are merged when difflib's ratio between their normalised
forms is at least ``NEAR`` (0.85): "subtract 5 from both sides" and "Subtract 5 from both
side!" count together. Pure Python; no Django.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

NEAR = 0.85


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").casefold()
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


@dataclass
class IdeaGroup:
    """Suggestions that say the same thing; ``text`` is the first one's wording."""

    key: str
    text: str
    members: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.members)


def group_suggestions(items: Sequence, text_of=lambda s: s.text) -> list[IdeaGroup]:
    """Groups of ``items`` (most voices first, then first said), by their text."""
    groups: list[IdeaGroup] = []
    exact: dict[str, IdeaGroup] = {}
    for item in items:
        key = normalise(text_of(item))
        group = exact.get(key)
        if group is None:
            for candidate in groups:
                if difflib.SequenceMatcher(None, key, candidate.key).ratio() >= NEAR:
                    group = candidate
                    break
        if group is None:
            group = IdeaGroup(key=key, text=text_of(item).strip())
            groups.append(group)
        exact.setdefault(key, group)
        group.members.append(item)
    order = {id(g): i for i, g in enumerate(groups)}
    return sorted(groups, key=lambda g: (-g.count, order[id(g)]))
