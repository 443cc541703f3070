"""Icons are inline SVG ({% icon %}), never emoji: without an emoji font (many school machines)
an emoji is an empty box. Scripts and styles are checked by the walk; here, every template and
every Python string that reaches a page."""

import re
from pathlib import Path

from django.template import Context, Template

SRC = Path(__file__).resolve().parents[2] / "src" / "trellis"
# Pictographs, the "technical" block (⏸ ⏯ ⌛), the emoji hands (✊ ✋) and variation selector 16.
EMOJI = re.compile("[\U0001f000-\U0001faff\u2300-\u23ff\u270a\u270b\u2b50\u2b55\ufe0f]")


def test_no_template_or_module_uses_an_emoji():
    found = []
    for path in list(SRC.rglob("*.html")) + list(SRC.rglob("*.py")):
        if "static" in path.parts or path.name == "demo.py":
            continue  # vendored libraries; demo content is text a person could have typed
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if EMOJI.search(line):
                found.append(f"{path.relative_to(SRC)}:{n}: {line.strip()[:80]}")
    assert not found, "use {% icon %} (trellis/common/templatetags/icons.py):\n" + "\n".join(found)


def test_the_finder_sees_an_emoji():
    assert EMOJI.search("<span>\U0001f3af</span>") and EMOJI.search("\u23f8 Pause")
    assert not EMOJI.search("\u2714 done, \u2713 right, \u25c9 modeling")


def test_an_icon_is_decorative_svg_in_the_text_colour():
    html = Template('{% load icons %}{% icon "pause" %} Pause').render(Context())
    assert html.startswith('<svg class="icon icon-pause"') and 'aria-hidden="true"' in html
    assert 'fill="currentColor"' in html and "Pause" in html
