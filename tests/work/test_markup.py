"""Students' text is rendered as Markdown and always cleaned by nh3."""

import re

import pytest

from trellis.work import diffing, markup


@pytest.mark.parametrize(
    "evil",
    [
        "<script>alert('x')</script>Hello",
        "<img src=x onerror=alert(1)>Hello",
        '<a href="javascript:alert(1)">Hello</a>',
        "[Hello](javascript:alert(1))",
        '<p onclick="steal()">Hello</p>',
        "<iframe src='https://evil.example'></iframe>Hello",
        '<a href="JaVaScRiPt:alert(1)">Hello</a>',
        "<svg onload=alert(1)>Hello</svg>",
        "<style>body{display:none}</style>Hello",
    ],
)
def test_scripts_handlers_and_javascript_links_are_stripped(evil):
    html = markup.render(evil)
    assert "<script" not in html and "alert('x')" not in html
    assert not re.search(r"<[^>]+\son\w+\s*=", html)
    assert "javascript:" not in html.lower()
    assert "<iframe" not in html and "<img" not in html and "<svg" not in html
    assert "<style" not in html
    assert "Hello" in html


def test_markdown():
    html = markup.render(
        "A *soft* and **strong** point.\nSame paragraph.\n\n- one\n- two\n\n"
        "1. first\n2. second\n\nSee [the study](https://example.org/a_b)."
    ).replace("\n", "")
    assert "<p>A <em>soft</em> and <strong>strong</strong> point.<br>Same paragraph.</p>" in html
    assert "<ul><li>one</li><li>two</li></ul>" in html
    assert "<ol><li>first</li><li>second</li></ol>" in html
    assert 'href="https://example.org/a_b"' in html and 'rel="noopener noreferrer nofollow"' in html


def test_less_than_signs_are_text():
    assert "x &lt; 5" in markup.render("x < 5 and y > 2")


def test_diff_names_each_change_in_words():
    changes = diffing.compare(
        "Trees cool the streets. Shade helps.", "Trees cool the busy streets. Shade helps a lot."
    )
    assert [(c.kind, c.before, c.after) for c in changes] == [
        ("added", "", "busy"),
        ("changed", "helps.", "helps a lot."),
    ]
    assert changes[0].label == "Added" and changes[0].context == "Trees cool the"
    assert diffing.summary(changes) == "Changes: 1 added, 1 changed."
    assert diffing.summary([]) == "No changes to the text."


def test_headings_sit_below_the_page_headings_and_code_is_text():
    html = markup.render("# My essay\n\n    <b>bold</b>\n\n`x<y`")
    assert "<h3>My essay</h3>" in html and "<h1>" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "<code>x&lt;y</code>" in html
