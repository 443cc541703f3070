"""Students' text: Markdown rendered by Python-Markdown, then always cleaned by nh3.

Markdown (see docs/rubrics.md) gives paragraphs, line breaks (`nl2br`), *emphasis*,
**strong**, lists, quotes, `code`, fenced code blocks, tables and [links](https://…).
Raw HTML a student types is not trusted: nh3 keeps only the tags below, removes script and
style with their content, drops every event-handler attribute, and keeps links only to
http, https and mailto addresses (a link to anything else keeps its words, loses its address).
"""

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "em", "strong", "ul", "ol", "li", "a", "blockquote", "code", "pre", "hr",
    "h3", "h4", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
EXTENSIONS = ["sane_lists", "nl2br", "fenced_code", "tables"]


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


def render(source: str) -> str:
    """Students' text as safe HTML. The result is safe to mark as such in a template."""
    text = (source or "").replace("\r\n", "\n").strip()
    if not text:
        return ""
    # Headings inside a student's piece sit below the page's own h1/h2.
    html = markdown.markdown(text, extensions=EXTENSIONS, output_format="html")
    html = html.replace("<h1>", "<h3>").replace("</h1>", "</h3>")
    html = html.replace("<h2>", "<h4>").replace("</h2>", "</h4>")
    return clean(html)
