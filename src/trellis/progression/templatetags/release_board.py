"""`{% board_cells board row classroom %}`: the cells of one release-board row.

A 40 × 12 board has 480 cells, and rendering them through Django's template engine was the
slowest part of the page (docs/release-board.md has the figures). The cells are written here
with str.format over escaped values (the same markup a template would give). The whole grid
is kept in the shared cache by the board view (`progression.views.boards`), so there is no
cache here.
"""

from html import escape

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from ..queries.display import label, move_words, phase_icon, phase_sprite

register = template.Library()

# Compact: the phase as an icon and a word, capability and confidence as two small labelled
# bars, the advice as a word, and the same in a sentence for screen readers. The numbers and
# the full reason are fetched on demand (focus, hover or press: one script for the whole grid,
# progression/live.js, with the URL from the table's data-cell-base) into the details drawer,
# so they are not in the grid, which keeps a 40 × 12 grid small.
CELL = (
    '<td class="cell phase-{phase}" data-task="{task}" data-student="{student}">'
    '<input type="hidden" form="board-form" name="v-{task}-{student}" value="{version}">'
    '<button class="cell-button" id="cell-{task}-{student}" '
    'aria-controls="cell-detail">'
    '<span class="cl">{icon}<b class="phase-name">{short}</b>{help}</span>'
    # The bars' labels ("cap", "conf") are put in by the style sheet (.bar.m, .bar.c).
    '<span class="cl" aria-hidden="true">'
    '<b class="bar m{m_none}"><i class="w5-{m_pct}"></i></b>'
    '<b class="bar c{c_none}"><i class="w5-{c_pct}"></i></b>'
    '<b class="rec rec-{kind}">{word}</b></span>'
    '<span class="visually-hidden">{said}</span></button></td>'
)
STALLED = '<span class="badge stalled-badge">{}</span>'
HELP = '<span class="badge help-badge">{}</span><span class="visually-hidden">{}</span>'


def _words() -> dict[str, str]:
    """The cells' words in the active language (once per grid; the grid is cached per
    language)."""
    return {
        "said": escape(gettext("Capability: %(m)s. Confidence: %(c)s. Advice: %(advice)s.")),
        "stalled": STALLED.format(escape(gettext("stalled"))),
        "help": HELP.format(escape(gettext("help")), escape(gettext("asked for help"))),
    }


def _pct(value, top) -> int:
    """Width in 5 % steps (the style sheet's w5-N classes: no inline style under the CSP)."""
    return 0 if value is None else max(0, min(20, round(20 * value / top)))


def _cell(c, words: dict[str, str]) -> str:
    said = words["said"] % {
        "m": escape(c.mastery_words),
        "c": escape(c.confidence_words),
        "advice": escape(c.decision),
    }
    return CELL.format(
        phase=int(c.phase["value"]),
        task=int(c.task.pk),
        student=int(c.student.pk),
        version=int(c.version),
        icon=phase_icon(c.phase["value"]),
        short=escape(c.phase["short"]),
        m_none=" none" if c.mastery is None else "",
        m_pct=_pct(c.mastery, 1),
        c_none=" none" if c.confidence is None else "",
        c_pct=_pct(c.confidence, 4),
        kind=escape(c.rec.kind.value),
        word=escape(c.rec_word),
        said=said,
        help=(words["help"] if c.open_help else "") + (words["stalled"] if c.stalled else ""),
    )


@register.simple_tag
def board_cells(board, row, classroom):
    words = _words()
    html = "".join(_cell(c, words) for c in row.cells)
    return mark_safe(html)  # noqa: S308 - every value above is escaped or a number


@register.simple_tag
def cell_base(classroom):
    """The start of a cell's details URL; the script adds "<task>/<student>/"."""
    return reverse("progression:board_cell", args=[classroom.pk, 0, 0])[: -len("0/0/")]


@register.simple_tag
def group_inputs(group):
    """Hidden inputs naming a suggested group's students and the versions the board showed."""
    task = int(group.task.pk)
    return mark_safe(  # noqa: S308 - numbers only
        "".join(
            f'<input type="hidden" name="student" value="{int(s.pk)}">'
            f'<input type="hidden" name="v-{task}-{int(s.pk)}" value="{int(v)}">'
            for s, v in group.members
        )
    )


@register.filter
def phase_label(value) -> str:
    """A phase number as its name in the reader's language ("Modelage (je fais)")."""
    return label(int(value))


@register.filter
def move_label(kind) -> str:
    """A logged move's kind in the reader's language."""
    return move_words(kind)


@register.simple_tag
def phase_symbols():
    """The board's SVG sprite (one symbol per phase)."""
    return mark_safe(phase_sprite())  # noqa: S308 - constants


@register.simple_tag
def phase_svg(value):
    return mark_safe(phase_icon(int(value)))  # noqa: S308 - a number
