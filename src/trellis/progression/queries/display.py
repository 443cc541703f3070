"""How a phase and a recommendation are shown: icons, short names, what to do next."""

from __future__ import annotations

from django.utils.translation import gettext, gettext_lazy, pgettext_lazy

from trellis.grr import MoveKind, Phase, RecommendationKind

# The engine (trellis.grr) is pure and speaks English; people read these, in their language.
PHASE_LABELS = {
    Phase.MODELING: gettext_lazy("Modeling (I do)"),
    Phase.CO_CONSTRUCTION: gettext_lazy("Co-construction (we do)"),
    Phase.GUIDED: gettext_lazy("Guided practice (you do, together)"),
    Phase.INDEPENDENT: gettext_lazy("Independent practice (you do alone)"),
    Phase.COMPLETE: gettext_lazy("Complete"),
}


def label(phase) -> str:
    """The phase's name a person reads, e.g. "Modeling (I do)", in the active language."""
    return str(PHASE_LABELS[Phase(phase)])


PHASE_ICONS = {
    Phase.MODELING: "◉",
    Phase.CO_CONSTRUCTION: "◎",
    Phase.GUIDED: "◐",
    Phase.INDEPENDENT: "●",
    Phase.COMPLETE: "✔",
}
PHASE_SHORT = {
    Phase.MODELING: gettext_lazy("Modeling"),
    Phase.CO_CONSTRUCTION: gettext_lazy("Co-construction"),
    Phase.GUIDED: gettext_lazy("Guided"),
    Phase.INDEPENDENT: gettext_lazy("Independent"),
    Phase.COMPLETE: gettext_lazy("Complete"),
}
REC_ICONS = {
    RecommendationKind.ADVANCE: "↗",
    RecommendationKind.HOLD: "=",
    RecommendationKind.STEP_BACK: "↩",
}
WHAT_NEXT = {
    Phase.MODELING: gettext_lazy(
        "Watch and listen while your teacher shows each step and thinks aloud. "
        "Press “I'm lost” as soon as a step loses you."
    ),
    Phase.CO_CONSTRUCTION: gettext_lazy(
        "Your teacher does the task again and you direct: say what comes next at each step."
    ),
    Phase.GUIDED: gettext_lazy(
        "You try each step yourself with your teacher alongside: say what you will do, "
        "do it, then reflect."
    ),
    Phase.INDEPENDENT: gettext_lazy(
        "You do the task on your own. If you get stuck, press “I need help” and "
        "your teacher will work with you again."
    ),
    Phase.COMPLETE: gettext_lazy("You have finished this task."),
}


PHASE_VIEWS = {
    p: {"value": int(p), "label": PHASE_LABELS[p], "short": PHASE_SHORT[p], "icon": PHASE_ICONS[p]}
    for p in Phase
}


def phase_view(phase) -> dict:
    """What a page shows of a phase: its number, label, short name and icon (shared, read-only)."""
    return PHASE_VIEWS[Phase(phase)]


# A teacher's one-tap observation in words a person reads (the codes are stored in evidence).
OBSERVATION_WORDS = {
    "explained": gettext_lazy("Explained the step"),
    "prompted": gettext_lazy("Needed prompting"),
    "off-track": gettext_lazy("Off track"),
}


def observation_words(code) -> str:
    return str(OBSERVATION_WORDS.get(code or "", gettext_lazy("Observed")))


# --------------------------------------------------------------------------- the board's words
# The board speaks in words a teacher reads at a glance; the numbers are in the details drawer.
REC_WORDS = {
    RecommendationKind.ADVANCE: gettext_lazy("release"),
    RecommendationKind.HOLD: gettext_lazy("hold"),
    RecommendationKind.STEP_BACK: gettext_lazy("step back"),
}


# A logged move's kind, in the move log of a cell's details.
MOVE_WORDS = {
    MoveKind.ADVANCE: pgettext_lazy("a move in the log", "moved on"),
    MoveKind.HOLD: pgettext_lazy("a move in the log", "held"),
    MoveKind.STEP_BACK: pgettext_lazy("a move in the log", "stepped back"),
    MoveKind.HELP_REQUEST: pgettext_lazy("a move in the log", "help request"),
    MoveKind.PAUSE_AND_BREAK_DOWN: pgettext_lazy("a move in the log", "pause and break down"),
    MoveKind.COMPLETE: pgettext_lazy("a move in the log", "completed"),
}


def move_words(kind) -> str:
    return str(MOVE_WORDS.get(kind, kind))


def mastery_words(mastery: float | None) -> str:
    """Capability in a teacher's words: the engine's estimate is in the drawer."""
    if mastery is None:
        return gettext("no evidence yet")
    if mastery >= 0.9:
        return gettext("likely mastered")
    if mastery >= 0.7:
        return gettext("nearly there")
    if mastery >= 0.4:
        return gettext("on the way")
    return gettext("not yet")


def confidence_words(confidence: float | None) -> str:
    if confidence is None:
        return gettext("not rated yet")
    if confidence >= 3:
        return gettext("confident")
    if confidence >= 2:
        return gettext("unsure")
    return gettext("lost")


# One SVG sprite on the board page; each phase is a different shape (never colour alone), and
# every use of it sits next to the phase's name in text.
PHASE_SHAPES = {
    Phase.MODELING: '<circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" '
    'stroke-width="2"/><circle cx="8" cy="8" r="2.5" fill="currentColor"/>',
    Phase.CO_CONSTRUCTION: '<path d="M2 8a6 6 0 0 1 12 0z" fill="currentColor"/>'
    '<path d="M2 8a6 6 0 0 0 12 0" fill="none" stroke="currentColor" stroke-width="2"/>',
    Phase.GUIDED: '<rect x="2" y="2" width="12" height="12" fill="none" stroke="currentColor" '
    'stroke-width="2"/><path d="M2 14L14 2v12z" fill="currentColor"/>',
    Phase.INDEPENDENT: '<rect x="2" y="2" width="12" height="12" fill="currentColor"/>',
    Phase.COMPLETE: '<path d="M2 8l4 4 8-9" fill="none" stroke="currentColor" stroke-width="2.5"/>',
}


def phase_sprite() -> str:
    """The hidden <svg> holding one <symbol id="ph-N"> per phase (numbers and constants only)."""
    symbols = "".join(
        f'<symbol id="ph-{int(p)}" viewBox="0 0 16 16">{shape}</symbol>'
        for p, shape in PHASE_SHAPES.items()
    )
    return f'<svg xmlns="http://www.w3.org/2000/svg" hidden aria-hidden="true">{symbols}</svg>'


def phase_icon(phase) -> str:
    """An inline icon using the sprite; decorative, as the phase's name is always beside it."""
    return f'<svg class="ph-icon" aria-hidden="true"><use href="#ph-{int(phase)}"/></svg>'
