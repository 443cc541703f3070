"""Server-drawn SVG charts: one small chart per commitment, its pulse averages over time.

A chart is a picture for sighted readers; every page that shows one also shows the same
numbers as a table, and the SVG carries a text description. One series per chart, so no
meaning rests on colour.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

WIDTH, HEIGHT = 360, 170
LEFT, RIGHT, TOP, BOTTOM = 34, 16, 14, 34


def one_decimal(value: float) -> str:
    """The one rounding rule for averages, the same as the tables' ``floatformat:1``
    (half up: 4.25 is 4.3), so a chart never disagrees with the table beside it."""
    return str(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _shown(average) -> str:
    return one_decimal(average) if average is not None else gettext("no answers")


def _x(i: int, n: int) -> float:
    inner = WIDTH - LEFT - RIGHT
    return LEFT + (inner / 2 if n == 1 else inner * i / (n - 1))


def _y(score: float) -> float:
    inner = HEIGHT - TOP - BOTTOM
    return TOP + inner * (5 - score) / 4


def trend_svg(trend, chart_id: str) -> SafeString:
    """An SVG line chart of one commitment's averages (1–5) across pulses."""
    n = len(trend.points)
    values = [
        gettext("%(day)s: %(average)s")
        % {"day": date_format(p.pulse.opens_on, "j b"), "average": _shown(p.average)}
        for p in trend.points
    ]
    desc = gettext("Average rating from 1 to 5 at each pulse: %(values)s.") % {
        "values": "; ".join(values)
    }
    parts = [
        f'<svg class="trend-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" data-points="{n}">',
        f'<title id="{chart_id}-t">{escape(trend.text)}</title>',
        f'<desc id="{chart_id}-d">{escape(desc)}</desc>',
    ]
    for score in range(1, 6):
        y = _y(score)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end" class="axis">{score}</text>'
        )
    points = [
        (_x(i, n), _y(p.average), p) for i, p in enumerate(trend.points) if p.average is not None
    ]
    if len(points) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in points)
        parts.append(f'<polyline points="{path}" class="line"/>')
    for x, y, p in points:
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" class="dot"/>'
            f'<text x="{x:.1f}" y="{y - 9:.1f}" text-anchor="middle" class="value">'
            f"{one_decimal(p.average)}</text>"
        )
    for i, p in enumerate(trend.points):
        parts.append(
            f'<text x="{_x(i, n):.1f}" y="{HEIGHT - 12}" text-anchor="middle" class="axis">'
            f"{p.pulse.opens_on:%d %b}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped or a number


def distribution_bar(counts: list[int]) -> list[tuple[int, int, int]]:
    """(score, count, percent of answers) for a stacked text bar."""
    total = sum(counts) or 1
    return [(i + 1, n, round(100 * n / total)) for i, n in enumerate(counts)]
