"""The engine's reasons in the reader's language.

`trellis.grr` explains each recommendation as facts (codes with parameters,
`trellis.grr.reasons`) and says them in English for the CLI and the tests. People read them
here, in the active language: each code has its own sentence (gettext / ngettext / pgettext),
numbers follow the locale (French writes "maîtrise 0,91"), and day and month names come from
Django's date formats ("mardi", "3 novembre 2026"). The readiness cache keeps the facts, not
the sentences, so one language's words are never served to another.

What is stored stays English: a phase move's ``recommendation_reason`` and the audit log keep
the English sentence of the moment (history); the recommendations page reads the stored
``recommendation_mastery``, never the text.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import formats
from django.utils.translation import gettext, gettext_lazy, ngettext, pgettext

from trellis.grr import MIN_STUDENTS_TO_FIT, Calibration, Phase
from trellis.grr.reasons import ARROW, Explanation, Fact

__all__ = [
    "CALIBRATION_WORDS",
    "CODES",
    "calibration_words",
    "decision",
    "group_label",
    "say",
    "say_fact",
    "stalled",
]


def _num(value, spec: str) -> str:
    """A number with the engine's digits and the locale's decimal mark (0.91 → 0,91)."""
    return format(value, spec).replace(".", formats.get_format("DECIMAL_SEPARATOR"))


def _pct(share: float) -> str:
    return gettext("%(percent)s%%") % {"percent": _num(share * 100, ".0f")}


# The phases inside a sentence ("ready for independent practice").
_READY_FOR = {
    Phase.MODELING: gettext_lazy("ready for modeling (I do)"),
    Phase.CO_CONSTRUCTION: gettext_lazy("ready for co-construction (we do)"),
    Phase.GUIDED: gettext_lazy("ready for guided practice"),
    Phase.INDEPENDENT: gettext_lazy("ready for independent practice"),
    Phase.COMPLETE: gettext_lazy("ready to mark the task complete"),
}
_STEP_BACK_TO = {
    Phase.MODELING: gettext_lazy("step back to modeling (I do)"),
    Phase.CO_CONSTRUCTION: gettext_lazy("step back to co-construction (we do)"),
    Phase.GUIDED: gettext_lazy("step back to guided practice"),
    Phase.INDEPENDENT: gettext_lazy("step back to independent practice"),
    Phase.COMPLETE: gettext_lazy("step back to the completed task"),
}
_HOLD_IN = {
    Phase.MODELING: gettext_lazy("hold in modeling (I do)"),
    Phase.CO_CONSTRUCTION: gettext_lazy("hold in co-construction (we do)"),
    Phase.GUIDED: gettext_lazy("hold in guided practice"),
    Phase.INDEPENDENT: gettext_lazy("hold in independent practice"),
    Phase.COMPLETE: gettext_lazy("hold in the completed task"),
}
_PROFILE = {
    "rates_high": gettext_lazy("this student's rates high before the work shows it"),
    "rates_low": gettext_lazy("this student's rates low even when the work is right"),
    "matched": gettext_lazy("this student's ratings matched the work"),
}
CALIBRATION_WORDS = {
    Calibration.CAPABLE_AND_CONFIDENT: gettext_lazy("capable and confident"),
    Calibration.CAPABLE_BUT_UNSURE: gettext_lazy("capable but unsure"),
    Calibration.CONFIDENT_BUT_NOT_YET_ACCURATE: gettext_lazy("confident but not yet accurate"),
    Calibration.NOT_YET: gettext_lazy("not yet capable or confident"),
    Calibration.UNKNOWN: gettext_lazy("not enough evidence to compare capability and confidence"),
}
# Said as they are: no parameters.
_PLAIN = {
    "no_evidence": gettext_lazy("no evidence yet"),
    "no_capability": gettext_lazy("no check-in answers, observations or rubric scores yet"),
    "no_confidence": gettext_lazy("no confidence ratings yet"),
    "no_help": gettext_lazy("no help requests"),
    "pause": gettext_lazy("pause and break it down"),
    "task_complete": gettext_lazy("the task is complete"),
    "help_in_independent": gettext_lazy("asked for help during independent practice"),
    "recent_help": gettext_lazy("a recent help request comes before moving on"),
    "capable_but_unsure": gettext_lazy(
        "capable but unsure; confidence step: go through their recent right answers with "
        "them, then ask for a fresh confidence rating"
    ),
    "confident_not_accurate": gettext_lazy(
        "confident but not yet accurate; check the misconception"
    ),
    "ask_confidence": gettext_lazy("capable; ask for a confidence rating before release"),
    "reteach_small_group": gettext_lazy("re-teach in a small group"),
    "work_alongside": gettext_lazy("work alongside them"),
    "too_easy": gettext_lazy("recent work looks too easy (stretch this student)"),
    "too_hard": gettext_lazy("recent work looks too hard (break it down)"),
    "pause_in_modeling_only": gettext_lazy("the pause belongs to modeling"),
}
# The start of progression.fitting.reason_for's sentence for a family's typical values.
_FAMILY_PREFIX = "too little history: using the typical values of targets coded "


def _when(p) -> str:
    """A day as the reasons name it: the weekday within the last week ("Tuesday", "mardi"),
    else the date ("3 November 2026", "le 3 novembre 2026")."""
    at = p["at"]
    if p["weekday"]:
        return pgettext("a recent day in a reason", "%(weekday)s") % {
            "weekday": formats.date_format(at, "l")
        }
    return pgettext("a date in a reason", "%(date)s") % {"date": formats.date_format(at, "j F Y")}


def _answers(p) -> str:
    values = {"right": p["right"], "total": p["total"]}
    if p["last"]:
        return (
            ngettext(
                "%(right)s of the last %(total)s check-in answer right",
                "%(right)s of the last %(total)s check-in answers right",
                p["total"],
            )
            % values
        )
    return (
        ngettext(
            "%(right)s of %(total)s check-in answer right",
            "%(right)s of %(total)s check-in answers right",
            p["total"],
        )
        % values
    )


def _mastery(p) -> str:
    value = _num(p["value"], ".2f")
    if p.get("weakest") is not None:
        return gettext("mastery %(value)s (weakest: %(target)s)") % {
            "value": value,
            "target": p["weakest"],
        }
    return gettext("mastery %(value)s") % {"value": value}


def _belief(p) -> str:
    value = _num(p["value"], ".2f")
    if p.get("profile") in _PROFILE:
        return gettext("answers and ratings together %(value)s (%(profile)s)") % {
            "value": value,
            "profile": _PROFILE[p["profile"]],
        }
    return gettext("answers and ratings together %(value)s") % {"value": value}


def _gap(p) -> str:
    values = {"gap": _num(p["gap"], ".2f")}
    if p["above"]:
        return gettext("rates own work %(gap)s above the teacher's assessment") % values
    return gettext("rates own work %(gap)s below the teacher's assessment") % values


def _params(p) -> str:
    """Where the numbers come from (progression.fitting.reason_for, in the reader's words)."""
    n = p.get("students") or 0
    if p.get("source") == "population":
        text = str(p.get("text") or "")
        if text.startswith(_FAMILY_PREFIX):
            return gettext(
                "too little history: using the typical values of targets coded %(code)s"
            ) % {"code": text.removeprefix(_FAMILY_PREFIX)}
        return gettext("too little history: using the school's typical values")
    if n >= MIN_STUDENTS_TO_FIT:
        return ngettext(
            "learned from %(count)s student in your school",
            "learned from %(count)s students in your school",
            n,
        ) % {"count": n}
    return ngettext(
        "learned from %(count)s student in your school, leaning on its typical values",
        "learned from %(count)s students in your school, leaning on its typical values",
        n,
    ) % {"count": n}


def _minutes(n: int) -> str:
    return ngettext("%(count)s minute", "%(count)s minutes", n) % {"count": n}


def _lost_share(p) -> str:
    window = ngettext("the last minute", "the last %(count)s minutes", p["minutes"]) % {
        "count": p["minutes"]
    }
    return ngettext(
        "%(lost)s of %(size)s students (%(percent)s) reported being lost in %(window)s",
        "%(lost)s of %(size)s students (%(percent)s) reported being lost in %(window)s",
        p["lost"],
    ) % {"lost": p["lost"], "size": p["size"], "percent": _pct(p["share"]), "window": window}


def _stalled_lost(p) -> str:
    return ngettext(
        "stalled: said “I'm lost” %(count)s time in %(minutes)s",
        "stalled: said “I'm lost” %(count)s times in %(minutes)s",
        p["count"],
    ) % {"count": p["count"], "minutes": _minutes(p["minutes"])}


def _lost_in_co_construction(p) -> str:
    return ngettext(
        "said “I'm lost” %(count)s time while the class directed the steps "
        "(model it again, in a small group)",
        "said “I'm lost” %(count)s times while the class directed the steps "
        "(model it again, in a small group)",
        p["count"],
    ) % {"count": p["count"]}


def _needs(p) -> str:
    return ngettext(
        "needs at least %(needed)s answer or observation (has %(has)s)",
        "needs at least %(needed)s answers or observations (has %(has)s)",
        p["needed"],
    ) % {"needed": p["needed"], "has": p["has"]}


def _not_ready_belief(p) -> str:
    return gettext(
        "not yet ready (release needs %(belief)s from answers and ratings together and "
        "mastery %(floor)s from the work alone)"
    ) % {"belief": _num(p["belief"], ".2f"), "floor": _num(p["floor"], ".2f")}


_SAY = {
    "answers_right": _answers,
    "mastery": _mastery,
    "confidence": lambda p: (
        gettext("confidence %(value)s of 4") % {"value": _num(p["value"], ".3g")}
    ),
    "belief": _belief,
    "asked_help": lambda p: gettext("asked for help on %(when)s") % {"when": _when(p)},
    "no_help_since": lambda p: gettext("no help requests since %(when)s") % {"when": _when(p)},
    "self_gap": _gap,
    "params": _params,
    "stalled_lost": _stalled_lost,
    "stalled_quiet": lambda p: (
        gettext("stalled: no work for %(minutes)s") % {"minutes": _minutes(p["minutes"])}
    ),
    "lost_share": _lost_share,
    "ready_for": lambda p: str(_READY_FOR[Phase(p["phase"])]),
    "ready_complete": lambda p: str(_READY_FOR[Phase.COMPLETE]),
    "step_back_to": lambda p: str(_STEP_BACK_TO[Phase(p["phase"])]),
    "hold_in": lambda p: str(_HOLD_IN[Phase(p["phase"])]),
    "keep_modeling": lambda p: (
        gettext("keep modeling (pause at %(percent)s)") % {"percent": _pct(p["share"])}
    ),
    "lost_in_co_construction": _lost_in_co_construction,
    "mastery_under": lambda p: (
        gettext("mastery under %(value)s") % {"value": _num(p["value"], ".2f")}
    ),
    "needs_observations": _needs,
    "not_ready_belief": _not_ready_belief,
    "not_ready_mastery": lambda p: (
        gettext("not yet ready (release needs mastery %(mastery)s)")
        % {"mastery": _num(p["mastery"], ".2f")}
    ),
}
#: Every code this module has words for (a test checks it covers trellis.grr.reasons.CODES).
CODES = frozenset(_SAY) | frozenset(_PLAIN)


def say_fact(item: Fact) -> str:
    """One fact in the active language."""
    if item.code in _PLAIN:
        return str(_PLAIN[item.code])
    return _SAY[item.code](item.params)


class _Active:
    """Says facts in the active language, and joins them as that language punctuates."""

    def fact(self, item: Fact) -> str:
        return say_fact(item)

    def facts(self, parts: Sequence[str]) -> str:
        return pgettext("between the facts of a reason", ", ").join(parts)

    def arrow(self, facts: str, decision: str) -> str:
        return pgettext(
            "a reason: facts, then the decision", "%(facts)s %(arrow)s %(decision)s"
        ) % {
            "facts": facts,
            "arrow": ARROW,
            "decision": decision,
        }

    def why(self, decision: str, why: str) -> str:
        return pgettext("a reason: the decision, then why", "%(decision)s: %(why)s") % {
            "decision": decision,
            "why": why,
        }

    def note(self, text: str, note: str) -> str:
        return pgettext("a reason, then a note", "%(text)s; %(note)s") % {
            "text": text,
            "note": note,
        }


_ACTIVE = _Active()


def say(explanation: Explanation | None) -> str:
    """An explanation (a recommendation's, a stall's, the pause signal's) in the active
    language; empty without one."""
    return explanation.say(_ACTIVE) if explanation else ""


#: The codes the stall rule (trellis.grr.stall) puts first in a reason.
STALL_CODES = frozenset({"stalled_lost", "stalled_quiet"})


def stalled(rec) -> bool:
    """Whether the stall rule made this recommendation."""
    if rec.explanation is None:
        return rec.reason.startswith("stalled")
    return any(f.code in STALL_CODES for f in rec.explanation.facts)


def decision(rec) -> str:
    """A recommendation's decision ("ready for independent practice") in the active language."""
    item = rec.explanation.decision if rec.explanation else None
    return say_fact(item) if item else rec.decision


def group_label(group) -> str:
    """A suggested group's label: its decision and how many ("ready for …: 11")."""
    return gettext("%(decision)s: %(count)s") % {
        "decision": say_fact(group.decision_fact),
        "count": len(group.students),
    }


def calibration_words(calibration) -> str:
    return str(CALIBRATION_WORDS[Calibration(calibration)])
