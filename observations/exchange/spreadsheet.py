"""Provides CSV text that spreadsheets open as data: cells that would start a formula are defused.

Every CSV the tool writes (staff and action lists, the training report) goes
through here, so a name typed as ``=HYPERLINK(...)`` is shown, never run.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
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


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A header and rows as CSV (``\\n`` line ends), every cell through ``spreadsheet_cell``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([spreadsheet_cell(value) for value in row] for row in rows)
    return buffer.getvalue()
