"""Provides the one rule for showing user text on a terminal: control characters shown as ``\\xNN``, never obeyed.

Evidence and notes are stored exactly as typed, and an old or imported database
may hold names with escape sequences in them; printed raw, ``\\x1b]0;pwned\\x07``
would retitle the terminal and ``\\x1b[31m`` recolour it. The command line and
the Textual app both pass user text through here before it reaches the screen.
It lives at the bottom layer so framework problems use it too.
"""

from __future__ import annotations

import re

CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f-\x9f]")
"""C0 and C1 control characters, ESC among them."""


def _shown(found: re.Match[str]) -> str:
    return f"\\x{ord(found.group()):02x}"


def visible_line(text: str | None) -> str:
    """User text for one line of a terminal: every control character (line breaks too) shown as ``\\xNN``."""
    return CONTROL_CHARACTER.sub(_shown, text or "")


def visible_block(text: str | None) -> str:
    """Like ``visible_line`` but keeps line breaks, and tabs as four spaces, for multi-line evidence and notes."""
    return "\n".join(visible_line(line.replace("\t", "    ")) for line in (text or "").split("\n"))
