"""Provides the one rule for a CSV cell a spreadsheet would run as a formula, for every CSV the tool writes.

It lives at the bottom layer so that the framework exports (Moodle CSV) and the
store's lists and reports (``observations.exchange.spreadsheet``) defuse alike:
a cell that starts a formula gets a leading apostrophe, which spreadsheets show
and do not run. ``undefused_cell`` reverses it when the tool reads its own CSV back.
"""

from __future__ import annotations

from typing import Any

SPREADSHEET_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What spreadsheet programs read as the start of a formula (OWASP's CSV injection list)."""


def spreadsheet_cell(value: Any) -> Any:
    """Text a spreadsheet would run as a formula gets a leading apostrophe; None becomes an empty cell."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(SPREADSHEET_FORMULA_START):
        return "'" + value
    return value


def undefused_cell(text: str) -> str:
    """A cell as it was before ``spreadsheet_cell``: the apostrophe before a formula start removed."""
    if text.startswith("'") and text[1:].startswith(SPREADSHEET_FORMULA_START):
        return text[1:]
    return text
