"""Provides the table app taken apart: what importing a table costs, and what painting one costs, each on its own.

Issue 19 asked for start-up within 1.3x a one-label app. These two programs
say why no app whose first screen is a table can meet that: importing
Textual's DataTable and Footer costs almost nothing, while painting 40 rows
of 6 columns (no footer, no database, no framework) already costs 1.31x the
one-label app's instructions. ``startup_instructions`` counts both beside the
product, the bare app and the table app.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Label  # noqa: F401  (Footer: imported as the table app imports it)

from table_app import ROWS, fill

READY = "Table app ready"


class ImportedTableApp(App[None]):
    """The bare app's one label, with DataTable and Footer imported but neither shown."""

    READY = "Table imported, label shown"

    def compose(self) -> ComposeResult:
        yield Label(self.READY)


class PaintedTableApp(App[None]):
    """The table app's 40 rows without its footer: the table's first paint alone."""

    READY = READY

    def compose(self) -> ComposeResult:
        yield DataTable(cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        fill(self.query_one(DataTable), ROWS)
