"""Provides how a status looks: a mark that reads without colour, a word, and a theme colour.

Colour alone fails colour-blind users and monochrome terminals, so every
status has its own character as well: ✗ need, ✓ met, ★ strength, · not yet
observed, with ↻ after a stale rating and ✎ before an unsaved draft.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.content import Content

from observations.vocabulary import MET, NEED, NOT_OBSERVED, STRENGTH

STALE_MARK = "↻"
DRAFT_MARK = "✎"
SAVED_MARK = "•"
OVERDUE_MARK = "!"


@dataclass(frozen=True)
class StatusLook:
    mark: str
    word: str
    style: str
    """A Textual style using theme variables, so it follows the theme."""


LOOKS = {
    NEED: StatusLook("✗", "need", "bold $error"),
    MET: StatusLook("✓", "met", "$success"),
    STRENGTH: StatusLook("★", "strength", "bold $accent"),
    NOT_OBSERVED: StatusLook("·", "not observed", "$text-muted"),
}
STALE_STYLE = "$warning"


def look(status: str) -> StatusLook:
    return LOOKS[status]


Parts = list[tuple[str, str]]


def status_parts(status: str, *, stale: bool = False, words: bool = True) -> Parts:
    """``✓ met ↻ stale``: the mark, optionally the word, and the stale flag, each with its style."""
    found = look(status)
    parts: Parts = [(found.mark, found.style)]
    if words:
        parts += [(" ", ""), (found.word, found.style)]
    if stale:
        parts += [(" " if words else "", ""), (STALE_MARK + (" stale" if words else ""), STALE_STYLE)]
    elif not words:
        parts.append((" ", ""))  # keeps the marks of stale and fresh ratings the same width in lists
    return parts


def rich_style(style: str, variables: dict[str, str]) -> str:
    """A Textual style for Rich (Tree and DataTable render Rich Text): theme variables become colours."""
    words = []
    for word in style.split():
        if word.startswith("$"):
            value = variables.get(word[1:], "")
            words.append(value if value.startswith("#") else "dim")
        else:
            words.append(word)
    return " ".join(words)


def rich_text(parts: Parts, variables: dict[str, str]) -> Text:
    """Rich Text from styled parts; the text is never read as markup, so user text is safe here."""
    return Text.assemble(*((text, rich_style(style, variables)) for text, style in parts))


def legend() -> Content:
    """One line explaining every mark, shown under the standards list."""
    parts: Parts = []
    for status in (NEED, MET, STRENGTH, NOT_OBSERVED):
        found = look(status)
        parts += [(found.mark, found.style), (f" {found.word}  ", "")]
    parts += [(STALE_MARK, STALE_STYLE), (" stale  ", ""), (DRAFT_MARK, "$warning"), (" unsaved  ", ""), (SAVED_MARK, "$success"), (" saved now", "")]
    return Content.assemble(*parts)
