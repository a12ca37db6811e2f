"""Plain-text rendering of status HTML."""

from __future__ import annotations

import pytest

from platforms.mastodon.html_text import html_to_text


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>one</p><p>two</p>", "one\n\ntwo"),
        ("<p>a<br>b<br/>c</p>", "a\nb\nc"),
        ("<p>Fish &amp; chips &lt;3</p>", "Fish & chips <3"),
        (
            '<p><a href="http://example.org/"><span class="invisible">http://</span><span>example.org/</span>'
            '<span class="invisible"></span></a></p>',
            "http://example.org/",
        ),
        ("<p>x</p><script>alert(1)</script>", "x"),
        ("", ""),
    ],
)
def test_html_to_text(html, text):
    assert html_to_text(html) == text
