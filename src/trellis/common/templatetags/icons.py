"""`{% icon "name" %}`: a small inline SVG icon instead of an emoji.

Emoji render as empty boxes where no emoji font is installed (many school machines); an SVG
drawn in `currentColor` looks the same everywhere and follows the text's colour and size. The
icons are decorative: every use sits beside words that say the same thing.
"""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

# 16 × 16 shapes, stroked or filled with the text's colour (constants only: nothing a person
# typed ever reaches this markup).
SHAPES = {
    "target": '<circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" stroke-width="1.5"/>'
    '<circle cx="8" cy="8" r="3.5" fill="none" stroke="currentColor" stroke-width="1.5"/>'
    '<circle cx="8" cy="8" r="1.2" fill="currentColor"/>',
    "pause": '<rect x="3.5" y="2.5" width="3" height="11" fill="currentColor"/>'
    '<rect x="9.5" y="2.5" width="3" height="11" fill="currentColor"/>',
    "lock": '<rect x="3" y="7" width="10" height="7" rx="1" fill="currentColor"/>'
    '<path d="M5 7V5a3 3 0 0 1 6 0v2" fill="none" stroke="currentColor" stroke-width="1.6"/>',
    "flag": '<path d="M3.5 15V2" stroke="currentColor" stroke-width="1.6"/>'
    '<path d="M4 2.5h8.5l-2 3 2 3H4z" fill="currentColor"/>',
}


@register.simple_tag
def icon(name: str) -> str:
    shape = SHAPES[name]
    return mark_safe(  # noqa: S308  (constant markup above)
        f'<svg class="icon icon-{name}" viewBox="0 0 16 16" width="16" height="16" '
        f'aria-hidden="true" focusable="false">{shape}</svg>'
    )
