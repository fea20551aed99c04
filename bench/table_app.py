"""Provides start-up's limit: the least a Textual app that shows a table of people can do.

A bare app draws one label; any app whose first screen is a list of people
pays for a DataTable (columns measured, rows rendered) and a footer of keys.
This app shows 40 rows of 6 columns with a footer, in the same interpreter,
and the start-up benchmark times it beside the product and the bare app: the
goal is the product within 1.3x this app, the ratio to the bare app is
reported beside it (``table_cost_apps`` says why the bare app cannot be the
limit).
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer

READY = "Table app ready"
ROWS = 40


class TableApp(App[None]):
    """A table of 40 rows and a footer; ctrl+q quits (Textual's default)."""

    def compose(self) -> ComposeResult:
        yield DataTable(cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        fill(self.query_one(DataTable), ROWS)


def fill(table: DataTable, rows: int) -> None:
    """Six columns, then ``rows`` rows, the first of them showing READY."""
    table.add_columns("Name", "Team", "Needs", "Overdue", "Last observed", "Role")
    table.add_row(READY, "North team", "0", "0", "never", "Personal Adviser")
    for number in range(1, rows):
        table.add_row(f"Person {number}", "North team", "1", "0", "2025-06-30", "Personal Adviser")


if __name__ == "__main__":
    TableApp().run()
