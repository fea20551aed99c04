"""Provides Markdown escaping for user text, so names, evidence and notes never become Markdown structure.

CommonMark lets any ASCII punctuation be backslash-escaped. We escape the
characters that start inline structure anywhere (emphasis, code, links, images,
raw HTML, entities, table pipes, strikethrough) and, at the start of a line, the
ones that start blocks (headings, lists, quotes, setext underlines).
"""

from __future__ import annotations

import re

_INLINE = str.maketrans({char: "\\" + char for char in "\\`*_[]<>&|~"})
_BLOCK_MARKS = "#+=-"
_LINE_BREAKS = re.compile(r"[ \t]*(?:\r\n|\r|\n)[ \t]*")
_ORDERED_MARK = re.compile(r"^(\d{1,9})([.)])(?=[ \t]|$)")
"""An ordered-list marker: digits, '.' or ')', then a space or the end (so '1.0' and '2)x' stay as typed)."""
HARD_BREAK = "\\"
"""A backslash at the end of a line is a hard line break, so a multi-line note keeps its lines when rendered."""


def _escape_line_start(line: str) -> str:
    """Escape a block marker (heading, list, setext underline) at the start of ``line``."""
    if line and line[0] in _BLOCK_MARKS:
        return "\\" + line
    if line[:1].isdigit():
        return _ORDERED_MARK.sub(r"\1\\\2", line)
    return line


def escape_line(text: str) -> str:
    """One line of user text as literal Markdown: structure characters escaped, leading spaces dropped.

    Leading spaces go because four of them would make an indented code block,
    where backslash escapes show up literally.
    """
    return _escape_line_start(text.strip(" \t\r").translate(_INLINE))


def escape_inline(text: object) -> str:
    """User text for a place inside a line (a list item, a table cell): line breaks become spaces, the rest escaped.

    Spaces around the text are kept, so a separator such as ``"; "`` printed
    through the same escaping keeps its space.
    """
    line = str(text)
    if "\n" in line or "\r" in line:
        line = _LINE_BREAKS.sub(" ", line)
    line = line.translate(_INLINE)
    if line[:1] not in (" ", "\t"):
        return _escape_line_start(line)
    body = line.lstrip(" \t")
    return line[: len(line) - len(body)] + _escape_line_start(body)


def quote_block(text: object, indent: int = 0) -> str:
    """Multi-line user text as a Markdown block quote, each line escaped, line breaks kept.

    ``indent`` spaces go before every line so the quote can sit inside a list item.
    Blank lines stay as empty quote lines, which keeps paragraphs apart; other
    line breaks become hard breaks.
    """
    pad = " " * indent
    lines = [escape_line(line) for line in str(text).replace("\r\n", "\n").replace("\r", "\n").strip("\n").split("\n")]
    out = []
    for index, line in enumerate(lines):
        continues = index + 1 < len(lines) and line and lines[index + 1]
        out.append(f"{pad}> {line}{HARD_BREAK if continues else ''}".rstrip())
    return "\n".join(out)
