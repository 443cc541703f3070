"""The engine's reasons as facts: codes with parameters, said in a reader's language elsewhere.

Domain nouns: a *fact* is one code with its parameters (``mastery``, value 0.91); an
*explanation* is what a recommendation (or a pause signal) rests on: its facts, its decision
(a fact), why, and notes. The engine builds explanations; :data:`ENGLISH` says them in English
for the CLI, the tests and the docs (``Recommendation.reason`` is that text), and the Django
side (``trellis.progression.reasons``) says the same facts in the reader's language with its
own words, plural rules, numbers and day names (docs/languages.md). :data:`CODES` lists every
code the engine can emit.

Pure: no Django, no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from trellis.grr.phases import Phase

__all__ = [
    "ARROW",
    "CODES",
    "CONFIDENCE_STEP",
    "ENGLISH",
    "PROFILE_CODES",
    "Explanation",
    "Fact",
    "Speaker",
    "english",
    "fact",
]

ARROW = "→"
#: The step a teacher can take for a student who can do it but does not believe it yet.
CONFIDENCE_STEP = (
    "go through their recent right answers with them, then ask for a fresh confidence rating"
)


@dataclass(frozen=True, slots=True)
class Fact:
    """One code and its parameters (name, value) pairs: numbers, phases, datetimes, text.
    Frozen and hashable, so recommendations stay comparable and cacheable."""

    code: str
    args: tuple[tuple[str, object], ...] = ()

    @property
    def params(self) -> dict[str, object]:
        return dict(self.args)

    def __getitem__(self, name: str) -> object:
        return self.params[name]

    def get(self, name: str, default: object = None) -> object:
        return self.params.get(name, default)


def fact(code: str, **args: object) -> Fact:
    return Fact(code, tuple(sorted(args.items())))


class Speaker(Protocol):
    """Says facts in one language, and how its sentences join."""

    def fact(self, item: Fact) -> str: ...
    def facts(self, parts: Sequence[str]) -> str: ...
    def arrow(self, facts: str, decision: str) -> str: ...
    def why(self, decision: str, why: str) -> str: ...
    def note(self, text: str, note: str) -> str: ...


@dataclass(frozen=True, slots=True)
class Explanation:
    """``facts`` (joined by commas) → ``decision``: ``why``; ``notes`` (after semicolons)."""

    facts: tuple[Fact, ...] = ()
    decision: Fact | None = None
    why: Fact | None = None
    notes: tuple[Fact, ...] = ()

    @property
    def all(self) -> tuple[Fact, ...]:
        return (*self.facts, *(f for f in (self.decision, self.why) if f), *self.notes)

    def has(self, code: str) -> bool:
        return any(f.code == code for f in self.all)

    def say(self, speaker: Speaker) -> str:
        text = speaker.facts([speaker.fact(f) for f in self.facts])
        if self.decision is not None:
            decision = speaker.fact(self.decision)
            if self.why is not None:
                decision = speaker.why(decision, speaker.fact(self.why))
            text = speaker.arrow(text, decision) if self.facts else decision
        for note in self.notes:
            text = speaker.note(text, speaker.fact(note))
        return text


# --------------------------------------------------------------------------- English

#: How :meth:`RatingProfiles.describe`'s phrases are coded in a ``belief`` fact.
PROFILE_CODES = {
    "rates high before the work shows it": "rates_high",
    "rates low even when the work is right": "rates_low",
    "ratings have matched the work": "matched",
}
_PROFILE_EN = {
    "rates_high": "rates high before the work shows it",
    "rates_low": "rates low even when the work is right",
    "matched": "ratings matched the work",
}
# The phases as the reasons name them.
_IN_PHASE = {
    Phase.MODELING: "modeling (I do)",
    Phase.CO_CONSTRUCTION: "co-construction (we do)",
    Phase.GUIDED: "guided practice",
    Phase.INDEPENDENT: "independent practice",
    Phase.COMPLETE: "the completed task",
}


def _when(p: Mapping[str, object]) -> str:
    at: datetime = p["at"]  # type: ignore[assignment]
    return at.strftime("%A") if p["weekday"] else f"{at:%d %B %Y}".lstrip("0")


def _belief(p: Mapping[str, object]) -> str:
    text = f"answers and ratings together {p['value']:.2f}"
    if p.get("profile"):
        text += f" (this student's {_PROFILE_EN[p['profile']]})"  # type: ignore[index]
    return text


def _last(p: Mapping[str, object]) -> str:
    return f"the last {p['total']}" if p["last"] else f"{p['total']}"


_EN: dict[str, Callable[[Mapping[str, object]], str]] = {
    # What the evidence says (before the arrow).
    "no_evidence": lambda p: "no evidence yet",
    "answers_right": lambda p: f"{p['right']} of {_last(p)} check-in answers right",
    "no_capability": lambda p: "no check-in answers, observations or rubric scores yet",
    "mastery": lambda p: (
        f"mastery {p['value']:.2f}"
        + (f" (weakest: {p['weakest']})" if p.get("weakest") is not None else "")
    ),
    "no_confidence": lambda p: "no confidence ratings yet",
    "confidence": lambda p: f"confidence {p['value']:.3g} of 4",
    "belief": _belief,
    "no_help": lambda p: "no help requests",
    "asked_help": lambda p: f"asked for help on {_when(p)}",
    "no_help_since": lambda p: f"no help requests since {_when(p)}",
    "self_gap": lambda p: (
        f"rates own work {p['gap']:.2f} "
        + ("above" if p["above"] else "below")
        + " the teacher's assessment"
    ),
    "params": lambda p: str(p["text"]),
    "stalled_lost": lambda p: (
        f"stalled: said “I'm lost” {p['count']} times in {p['minutes']} minutes"
    ),
    "stalled_quiet": lambda p: f"stalled: no work for {p['minutes']} minutes",
    "lost_share": lambda p: (
        f"{p['lost']} of {p['size']} students ({p['share']:.0%}) "
        f"reported being lost in the last {p['minutes']} minutes"
    ),
    # Decisions.
    "ready_complete": lambda p: "ready to mark the task complete",
    "ready_for": lambda p: f"ready for {_IN_PHASE[Phase(p['phase'])]}",  # type: ignore[call-overload]
    "step_back_to": lambda p: f"step back to {_IN_PHASE[Phase(p['phase'])]}",  # type: ignore[call-overload]
    "hold_in": lambda p: f"hold in {_IN_PHASE[Phase(p['phase'])]}",  # type: ignore[call-overload]
    "pause": lambda p: "pause and break it down",
    "keep_modeling": lambda p: f"keep modeling (pause at {p['share']:.0%})",
    # Why (after the decision).
    "task_complete": lambda p: "the task is complete",
    "help_in_independent": lambda p: "asked for help during independent practice",
    "lost_in_co_construction": lambda p: (
        f"said “I'm lost” {p['count']} times while the class "
        "directed the steps (model it again, in a small group)"
    ),
    "mastery_under": lambda p: f"mastery under {p['value']:.2f}",
    "recent_help": lambda p: "a recent help request comes before moving on",
    "needs_observations": lambda p: (
        f"needs at least {p['needed']} answers or observations (has {p['has']})"
    ),
    "capable_but_unsure": lambda p: f"capable but unsure; confidence step: {CONFIDENCE_STEP}",
    "confident_not_accurate": lambda p: "confident but not yet accurate; check the misconception",
    "ask_confidence": lambda p: "capable; ask for a confidence rating before release",
    "not_ready_belief": lambda p: (
        f"not yet ready (release needs {p['belief']:.2f} from answers "
        f"and ratings together and mastery {p['floor']:.2f} from the work alone)"
    ),
    "not_ready_mastery": lambda p: f"not yet ready (release needs mastery {p['mastery']:.2f})",
    "reteach_small_group": lambda p: "re-teach in a small group",
    "work_alongside": lambda p: "work alongside them",
    # Notes (after a semicolon).
    "too_easy": lambda p: "recent work looks too easy (stretch this student)",
    "too_hard": lambda p: "recent work looks too hard (break it down)",
    "pause_in_modeling_only": lambda p: "the pause belongs to modeling",
}

#: Every fact code the engine can emit.
CODES = frozenset(_EN)


class _English:
    def fact(self, item: Fact) -> str:
        return _EN[item.code](item.params)

    def facts(self, parts: Sequence[str]) -> str:
        return ", ".join(parts)

    def arrow(self, facts: str, decision: str) -> str:
        return f"{facts} {ARROW} {decision}"

    def why(self, decision: str, why: str) -> str:
        return f"{decision}: {why}"

    def note(self, text: str, note: str) -> str:
        return f"{text}; {note}"


ENGLISH: Speaker = _English()


def english(explanation: Explanation) -> str:
    """The explanation in English, as ``Recommendation.reason`` reads."""
    return explanation.say(ENGLISH)
