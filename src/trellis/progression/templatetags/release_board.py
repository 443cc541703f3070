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

register = template.Library()

CELL = (
    '<td class="cell phase-{phase}" data-task="{task}" data-student="{student}">'
    '<input type="hidden" form="board-form" name="v-{task}-{student}" value="{version}">'
    '<button type="button" class="cell-button" id="cell-{task}-{student}" '
    'aria-describedby="tip-{task}-{student}" hx-get="{url}" hx-target="#cell-detail">'
    '<span class="phase-name"><span aria-hidden="true">{icon}</span> {short}</span>'
    '<span class="readiness">Mastery {mastery} · Confidence {confidence}</span>'
    '<span class="rec rec-{kind}"><span aria-hidden="true">{rec_icon}</span> {decision}</span>'
    "{help}</button>"
    '<span role="tooltip" id="tip-{task}-{student}" class="tooltip">{reason}</span></td>'
)
STALLED = '<span class="badge stalled-badge">stalled</span>'
HELP = '<span class="badge help-badge"><span aria-hidden="true">✋</span> asked for help</span>'


def _cell(c, base: str) -> str:
    return CELL.format(
        phase=int(c.phase["value"]),
        task=int(c.task.pk),
        student=int(c.student.pk),
        version=int(c.version),
        url=f"{base}{int(c.task.pk)}/{int(c.student.pk)}/",
        icon=escape(c.phase["icon"]),
        short=escape(c.phase["short"]),
        mastery="—" if c.mastery is None else f"{c.mastery:.2f}",
        confidence="—" if c.confidence is None else f"{c.confidence:.1f}/4",
        kind=escape(c.rec.kind.value),
        rec_icon=escape(c.rec_icon),
        decision=escape(c.rec.decision),
        help=(HELP if c.open_help else "") + (STALLED if c.stalled else ""),
        reason=escape(c.rec.reason),
    )


@register.simple_tag
def board_cells(board, row, classroom):
    base = reverse("progression:board_cell", args=[classroom.pk, 0, 0])[: -len("0/0/")]
    html = "".join(_cell(c, escape(base)) for c in row.cells)
    return mark_safe(html)  # noqa: S308 - every value above is escaped or a number


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
