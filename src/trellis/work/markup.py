"""A small, documented Markdown-like subset for students' text, always cleaned by nh3.

Supported (see docs/rubrics.md): paragraphs separated by a blank line, line breaks inside a
paragraph, *emphasis* / _emphasis_, **strong**, bulleted lists ("- " or "* "), numbered lists
("1. "), and [links](https://…) to http, https or mailto addresses (a link to anything else
keeps its words and loses its address). Anything else is shown as
text. Raw HTML is not part of the subset: disallowed tags are removed by nh3 (script and style
with their content), event-handler attributes are dropped, and only the schemes above survive
in links.
"""

import html
import re

import nh3

ALLOWED_TAGS = {"p", "br", "em", "strong", "ul", "ol", "li", "a", "blockquote", "code"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}

_LINK = re.compile(r"\[([^\]\n]{1,300})\]\(([^)\s]{1,2000})\)")
_SAFE_URL = re.compile(r"^(?:https?://|mailto:)", re.I)
_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EM = re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_BULLET = re.compile(r"^\s*[-*]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+(.*)$")


def clean(fragment: str) -> str:
    """The one gate every piece of user-made HTML passes through."""
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def _inline(text: str) -> str:
    # Links first, so that emphasis markers inside an address are not touched.
    parts = []
    last = 0
    for m in _LINK.finditer(text):
        parts.append(_emphasis(text[last : m.start()]))
        label = _emphasis(m.group(1))
        if _SAFE_URL.match(m.group(2)):
            parts.append(f'<a href="{html.escape(m.group(2), quote=True)}">{label}</a>')
        else:
            parts.append(label)  # a link to anything else keeps its words, loses its target
        last = m.end()
    parts.append(_emphasis(text[last:]))
    return "".join(parts)


def _emphasis(text: str) -> str:
    text = _STRONG.sub(r"<strong>\1</strong>", text)
    return _EM.sub(r"<em>\2</em>", text)


def render(source: str) -> str:
    """Students' text as safe HTML. The result is safe to mark as such in a template."""
    blocks = re.split(r"\n\s*\n", (source or "").replace("\r\n", "\n").strip())
    out = []
    for block in blocks:
        if not block.strip():
            continue
        lines = block.split("\n")
        if all(_BULLET.match(line) for line in lines):
            items = "".join(f"<li>{_inline(_BULLET.match(li).group(1))}</li>" for li in lines)
            out.append(f"<ul>{items}</ul>")
        elif all(_NUMBERED.match(line) for line in lines):
            items = "".join(f"<li>{_inline(_NUMBERED.match(li).group(1))}</li>" for li in lines)
            out.append(f"<ol>{items}</ol>")
        else:
            out.append("<p>" + "<br>".join(_inline(line) for line in lines) + "</p>")
    return clean("".join(out))
