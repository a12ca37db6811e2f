"""Plain-text rendering of Mastodon-style status HTML with the standard library's html.parser."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCKS = frozenset({"p", "div", "blockquote", "li", "ul", "ol", "pre", "h1", "h2", "h3", "h4", "h5", "h6"})
_SKIPPED = frozenset({"script", "style", "template"})


class _TextCollector(HTMLParser):
    """Collects visible text: <br> is a newline, a block boundary a blank line, links keep their text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skip_depth += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCKS:
            self._paragraph_break()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _BLOCKS:
            self._paragraph_break()

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            # Mastodon's "invisible" spans only shorten how a link is displayed; the full text is the link.
            self.parts.append(data)

    def _paragraph_break(self) -> None:
        self.parts.append("\x00")  # collapsed into one blank line below, however many blocks meet


def html_to_text(html: str) -> str:
    """`<p>a</p><p>b<br>c</p>` -> "a\\n\\nb\\nc"; entities decoded; mentions and tags keep their text."""
    if not html:
        return ""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    text = "".join(collector.parts)
    text = re.sub(r"[ \t]*\x00[\x00\s]*", "\n\n", text)
    text = text.replace("\x00", "")
    return text.strip()
