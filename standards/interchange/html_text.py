"""Provides safe HTML-to-text conversion: a description becomes a list of plain-text blocks.

Moodle descriptions are HTML written by anyone. We keep only their text, split
into paragraphs, list items, headings and preformatted runs, so no markup ever
reaches a framework file; scripts and styles are dropped whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

_BLOCKS = {
    "p", "div", "li", "pre", "dt", "dd", "blockquote", "section", "article", "header", "footer", "aside",
    "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "table", "ul", "ol", "dl", "hr", "figure", "figcaption",
}
_LISTS = {"ul", "ol", "dl"}
_DROPPED = {"script", "style", "head", "title", "template", "noscript", "svg", "math"}
_BREAK = "\ue000"
"""Stands for <br> until a block is emitted: a space (two make a paragraph break), a newline in <pre>."""
_VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr"}


@dataclass(frozen=True)
class Block:
    """One run of text: ``kind`` is p, li, dt, dd, h or pre."""

    kind: str
    text: str
    classes: frozenset[str] = frozenset()
    list_classes: frozenset[str] = frozenset()
    """Classes of the enclosing ul, ol or dl, for list items and definitions."""
    list_number: int = 0
    """Which list the item belongs to, so consecutive lists stay apart."""


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._stack: list[tuple[str, frozenset[str], int]] = []
        self._text: list[str] = []
        self._dropping = 0
        self._lists = 0

    def handle_starttag(self, tag, attrs):
        if tag in _DROPPED:
            self._dropping += 1
            return
        if self._dropping:
            return
        if tag == "br":
            self._text.append(_BREAK)
            return
        if tag in _BLOCKS:
            self._flush()
        if tag in _VOID:
            return
        classes = frozenset((dict(attrs).get("class") or "").split())
        if tag in _LISTS:
            self._lists += 1
        self._stack.append((tag, classes, self._lists))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and tag not in _DROPPED:
            self.handle_endtag(tag)
        elif tag in _DROPPED:
            self._dropping -= 1

    def handle_endtag(self, tag):
        if tag in _DROPPED:
            self._dropping = max(0, self._dropping - 1)
            return
        if self._dropping or tag in _VOID:
            return
        if not any(open_tag == tag for open_tag, _, _ in self._stack):
            return  # a stray end tag closes nothing
        if tag in _BLOCKS:
            self._flush(closing=tag)
        while self._stack:
            open_tag, _, _ = self._stack.pop()
            if open_tag == tag:
                break

    def handle_data(self, data):
        if not self._dropping:
            self._text.append(data.replace(_BREAK, ""))

    def close(self):
        super().close()
        self._flush()

    def _flush(self, closing: str = "") -> None:
        """Emit the text gathered so far as a block of the innermost block element."""
        raw, self._text = "".join(self._text), []
        kind, classes, list_classes, number = "p", frozenset(), frozenset(), 0
        for tag, tag_classes, _ in reversed(self._stack):
            if tag in ("li", "dt", "dd", "pre") or (tag[0] == "h" and tag[1:].isdigit()):
                kind, classes = ("h" if tag[0] == "h" else tag), tag_classes
                break
            if tag in ("p", "div", "td", "th", "blockquote") and not classes:
                classes = tag_classes
        for tag, tag_classes, list_number in reversed(self._stack):
            if tag in _LISTS:
                list_classes, number = tag_classes, list_number
                break
        if kind == "pre":
            text = raw.replace(_BREAK, "\n").removeprefix("\n").rstrip()
            if text.strip():
                self.blocks.append(Block("pre", text, classes, list_classes, number))
            return
        # one <br> wraps a line; two in a row (as editors write a blank line) start a new paragraph
        pieces = re.split(f"{_BREAK}\\s*{_BREAK}", raw) if kind == "p" else [raw]
        pieces = [piece.replace(_BREAK, " ") for piece in pieces]
        for piece in pieces:
            text = " ".join(piece.split())
            if text or (closing == kind and kind in ("dt", "dd")):
                self.blocks.append(Block(kind, text, classes, list_classes, number))


def html_blocks(html: str) -> list[Block]:
    """The text of ``html`` as blocks, in document order; never raises on malformed markup."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.blocks


def plain_blocks(text: str) -> list[Block]:
    """Plain text (Moodle's plain and Markdown formats): one paragraph per blank-line-separated run."""
    parts = [" ".join(part.split()) for part in text.replace("\r\n", "\n").replace("\r", "\n").split("\n\n")]
    return [Block("p", part) for part in parts if part]


def element(tag: str, text: str, css_class: str = "") -> str:
    """One element with escaped text; the only way our exports put user text into HTML."""
    attribute = f' class="{escape(css_class, quote=True)}"' if css_class else ""
    return f"<{tag}{attribute}>{escape(text, quote=False)}</{tag}>"
