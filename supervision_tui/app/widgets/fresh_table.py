"""Provides FreshTable: a DataTable that redraws its cells when their columns' widths change after they were drawn.

DataTable (Textual 8) measures new and updated cells when it is next idle, and
caches each drawn cell by the table's update count, which measuring does not
change. When the screen refreshed before the table's idle (a busy machine, a
server with many sessions), the cells stayed drawn at the columns' old widths:
"Have the skills…" cut to "Have", "overdue 11 days" to "overdue 1", until
something else redrew the table. Seen in the snapshot tests and in the served
sessions' benchmark. All the app's tables are FreshTables.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.widgets import DataTable


class FreshTable(DataTable):
    """A DataTable whose drawn cells never outlive a change of their column widths."""

    def _update_dimensions(self, new_rows: Iterable) -> None:
        before = self._widths()
        super()._update_dimensions(new_rows)
        self._drop_stale_cells(before)

    def _update_column_widths(self, updated_cells: set) -> None:
        before = self._widths()
        super()._update_column_widths(updated_cells)
        self._drop_stale_cells(before)

    def _widths(self) -> list[int]:
        return [column.get_render_width(self) for column in self.columns.values()]

    def _drop_stale_cells(self, before: list[int]) -> None:
        if self._widths() != before:
            self._clear_caches()
            self.refresh()
