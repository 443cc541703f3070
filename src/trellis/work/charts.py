"""Server-drawn SVG for the calibration chart: the gap between self and teacher over time.

Each criterion is a line with its own marker shape and dash pattern, named in a legend, so
no line is told apart by colour alone. Pages always put a table with the same numbers next
to the chart.
"""

from dataclasses import dataclass
from html import escape

WIDTH, HEIGHT = 560, 280
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 76
SHAPES = ["circle", "square", "triangle", "diamond"]
DASHES = ["", "6 3", "2 3", "8 3 2 3"]
INKS = ["#1f5f3f", "#1b4f8a", "#7a4b00", "#6b2a6b"]


@dataclass
class Series:
    name: str
    # One value per x position (None where there is no pair of scores yet), -1..1.
    values: list[float | None]


def _y(v: float) -> float:
    inner = HEIGHT - TOP - BOTTOM
    return TOP + (1 - (v + 1) / 2) * inner


def _x(i: int, n: int) -> float:
    inner = WIDTH - LEFT - RIGHT
    return LEFT + (inner * (i + 0.5) / max(n, 1))


def _marker(shape: str, x: float, y: float, ink: str) -> str:
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{ink}"/>'
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{ink}"/>'
    if shape == "triangle":
        pts = f"{x:.1f},{y - 5:.1f} {x - 5:.1f},{y + 4:.1f} {x + 5:.1f},{y + 4:.1f}"
        return f'<polygon points="{pts}" fill="{ink}"/>'
    pts = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}"
    return f'<polygon points="{pts}" fill="{ink}"/>'


def gap_chart(chart_id: str, title: str, x_labels: list[str], series: list[Series]) -> str:
    """SVG markup; every piece of text in it is escaped here."""
    n = len(x_labels)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="gap-chart" role="img" aria-labelledby="{chart_id}-t {chart_id}-d">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">Gap between self-assessment and the teacher\'s assessment; '
        "above the middle line the self-assessment was higher, below it lower. "
        "The table after the chart gives the same numbers.</desc>",
    ]
    for v, label in ((1, "+1 higher"), (0, "0 same"), (-1, "−1 lower")):
        y = _y(v)
        dash = "" if v == 0 else ' stroke-dasharray="2 4"'
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
            f'stroke="#4a5561"{dash}/>'
            f'<text x="4" y="{y + 4:.1f}" font-size="11" fill="#1b1f24">{escape(label)}</text>'
        )
    for i, label in enumerate(x_labels):
        parts.append(
            f'<text x="{_x(i, n):.1f}" y="{HEIGHT - BOTTOM + 16}" font-size="11" '
            f'text-anchor="middle" fill="#1b1f24">{escape(label[:14])}</text>'
        )
    for k, s in enumerate(series):
        shape, dash, ink = SHAPES[k % 4], DASHES[k % 4], INKS[k % 4]
        points = [(_x(i, n), _y(v)) for i, v in enumerate(s.values) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{ink}" stroke-width="2"'
                f"{dash_attr}/>"
            )
        parts.extend(_marker(shape, x, y, ink) for x, y in points)
        lx = LEFT + (k % 2) * 250
        ly = HEIGHT - 34 + ((k // 2) % 3) * 15
        parts.append(_marker(shape, lx, ly - 4, ink))
        parts.append(
            f'<text x="{lx + 10}" y="{ly}" font-size="11" fill="#1b1f24">'
            f"{escape(s.name[:40])} ({shape})</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
