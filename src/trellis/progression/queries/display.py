"""How a phase and a recommendation are shown: icons, short names, what to do next."""

from __future__ import annotations

from trellis.grr import Phase, RecommendationKind, label

PHASE_ICONS = {
    Phase.MODELING: "◉",
    Phase.CO_CONSTRUCTION: "◎",
    Phase.GUIDED: "◐",
    Phase.INDEPENDENT: "●",
    Phase.COMPLETE: "✔",
}
PHASE_SHORT = {
    Phase.MODELING: "Modeling",
    Phase.CO_CONSTRUCTION: "Co-construction",
    Phase.GUIDED: "Guided",
    Phase.INDEPENDENT: "Independent",
    Phase.COMPLETE: "Complete",
}
REC_ICONS = {
    RecommendationKind.ADVANCE: "↗",
    RecommendationKind.HOLD: "=",
    RecommendationKind.STEP_BACK: "↩",
}
WHAT_NEXT = {
    Phase.MODELING: "Watch and listen while your teacher shows each step and thinks aloud. "
    "Press “I'm lost” as soon as a step loses you.",
    Phase.CO_CONSTRUCTION: "Your teacher does the task again and you direct: say what comes "
    "next at each step.",
    Phase.GUIDED: "You try each step yourself with your teacher alongside: say what you will do, "
    "do it, then reflect.",
    Phase.INDEPENDENT: "You do the task on your own. If you get stuck, press “I need help” and "
    "your teacher will work with you again.",
    Phase.COMPLETE: "You have finished this task.",
}


PHASE_VIEWS = {
    p: {"value": int(p), "label": label(p), "short": PHASE_SHORT[p], "icon": PHASE_ICONS[p]}
    for p in Phase
}


def phase_view(phase) -> dict:
    """What a page shows of a phase: its number, label, short name and icon (shared, read-only)."""
    return PHASE_VIEWS[Phase(phase)]


# A teacher's one-tap observation in words a person reads (the codes are stored in evidence).
OBSERVATION_WORDS = {
    "explained": "Explained the step",
    "prompted": "Needed prompting",
    "off-track": "Off track",
}


def observation_words(code) -> str:
    return OBSERVATION_WORDS.get(code or "", "Observed")
