"""Server-drawn SVG for the calibration chart: the gap between self and teacher over time.

Each criterion is a line with its own marker shape and dash pattern, named in a legend, so
no line is told apart by colour alone. Pages always put a table with the same numbers next
to the chart.
"""

from dataclasses import dataclass
from html import escape

WIDTH, PLOT = 560, 204  # PLOT: the bottom of the plotting area
LEFT, RIGHT, TOP = 64, 16, 16
LABEL_CHARS, LABEL_LINES = 16, 3  # x labels wrap by words, never cut mid-title
LEGEND_ROW = 16
SHAPES = [
    "circle",
    "square",
    "triangle",
    "diamond",
    "triangle-down",
    "cross",
    "ring",
    "hollow-square",
]
DASHES = ["", "6 3", "2 3", "8 3 2 3"]
INKS = ["#1f5f3f", "#1b4f8a", "#7a4b00", "#6b2a6b"]
SPREAD = 7  # px between series at one x, so equal values never hide each other


@dataclass
class Series:
    name: str
    # One value per x position (None where there is no pair of scores yet), -1..1.
    values: list[float | None]


def _y(v: float) -> float:
    inner = PLOT - TOP
    return TOP + (1 - (v + 1) / 2) * inner


def wrap(label: str, width: int = LABEL_CHARS, lines: int = LABEL_LINES) -> list[str]:
    """The label in lines of about ``width`` characters, split at spaces; the last line ends
    with "…" only when even ``lines`` lines cannot hold it (the full title is in <title>)."""
    out, line = [], ""
    for word in label.split():
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        out.append(line)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: width - 1] + "…"
    return out or [""]


def _x(i: int, n: int) -> float:
    inner = WIDTH - LEFT - RIGHT
    return LEFT + (inner * (i + 0.5) / max(n, 1))


def _marker(shape: str, x: float, y: float, ink: str) -> str:
    if shape == "ring":
        return (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#fff" stroke="{ink}" stroke-width="2"/>'
        )
    if shape == "hollow-square":
        return (
            f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="#fff" '
            f'stroke="{ink}" stroke-width="2"/>'
        )
    if shape == "cross":
        return (
            f'<path d="M{x - 4:.1f},{y - 4:.1f}L{x + 4:.1f},{y + 4:.1f}M{x - 4:.1f},{y + 4:.1f}'
            f'L{x + 4:.1f},{y - 4:.1f}" stroke="{ink}" stroke-width="2.5"/>'
        )
    if shape == "triangle-down":
        pts = f"{x:.1f},{y + 5:.1f} {x - 5:.1f},{y - 4:.1f} {x + 5:.1f},{y - 4:.1f}"
        return f'<polygon points="{pts}" fill="{ink}"/>'
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
    """SVG markup; every piece of text in it is escaped here.

    Each criterion has its own marker (eight shapes; past eight, its number is written beside
    each marker), series are spread a few pixels apart at each x so equal values stay
    visible, x labels wrap instead of being cut, and the legend has a row of its own per
    criterion below the labels, so nothing overlaps.
    """
    n = len(x_labels)
    m = len(series)
    legend_top = PLOT + 18 + LABEL_LINES * 13
    height = legend_top + m * LEGEND_ROW + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
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
        x = _x(i, n)
        lines = "".join(
            f'<tspan x="{x:.1f}" dy="{0 if j == 0 else 13}">{escape(line)}</tspan>'
            for j, line in enumerate(wrap(label))
        )
        parts.append(
            f'<text class="x-label" y="{PLOT + 16}" font-size="11" text-anchor="middle" '
            f'fill="#1b1f24"><title>{escape(label)}</title>{lines}</text>'
        )
    for k, s in enumerate(series):
        shape, dash, ink = SHAPES[k % len(SHAPES)], DASHES[k % 4], INKS[k % 4]
        numbered = k >= len(SHAPES)
        offset = (k - (m - 1) / 2) * SPREAD if m > 1 else 0
        points = [(_x(i, n) + offset, _y(v)) for i, v in enumerate(s.values) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{ink}" stroke-width="2"'
                f"{dash_attr}/>"
            )
        for x, y in points:
            parts.append(_marker(shape, x, y, ink))
            if numbered:
                parts.append(
                    f'<text x="{x + 6:.1f}" y="{y - 5:.1f}" font-size="9" fill="{ink}">'
                    f"{k + 1}</text>"
                )
        ly = legend_top + k * LEGEND_ROW
        parts.append(_marker(shape, LEFT, ly - 4, ink))
        number = f"{k + 1}. " if numbered else ""
        parts.append(
            f'<text class="legend" x="{LEFT + 10}" y="{ly}" font-size="11" fill="#1b1f24">'
            f"{number}{escape(s.name)} ({shape.replace('-', ' ')})</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
