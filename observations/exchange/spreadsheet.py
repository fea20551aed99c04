"""Provides CSV text that spreadsheets open as data: cells that would start a formula are defused.

Every CSV the store writes (staff and action lists, the training report) goes
through here, and the Moodle framework export uses the same rule
(``standards.spreadsheet_cells``), so a name typed as ``=HYPERLINK(...)`` is
shown, never run.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from standards.spreadsheet_cells import SPREADSHEET_FORMULA_START, spreadsheet_cell

__all__ = ["SPREADSHEET_FORMULA_START", "csv_text", "spreadsheet_cell"]


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A header and rows as CSV (``\\n`` line ends), every cell through ``spreadsheet_cell``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([spreadsheet_cell(value) for value in row] for row in rows)
    return buffer.getvalue()
